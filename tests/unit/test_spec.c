/* test_spec.c - spectra against analytic truth, and the CWRU bearings.
 *
 * Synthetic signals have known spectra: a tone's amplitude and power, a
 * window's scalloping loss from its closed-form frequency response, an
 * AM signal's envelope.  The real case (tests/data/cwru, see its README)
 * checks that the envelope spectrum separates inner- and outer-race
 * faults from a healthy bearing by the margins measured on these records.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "spec.h"
#include "testutil.h"

static void
tone(double *x, size_t n, double fs, double a, double f, double phase)
{
	size_t k;

	for (k = 0; k < n; k++)
		x[k] = a * sin(2 * M_PI * f * (double)k / fs + phase);
}

/* A sine of amplitude 3 at 50 Hz, 1000 samples at 1 kHz: on bin 50.
 * Every taper reads amplitude 3 there (coherent gain corrected), the
 * power around it is 3^2/2 = 4.5, the centroid is 50 Hz (the main lobe
 * is symmetric), and with no taper all power is in one bin: entropy 0. */
static void
tone_on_bin(void **state)
{
	static double x[1000];
	struct i40_spec s;
	int t;

	(void)state;
	i40_spec_init(&s);
	tone(x, 1000, 1000, 3, 50, 0.4);
	for (t = I40_TAPER_RECT; t <= I40_TAPER_FLATTOP; t++) {
		assert_int_equal(i40_spec_compute(&s, x, 1000, 1000, t, NULL), 0);
		assert_int_equal(s.nbins, 501);
		assert_near(s.df, 1, 0, "bin spacing");
		assert_near(i40_spec_amp_at(&s, 50, 0), 3, 1e-9, i40_taper_name(t));
		assert_near(i40_spec_dominant(&s), 50, 1e-6, "dominant");
		assert_near(i40_spec_band_power(&s, 45, 55), 4.5, 1e-9, "band power");
		assert_near(i40_spec_band_power(&s, 0, 500), 4.5, 1e-9, "total power");
		assert_near(i40_spec_band_power(&s, 100, 500), 0, 1e-12, "power elsewhere");
		assert_near(i40_spec_centroid(&s), 50, 1e-9, "centroid");
	}
	assert_int_equal(i40_spec_compute(&s, x, 1000, 1000, I40_TAPER_RECT, NULL), 0);
	assert_near(i40_spec_entropy(&s), 0, 1e-9, "entropy of a tone");
	i40_spec_free(&s);
}

/* Amplitude response of a cosine-sum window a0 - a1 cos + a2 cos2 ...
 * to a tone d bins off a bin centre, relative to on-bin, for large n.
 * Centred on its peak the window is a0 + a1 cos + a2 cos2 + ..., each
 * cosine a pair of lines m bins either side, so the response is
 * a0 sinc(d) + sum_m a_m/2 [sinc(d - m) + sinc(d + m)], over a0. */
static double
sinc(double x)
{
	return x == 0 ? 1 : sin(M_PI * x) / (M_PI * x);
}

static double
response(const double *a, double d)
{
	double r = a[0] * sinc(d);
	int m;

	for (m = 1; m < 5; m++)
		r += a[m] / 2 * (sinc(d - m) + sinc(d + m));
	return r / a[0];
}

/* Half a bin off (250.5 Hz, far from DC so the image at -f adds < 0.1%):
 * the scalloping loss is the textbook one (Harris 1978: rect 3.92 dB,
 * Hann 1.42, Blackman 1.10; flat-top < 0.01 dB), computed here from the
 * window's response.  Tolerance 0.2% relative: sinc vs the discrete
 * Dirichlet kernel (~1/n^2) and the image leakage. */
static void
scalloping(void **state)
{
	static const double coef[5][5] = {
		{1, 0, 0, 0, 0}, {0.5, 0.5, 0, 0, 0}, {0.54, 0.46, 0, 0, 0},
		{0.42, 0.5, 0.08, 0, 0},
		{0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368}};
	static double x[1000];
	struct i40_spec s;
	int t;

	(void)state;
	i40_spec_init(&s);
	tone(x, 1000, 1000, 2, 250.5, 0.3);
	for (t = I40_TAPER_RECT; t <= I40_TAPER_FLATTOP; t++) {
		double want = 2 * response(coef[t], 0.5);

		i40_spec_compute(&s, x, 1000, 1000, t, NULL);
		assert_near(i40_spec_amp_at(&s, 250.5, 1), want, 0.002 * want, i40_taper_name(t));
	}
	/* Harris' figures, 0.02 dB tolerance */
	assert_near(-20 * log10(response(coef[0], 0.5)), 3.92, 0.02, "rect loss dB");
	assert_near(-20 * log10(response(coef[1], 0.5)), 1.42, 0.02, "hann loss dB");
	assert_near(-20 * log10(response(coef[3], 0.5)), 1.10, 0.02, "blackman loss dB");
	assert_true(-20 * log10(response(coef[4], 0.5)) < 0.01);
	i40_spec_free(&s);
}

