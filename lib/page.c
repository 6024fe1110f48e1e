/* page.c - the self-contained HTML shell of a report.
 *
 * The page is what a production manager forwards to their boss, so it has
 * to look finished: a header band with the plant and period, headline
 * tiles, white cards per section, quiet tables.  On paper (A4) the colour
 * band goes, each section starts a page, and nothing is cut across pages.
 * The CSS avoids '<' and '&' so the document stays well-formed XML.
 */
#include <string.h>

#include "page.h"
#include "svg.h"

static const char css[] =
	":root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#eef1f4;"
	"--card:#fff;--accent:#0072b2;--ok:#1a7f37;--warn:#b7791f;--alarm:#c62828}\n"
	"*{box-sizing:border-box}\n"
	"html{background:var(--bg)}\n"
	"body{margin:0;color:var(--ink);font:14px/1.45 system-ui,-apple-system,"
	"'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}\n"
	".top{background:#0f2a44;color:#fff;padding:22px 0 20px}\n"
	".wrap{max-width:1000px;margin:0 auto;padding:0 24px}\n"
	".top h1{margin:0;font-size:24px;font-weight:650;letter-spacing:-.01em}\n"
	".top p{margin:4px 0 0;color:#c7d3df}\n"
	"main{display:block;max-width:1000px;margin:0 auto;padding:6px 24px 24px}\n"
	"section{background:var(--card);border:1px solid var(--line);border-radius:8px;"
	"padding:18px 22px 14px;margin:18px 0;box-shadow:0 1px 2px rgba(15,42,68,.06)}\n"
	"h2{font-size:18px;font-weight:650;margin:0 0 4px}\n"
	"h2+p.intro{margin-top:0}\n"
	"p{margin:6px 0 10px}\n"
	"p.intro{color:var(--muted)}\n"
	".kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(205px,1fr));"
	"gap:12px;margin:10px 0 4px}\n"
	".kpi{border:1px solid var(--line);border-left:4px solid var(--muted);"
	"border-radius:6px;padding:9px 12px 8px;background:#fff}\n"
	".kpi .l{color:var(--muted);font-size:11.5px;text-transform:uppercase;"
	"letter-spacing:.05em}\n"
	".kpi .v{font-size:26px;font-weight:650;line-height:1.2;"
	"font-variant-numeric:tabular-nums}\n"
	".kpi .n{font-size:12px;color:var(--muted)}\n"
	".kpi svg{display:block;width:100%;height:26px;margin-top:4px}\n"
	".kpi.ok{border-left-color:var(--ok)}\n"
	".kpi.warn{border-left-color:var(--warn)}\n"
	".kpi.alarm{border-left-color:var(--alarm)}\n"
	".kpi.alarm .v{color:var(--alarm)}\n"
	"figure{margin:12px 0 8px}\n"
	"figure svg{display:block;width:100%;height:auto}\n"
	"figcaption{font-size:12px;color:var(--muted);margin-top:2px}\n"
	".row{display:grid;grid-template-columns:1fr 1fr;gap:18px}\n"
	".row figure{margin:8px 0}\n"
	"table.tab{border-collapse:collapse;width:100%;font-size:13px;margin:10px 0}\n"
	"table.tab caption{text-align:left;font-weight:600;padding:0 0 6px}\n"
	"table.tab th{text-align:left;font-weight:600;font-size:11.5px;color:var(--muted);"
	"text-transform:uppercase;letter-spacing:.04em;border-bottom:2px solid var(--line);"
	"padding:6px 8px}\n"
	"table.tab td{border-bottom:1px solid var(--line);padding:6px 8px;vertical-align:top}\n"
	"table.tab tbody tr:nth-child(even){background:#f9fafb}\n"
	"table.tab .r{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	"table.tab .c{text-align:center}\n"
	".st{display:inline-block;padding:0 8px;border-radius:9px;font-size:12px;"
	"font-weight:600;background:#e5e7eb;color:#374151}\n"
	".st-ok{background:#dcfce7;color:#166534}\n"
	".st-warn,.st-warning,.st-reorder,.st-low{background:#fef3c7;color:#92400e}\n"
	".st-alarm,.st-critical,.st-fault{background:#fee2e2;color:#991b1b}\n"
	".note{border-left:4px solid var(--muted);background:#f9fafb;padding:10px 14px;"
	"margin:10px 0;border-radius:4px}\n"
	".note.warn{border-left-color:var(--warn);background:#fffbeb}\n"
	".note.alarm{border-left-color:var(--alarm);background:#fef2f2}\n"
	".note.ok{border-left-color:var(--ok);background:#f0fdf4}\n"
	"footer{max-width:1000px;margin:0 auto;padding:0 24px 28px;color:var(--muted);"
	"font-size:12px}\n"
	"@media screen and (max-width:760px){.row{grid-template-columns:1fr}"
	".top h1{font-size:20px}section{padding:14px}}\n"
	"@page{size:A4;margin:12mm 12mm 14mm}\n"
	"@media print{\n"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	"html,body{background:#fff;font-size:10pt}\n"
	".top{background:#fff;color:var(--ink);padding:0 0 6px;border-bottom:2px solid #0f2a44}\n"
	".top p{color:var(--muted)}\n"
	".wrap,main,footer{max-width:none;padding-left:0;padding-right:0}\n"
	"section{border:0;border-radius:0;box-shadow:none;padding:0;margin:14px 0 0;"
	"break-before:page}\n"
	"section.first{break-before:auto}\n"
	"h2{break-after:avoid}\n"
	".kpis{grid-template-columns:repeat(4,1fr);gap:8px}\n"
	".kpi .v{font-size:20px}\n"
	"figure,.kpi,.note,table.tab tr{break-inside:avoid}\n"
	"table.tab thead{display:table-header-group}\n"
	"footer{padding-top:10px}\n"
	"}\n";