/* Off-bin tones: with Hann, the log-parabola interpolation puts the
 * dominant frequency within 0.02 bin (its bias for Hann is < 0.017 bin,
 * measured over the offsets 0..0.5 in 0.05 steps); power in a band
 * around the tone is still A^2/2 (Hann leakage beyond +-10 bins is
 * below 1e-5 of the tone). */
static void
tone_off_bin(void **state)
{
	static double x[1000];
	struct i40_spec s;
	double d;

	(void)state;
	i40_spec_init(&s);
	for (d = 0; d <= 0.5; d += 0.1) {
		tone(x, 1000, 1000, 2, 80 + d, 1.1);
		i40_spec_compute(&s, x, 1000, 1000, I40_TAPER_HANN, NULL);
		assert_near(i40_spec_dominant(&s), 80 + d, 0.02, "dominant (hann)");
		assert_near(i40_spec_band_power(&s, 70, 90), 2.0, 2.0 * 1e-4, "band power (hann)");
	}
	i40_spec_free(&s);
}

/* Two tones: 1.0 at 100 Hz and 2.0 at 300 Hz.  Band powers 0.5 and 2.0;
 * power-weighted centroid (100*0.5 + 300*2)/2.5 = 260 Hz; dominant 300. */
static void
two_tones(void **state)
{
	static double x[2000], y[2000];
	struct i40_spec s;
	size_t k;

	(void)state;
	i40_spec_init(&s);
	tone(x, 2000, 2000, 1, 100, 0);
	tone(y, 2000, 2000, 2, 300, 0.5);
	for (k = 0; k < 2000; k++)
		x[k] += y[k] + 7.5;   /* an offset, which the mean removal drops */
	i40_spec_compute(&s, x, 2000, 2000, I40_TAPER_HANN, NULL);
	assert_near(i40_spec_band_power(&s, 95, 105), 0.5, 1e-9, "100 Hz band");
	assert_near(i40_spec_band_power(&s, 295, 305), 2.0, 1e-9, "300 Hz band");
	assert_near(i40_spec_centroid(&s), 260, 1e-6, "centroid");
	assert_near(i40_spec_dominant(&s), 300, 1e-6, "dominant");
	assert_near(i40_spec_amp_at(&s, 100, 2), 1, 1e-9, "amplitude at 100 Hz");
	assert_near(i40_spec_amp_at(&s, 0, 0), 0, 1e-9, "DC after mean removal");
	i40_spec_free(&s);
}

/* White Gaussian noise, sigma 2, 4096 samples (any n: 4096 = 2^12 here,
 * 4095 below).  Rectangular taper: Parseval makes the total power the
 * mean square about the mean exactly (computed here directly).  The
 * half band [0, fs/4] holds half of it within 4 standard errors
 * (each bin ~ exponential: SE of a sum of 1024 bins ~ 1/sqrt(1024) = 3%).
 * Spectral entropy of a white periodogram: E[H] ~ ln N - (1 - gamma),
 * normalised 1 - 0.4228/ln 2048 = 0.945; asserted in [0.92, 0.97]. */
static void
white_noise(void **state)
{
	static double x[4096];
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	struct i40_spec s;
	double mean = 0, ms = 0, tot;
	size_t k, n;

	(void)state;
	gsl_rng_set(r, 3);
	i40_spec_init(&s);
	for (n = 4096; n >= 4095; n--) {
		for (k = 0; k < n; k++)
			x[k] = gsl_ran_gaussian(r, 2.0);
		mean = ms = 0;
		for (k = 0; k < n; k++)
			mean += x[k] / (double)n;
		for (k = 0; k < n; k++)
			ms += (x[k] - mean) * (x[k] - mean) / (double)n;
		assert_int_equal(i40_spec_compute(&s, x, n, 1000, I40_TAPER_RECT, NULL), 0);
		tot = i40_spec_band_power(&s, 0, 500);
		assert_near(tot, ms, 1e-12 * ms, "Parseval");
		assert_near(i40_spec_band_power(&s, 0, 250) / tot, 0.5, 4 * 0.5 / 32, "half band");
		assert_true(i40_spec_entropy(&s) > 0.92 && i40_spec_entropy(&s) < 0.97);
		/* With Hann the total is the variance to within the estimate's noise. */
		i40_spec_compute(&s, x, n, 1000, I40_TAPER_HANN, NULL);
		assert_near(i40_spec_band_power(&s, 0, 500), 4.0, 4 * 4.0 * sqrt(2.0 / 4096) * 1.5, "hann total");
	}
	i40_spec_free(&s);
	gsl_rng_free(r);
}

/* AM: (1 + 0.5 cos 2pi 100 t) cos 2pi 2000 t plus a strong 300 Hz tone
 * outside the band.  Band-pass 1500-2500 Hz and demodulate: the
 * envelope is 1 + 0.5 cos 2pi 100 t, so its spectrum reads 0.5 at
 * 100 Hz (all components on bins, rectangular taper: exact to rounding)
 * and nothing at 300 Hz: the interfering tone is outside the band. */
static void
envelope_am(void **state)
{
	static double x[12000];
	struct i40_spec s;
	size_t k;

	(void)state;
	i40_spec_init(&s);
	for (k = 0; k < 12000; k++) {
		double t = (double)k / 12000;

		x[k] = (1 + 0.5 * cos(2 * M_PI * 100 * t)) * cos(2 * M_PI * 2000 * t)
		       + 5 * sin(2 * M_PI * 300 * t);
	}
	assert_int_equal(i40_spec_envelope(&s, x, 12000, 12000, 1500, 2500, I40_TAPER_RECT, NULL), 0);
	assert_near(i40_spec_amp_at(&s, 100, 0), 0.5, 1e-9, "envelope line");
	assert_near(i40_spec_amp_at(&s, 300, 0), 0, 1e-9, "out-of-band tone");
	assert_near(i40_spec_dominant(&s), 100, 1e-6, "envelope dominant");
	/* The envelope itself: mean 1 (removed), swing +-0.5. */
	assert_near(s.env[0], 1.5, 1e-9, "envelope at t=0");
	assert_near(s.env[60], 0.5, 1e-9, "envelope at half a modulation period");
	/* A pure carrier has a flat envelope: no line anywhere. */
	for (k = 0; k < 12000; k++)
		x[k] = 3 * cos(2 * M_PI * 2000 * (double)k / 12000);
	i40_spec_envelope(&s, x, 12000, 12000, 1500, 2500, I40_TAPER_HANN, NULL);
	assert_near(i40_spec_band_power(&s, 0, 6000), 0, 1e-18, "flat envelope");
	assert_true(isnan(i40_spec_dominant(&s)) || i40_spec_amp_at(&s, i40_spec_dominant(&s), 0) < 1e-9);
	i40_spec_free(&s);
}

/* SKF 6205-2RS JEM (the CWRU drive-end bearing): 9 balls, 0.3126 in
 * balls, 1.537 in pitch, 0 degrees.  CWRU lists the defect frequencies
 * as multiples of shaft speed: BPFI 5.4152, BPFO 3.5848, FTF 0.39828,
 * ball 4.7135 (= 2 * BSF).  Tolerance 1e-4 relative (their rounding and
 * inch dimensions). */
static void
bearing_6205(void **state)
{
	const struct i40_bearing b = {9, 0.3126, 1.537, 0};
	struct i40_bearing_freq f;
	const double fr = 29.95; /* 1797 rpm */

	(void)state;
	assert_int_equal(i40_bearing_freqs(&b, fr, &f, NULL), 0);
	assert_near(f.bpfi / fr, 5.4152, 5.4152e-4 * 0.2, "BPFI");
	assert_near(f.bpfo / fr, 3.5848, 3.5848e-4 * 0.2, "BPFO");
	assert_near(f.ftf / fr, 0.39828, 0.39828e-4, "FTF");
	assert_near(2 * f.bsf / fr, 4.7135, 4.7135e-4 * 0.2, "2 BSF");
	/* the manifest's Hz at 1797 rpm */
	assert_near(f.bpfi, 162.19, 0.01, "BPFI Hz");
	assert_near(f.bpfo, 107.36, 0.01, "BPFO Hz");
}

/* Angular contact, by hand: 12 balls, d 10, D 50, 30 degrees, 25 Hz:
 * r = 0.2 cos 30 = 0.1732051; FTF = 12.5 (1 - r) = 10.334936;
 * BPFO = 12 FTF = 124.01924; BPFI = 150 (1 + r) = 175.98076;
 * BSF = 50/20 * 25 (1 - r^2) = 62.5 * 0.97 = 60.625. */