int
i40_page_begin(struct i40_page *p, FILE *f, struct i40_err *err)
{
	p->f = f;
	p->nsec = 0;
	p->in_sec = 0;
	p->in_row = 0;
	fputs("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"", f);
	i40_svg_esc(f, p->lang ? p->lang : "en");
	fputs("\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
	      "<meta name=\"generator\" content=\"i40-report\"/>\n<title>", f);
	i40_svg_esc(f, p->title ? p->title : "i40 report");
	fputs("</title>\n<style>\n", f);
	fputs(css, f);
	fputs("</style>\n</head>\n<body>\n<header class=\"top\"><div class=\"wrap\">\n<h1>", f);
	i40_svg_esc(f, p->title ? p->title : "i40 report");
	fputs("</h1>\n", f);
	if (p->subtitle) {
		fputs("<p>", f);
		i40_svg_esc(f, p->subtitle);
		fputs("</p>\n", f);
	}
	fputs("</div></header>\n<main>\n", f);
	if (ferror(f))
		return i40_err_set(err, I40_ERR_IO, "cannot write the page");
	return 0;
}

static void
close_row(struct i40_page *p)
{
	if (p->in_row) {
		fputs("</div>\n", p->f);
		p->in_row = 0;
	}
}

static void
close_section(struct i40_page *p)
{
	close_row(p);
	if (p->in_sec) {
		fputs("</section>\n", p->f);
		p->in_sec = 0;
	}
}

void
i40_page_section(struct i40_page *p, const char *title, const char *intro)
{
	close_section(p);
	p->nsec++;
	fprintf(p->f, "<section%s aria-labelledby=\"s%d\">\n<h2 id=\"s%d\">",
		p->nsec == 1 ? " class=\"first\"" : "", p->nsec, p->nsec);
	i40_svg_esc(p->f, title);
	fputs("</h2>\n", p->f);
	if (intro) {
		fputs("<p class=\"intro\">", p->f);
		i40_svg_esc(p->f, intro);
		fputs("</p>\n", p->f);
	}
	p->in_sec = 1;
}

static const char *
level_class(enum i40_level l)
{
	switch (l) {
	case I40_LVL_ALARM: return "alarm";
	case I40_LVL_WARN: return "warn";
	case I40_LVL_TARGET: return "ok";
	default: return "info";
	}
}

void
i40_page_kpis(struct i40_page *p, const struct i40_kpi *k, size_t n)
{
	struct i40_err err;

	fputs("<div class=\"kpis\">\n", p->f);
	for (size_t i = 0; i < n; i++) {
		fprintf(p->f, "<div class=\"kpi %s\"><div class=\"l\">", level_class(k[i].level));
		i40_svg_esc(p->f, k[i].label);
		fputs("</div><div class=\"v\">", p->f);
		i40_svg_esc(p->f, k[i].value);
		fputs("</div>", p->f);
		if (k[i].note) {
			fputs("<div class=\"n\">", p->f);
			i40_svg_esc(p->f, k[i].note);
			fputs("</div>", p->f);
		}
		if (k[i].spark && k[i].nspark > 1) {
			fputc('\n', p->f);
			i40_chart_spark(p->f, k[i].spark, k[i].nspark, 180, 26, k[i].label, &err);
		}
		fputs("</div>\n", p->f);
	}
	fputs("</div>\n", p->f);
}

void
i40_page_text(struct i40_page *p, const char *text)
{
	fputs("<p>", p->f);
	i40_svg_esc(p->f, text);
	fputs("</p>\n", p->f);
}

void
i40_page_note(struct i40_page *p, enum i40_level level, const char *text)
{
	fprintf(p->f, "<p class=\"note %s\">", level_class(level));
	i40_svg_esc(p->f, text);
	fputs("</p>\n", p->f);
}

void
i40_page_row(struct i40_page *p)
{
	close_row(p);
	fputs("<div class=\"row\">\n", p->f);
	p->in_row = 1;
}

void
i40_page_row_end(struct i40_page *p)
{
	close_row(p);
}

void
i40_page_figure_begin(struct i40_page *p)
{
	fputs("<figure>\n", p->f);
}

void
i40_page_figure_end(struct i40_page *p, const char *caption)
{
	if (caption) {
		fputs("<figcaption>", p->f);
		i40_svg_esc(p->f, caption);
		fputs("</figcaption>\n", p->f);
	}
	fputs("</figure>\n", p->f);
}

int
i40_page_end(struct i40_page *p, struct i40_err *err)
{
	close_section(p);
	fputs("</main>\n", p->f);
	if (p->footer) {
		fputs("<footer>", p->f);
		i40_svg_esc(p->f, p->footer);
		fputs("</footer>\n", p->f);
	}
	fputs("</body>\n</html>\n", p->f);
	if (ferror(p->f))
		return i40_err_set(err, I40_ERR_IO, "cannot write the page");
	return 0;
}