static void
bearing_angular(void **state)
{
	const struct i40_bearing b = {12, 10, 50, 30};
	struct i40_bearing_freq f;
	struct i40_err e;
	struct i40_bearing bad = b;

	(void)state;
	assert_int_equal(i40_bearing_freqs(&b, 25, &f, NULL), 0);
	assert_near(f.ftf, 10.334936, 1e-6, "FTF");
	assert_near(f.bpfo, 124.01924, 1e-5, "BPFO");
	assert_near(f.bpfi, 175.98076, 1e-5, "BPFI");
	assert_near(f.bsf, 60.625, 1e-9, "BSF");
	bad.ball_d = 60;
	assert_int_equal(i40_bearing_freqs(&bad, 25, &f, &e), -1);
	assert_int_equal(e.kind, I40_ERR_CONFIG);
	bad = b;
	bad.balls = 0;
	assert_int_equal(i40_bearing_freqs(&bad, 25, &f, &e), -1);
	assert_int_equal(i40_bearing_freqs(&b, 0, &f, &e), -1);
	bad = b;
	bad.contact_deg = 90;
	assert_int_equal(i40_bearing_freqs(&bad, 25, &f, &e), -1);
}

static void
tapers_and_errors(void **state)
{
	enum i40_taper t;
	struct i40_err e;
	struct i40_spec s;
	double w[8], x[4] = {1, 2, NAN, 4};

	(void)state;
	assert_int_equal(i40_taper_parse("Hann", &t, NULL), 0);
	assert_int_equal(t, I40_TAPER_HANN);
	assert_int_equal(i40_taper_parse("hanning", &t, NULL), 0);
	assert_int_equal(i40_taper_parse("flat-top", &t, NULL), 0);
	assert_int_equal(t, I40_TAPER_FLATTOP);
	assert_int_equal(i40_taper_parse("none", &t, NULL), 0);
	assert_int_equal(t, I40_TAPER_RECT);
	assert_int_equal(i40_taper_parse("kaiser", &t, &e), -1);
	assert_non_null(strstr(e.msg, "kaiser"));
	assert_string_equal(i40_taper_name(I40_TAPER_BLACKMAN), "blackman");
	/* Periodic Hann of 8: 0, 0.1464, 0.5, 0.8536, 1, ... */
	i40_taper_fill(I40_TAPER_HANN, w, 8);
	assert_near(w[0], 0, 1e-15, "hann[0]");
	assert_near(w[2], 0.5, 1e-15, "hann[2]");
	assert_near(w[4], 1, 1e-15, "hann[4]");
	assert_near(w[1], 0.5 - 0.5 * cos(M_PI / 4), 1e-15, "hann[1]");

	i40_spec_init(&s);
	assert_int_equal(i40_spec_compute(&s, x, 4, 100, I40_TAPER_HANN, &e), -1);
	assert_int_equal(e.kind, I40_ERR_DATA);
	assert_int_equal(i40_spec_compute(&s, x, 1, 100, I40_TAPER_HANN, &e), -1);
	assert_int_equal(i40_spec_compute(&s, x, 2, 0, I40_TAPER_HANN, &e), -1);
	assert_int_equal(e.kind, I40_ERR_CONFIG);
	x[2] = 3;
	assert_int_equal(i40_spec_envelope(&s, x, 4, 100, 30, 60, I40_TAPER_HANN, &e), -1);
	assert_int_equal(e.kind, I40_ERR_CONFIG);
	assert_int_equal(i40_spec_envelope(&s, x, 4, 100, 30, 20, I40_TAPER_HANN, &e), -1);
	/* A constant window: no power, so no dominant, centroid, entropy. */
	x[0] = x[1] = x[2] = x[3] = 5;
	assert_int_equal(i40_spec_compute(&s, x, 4, 100, I40_TAPER_RECT, NULL), 0);
	assert_true(isnan(i40_spec_dominant(&s)));
	assert_true(isnan(i40_spec_centroid(&s)));
	assert_true(isnan(i40_spec_entropy(&s)));
	assert_true(isnan(i40_spec_amp_at(&s, 80, 1)));
	i40_spec_free(&s);
}

/* ---- CWRU bearing records ---------------------------------------- */

/* The value column of a ts,asset,signal,value file (the record layer is
 * not on main yet: a few lines of stdio). */
static size_t
read_values(const char *name, double *x, size_t max)
{
	char path[1024], line[256];
	const char *top = getenv("I40_TOP");
	FILE *f;
	size_t n = 0;

	snprintf(path, sizeof path, "%s/tests/data/cwru/%s.csv", top ? top : ".", name);
	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("cannot open %s (run from the top of the tree or set I40_TOP)", path);
	if (fgets(line, sizeof line, f) == NULL)
		fail_msg("%s is empty", path);
	while (n < max && fgets(line, sizeof line, f)) {
		const char *c = strrchr(line, ',');

		if (c == NULL)
			fail_msg("%s: line %zu has no value", path, n + 2);
		x[n++] = strtod(c + 1, NULL);
	}
	fclose(f);
	return n;
}

struct env_amps {
	double bpfi[2], bpfo[2], dom[2];
};

/* Envelope spectrum of each 1 s half of a 2 s record (12 kHz): band
 * 2-5 kHz around the rig's resonances (the data README's choice), Hann,
 * amplitude at the defect frequencies from the bearing geometry at the
 * manifest's shaft speed, searched within +-2 Hz (speed varies by a few
 * tenths of a percent: the inner-race line is at 161.65 Hz, not 162.19). */
static void
envelope_of(const char *name, double shaft_hz, struct env_amps *out)
{
	static double x[24000];
	const struct i40_bearing b6205 = {9, 0.3126, 1.537, 0};
	struct i40_bearing_freq bf;
	struct i40_spec s;
	int h;

	assert_int_equal(read_values(name, x, 24000), 24000);
	assert_int_equal(i40_bearing_freqs(&b6205, shaft_hz, &bf, NULL), 0);
	i40_spec_init(&s);
	for (h = 0; h < 2; h++) {
		assert_int_equal(i40_spec_envelope(&s, x + 12000 * h, 12000, 12000, 2000, 5000,
						   I40_TAPER_HANN, NULL), 0);
		out->bpfi[h] = i40_spec_amp_at(&s, bf.bpfi, 2);
		out->bpfo[h] = i40_spec_amp_at(&s, bf.bpfo, 2);
		out->dom[h] = i40_spec_dominant(&s);
	}
	i40_spec_free(&s);
}

/* Measured on these records (g, envelope amplitude; both halves):
 *                  at BPFI           at BPFO
 *   normal         0.0014, 0.0021    0.0014, 0.0013
 *   inner race     0.1714, 0.1718    0.0079, 0.0050
 *   outer race     0.0094, 0.0123    0.6321, 0.5874
 * Inner race over the worse normal half at BPFI: >= 81x; outer race
 * over the worse normal half at BPFO: >= 408x.  Asserted with half those margins (40x and 200x) so
 * that a change of method that still separates the faults clearly
 * passes, one that blurs them fails.  The fault's own line also
 * dominates the envelope spectrum (measured 161.65 Hz and 107.62 Hz,
 * asserted within 0.5 Hz) and beats the other race's frequency (measured
 * >= 22x for the inner race, >= 48x for the outer: asserted 10x). */
static void
cwru_envelope(void **state)
{
	struct env_amps normal, inner, outer;
	int h;

	(void)state;
	envelope_of("cwru-normal-0hp-12k", 29.933, &normal);
	envelope_of("cwru-ir007-0hp", 29.950, &inner);
	envelope_of("cwru-or007at6-0hp", 29.933, &outer);
	for (h = 0; h < 2; h++) {
		double worst_normal_i = fmax(normal.bpfi[0], normal.bpfi[1]);
		double worst_normal_o = fmax(normal.bpfo[0], normal.bpfo[1]);

		print_message("half %d: BPFI normal %.4f inner %.4f (x%.0f); "
			      "BPFO normal %.4f outer %.4f (x%.0f)\n", h,
			      normal.bpfi[h], inner.bpfi[h], inner.bpfi[h] / worst_normal_i,
			      normal.bpfo[h], outer.bpfo[h], outer.bpfo[h] / worst_normal_o);
		assert_true(inner.bpfi[h] > 40 * worst_normal_i);
		assert_true(outer.bpfo[h] > 200 * worst_normal_o);
		assert_true(inner.bpfi[h] > 10 * inner.bpfo[h]);
		assert_true(outer.bpfo[h] > 10 * outer.bpfi[h]);
		assert_near(inner.dom[h], 161.65, 0.5, "inner race envelope peak");
		assert_near(outer.dom[h], 107.62, 0.5, "outer race envelope peak");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tone_on_bin),
		cmocka_unit_test(scalloping),
		cmocka_unit_test(tone_off_bin),
		cmocka_unit_test(two_tones),
		cmocka_unit_test(white_noise),
		cmocka_unit_test(envelope_am),
		cmocka_unit_test(bearing_6205),
		cmocka_unit_test(bearing_angular),
		cmocka_unit_test(tapers_and_errors),
		cmocka_unit_test(cwru_envelope),
	};

	gsl_set_error_handler_off();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
