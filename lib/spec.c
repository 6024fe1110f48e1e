/* spec.c - amplitude and power spectra, envelope analysis, bearing
 * defect frequencies (see spec.h for the scalings and their meaning).
 *
 * GSL's mixed-radix FFT takes any n, so a window of 1000 or 12000
 * samples is transformed as it is: no zero padding to a power of two,
 * which would change the bin spacing and smear the amplitude of tones.
 * FFT tables are kept in the struct and rebuilt only when n changes,
 * since a program computes the same window length over and over.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_math.h>

#include "spec.h"

/* Cosine-sum coefficients a0..a4: w = a0 - a1 cos + a2 cos2 - a3 cos3 + a4 cos4.
 * Flat-top: the five-term window of MATLAB's flattopwin (D'Antona and
 * Ferrero), amplitude error under 0.01 dB between bins. */
static const struct {
	const char *name;
	const char *alias;
	double a[5];
} tapers[] = {
	[I40_TAPER_RECT] = {"rect", "rectangular", {1, 0, 0, 0, 0}},
	[I40_TAPER_HANN] = {"hann", "hanning", {0.5, 0.5, 0, 0, 0}},
	[I40_TAPER_HAMMING] = {"hamming", NULL, {0.54, 0.46, 0, 0, 0}},
	[I40_TAPER_BLACKMAN] = {"blackman", NULL, {0.42, 0.5, 0.08, 0, 0}},
	[I40_TAPER_FLATTOP] = {"flattop", "flat-top",
		{0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368}},
};
#define NTAPERS (sizeof tapers / sizeof tapers[0])

int
i40_taper_parse(const char *name, enum i40_taper *t, struct i40_err *err)
{
	size_t i;

	if (strcasecmp(name, "none") == 0) {
		*t = I40_TAPER_RECT;
		return 0;
	}
	for (i = 0; i < NTAPERS; i++)
		if (strcasecmp(name, tapers[i].name) == 0 ||
		    (tapers[i].alias && strcasecmp(name, tapers[i].alias) == 0)) {
			*t = (enum i40_taper)i;
			return 0;
		}
	return i40_err_set(err, I40_ERR_CONFIG,
			   "unknown window function \"%s\" (expected rect, hann, hamming, "
			   "blackman or flattop)", name);
}

const char *
i40_taper_name(enum i40_taper t)
{
	return (size_t)t < NTAPERS ? tapers[t].name : "?";
}

void
i40_taper_fill(enum i40_taper t, double *w, size_t n)
{
	const double *a = tapers[(size_t)t < NTAPERS ? t : I40_TAPER_RECT].a;
	size_t k;

	/* Periodic form (divide by n, not n-1): the right one for spectral
	 * analysis, where the window is one period of a DFT-even sequence. */
	for (k = 0; k < n; k++) {
		double x = 2 * M_PI * (double)k / (double)n;

		w[k] = a[0] - a[1] * cos(x) + a[2] * cos(2 * x) - a[3] * cos(3 * x)
		       + a[4] * cos(4 * x);
	}
}

void
i40_spec_init(struct i40_spec *s)
{
	memset(s, 0, sizeof *s);
	s->taper_kind = -1;
}

static void
free_plans(struct i40_spec *s)
{
	if (s->rwt)
		gsl_fft_real_wavetable_free(s->rwt);
	if (s->rws)
		gsl_fft_real_workspace_free(s->rws);
	if (s->cwt)
		gsl_fft_complex_wavetable_free(s->cwt);
	if (s->cws)
		gsl_fft_complex_workspace_free(s->cws);
	free(s->amp);
	free(s->pow);
	free(s->buf);
	free(s->cbuf);
	free(s->env);
	free(s->taper);
	s->rwt = NULL;
	s->rws = NULL;
	s->cwt = NULL;
	s->cws = NULL;
	s->amp = s->pow = s->buf = s->cbuf = s->env = s->taper = NULL;
	s->plan_n = 0;
	s->taper_kind = -1;
}

void
i40_spec_free(struct i40_spec *s)
{
	free_plans(s);
	s->n = s->nbins = 0;
}

static int
nomem(struct i40_spec *s, size_t n, struct i40_err *err)
{
	free_plans(s);
	return i40_err_set(err, I40_ERR_NOMEM, "out of memory for a spectrum of %zu samples", n);
}

/* Tables and buffers for length n; complex ones only when asked. */
static int
prepare(struct i40_spec *s, size_t n, int complex, struct i40_err *err)
{
	if (s->plan_n != n) {
		free_plans(s);
		s->rwt = gsl_fft_real_wavetable_alloc(n);
		s->rws = gsl_fft_real_workspace_alloc(n);
		s->amp = malloc((n / 2 + 1) * sizeof *s->amp);
		s->pow = malloc((n / 2 + 1) * sizeof *s->pow);
		s->buf = malloc(n * sizeof *s->buf);
		s->taper = malloc(n * sizeof *s->taper);
		if (!s->rwt || !s->rws || !s->amp || !s->pow || !s->buf || !s->taper)
			return nomem(s, n, err);
		s->plan_n = n;
	}
	if (complex && s->cwt == NULL) {
		s->cwt = gsl_fft_complex_wavetable_alloc(n);
		s->cws = gsl_fft_complex_workspace_alloc(n);
		s->cbuf = malloc(2 * n * sizeof *s->cbuf);
		s->env = malloc(n * sizeof *s->env);
		if (!s->cwt || !s->cws || !s->cbuf || !s->env)
			return nomem(s, n, err);
	}
	return 0;
}

static int
check_input(const double *x, size_t n, double fs, struct i40_err *err)
{
	size_t i;

	if (n < 2)
		return i40_err_set(err, I40_ERR_DATA,
				   "a spectrum needs at least 2 samples, the window has %zu", n);
	if (!(fs > 0) || !isfinite(fs))
		return i40_err_set(err, I40_ERR_CONFIG,
				   "sampling rate must be a positive number of Hz, not %g", fs);
	for (i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return i40_err_set(err, I40_ERR_DATA,
					   "sample %zu of the window is missing or not finite: "
					   "a waveform with a hole has no spectrum", i + 1);
	return 0;
}

/* Real and imaginary part of bin k of GSL's half-complex output. */
static void
bin(const double *hc, size_t n, size_t k, double *re, double *im)
{
	if (k == 0) {
		*re = hc[0];
		*im = 0;
	} else if (2 * k == n) {
		*re = hc[n - 1];
		*im = 0;
	} else {
		*re = hc[2 * k - 1];
		*im = hc[2 * k];
	}
}

static double
mean_of(const double *x, size_t n)
{
	double m = 0;
	size_t i;

	/* Running mean: no overflow or large partial sums. */
	for (i = 0; i < n; i++)
		m += (x[i] - m) / (double)(i + 1);
	return m;
}

int
i40_spec_compute(struct i40_spec *s, const double *x, size_t n, double fs,
		 enum i40_taper t, struct i40_err *err)
{
	double m;
	size_t i, k;

	if (check_input(x, n, fs, err) < 0 || prepare(s, n, 0, err) < 0)
		return -1;
	if (s->taper_kind != (int)t) {
		i40_taper_fill(t, s->taper, n);
		s->taper_sum = s->taper_sq = 0;
		for (i = 0; i < n; i++) {
			s->taper_sum += s->taper[i];
			s->taper_sq += s->taper[i] * s->taper[i];
		}
		s->taper_kind = (int)t;
	}
	s->n = n;
	s->fs = fs;
	s->df = fs / (double)n;
	s->nbins = n / 2 + 1;
	m = mean_of(x, n);
	for (i = 0; i < n; i++)
		s->buf[i] = (x[i] - m) * s->taper[i];
	if (gsl_fft_real_transform(s->buf, 1, n, s->rwt, s->rws) != 0)
		return i40_err_set(err, I40_ERR_NOMEM, "FFT of %zu samples failed", n);
	for (k = 0; k < s->nbins; k++) {
		double re, im, m2, c;

		bin(s->buf, n, k, &re, &im);
		m2 = re * re + im * im;
		/* Interior bins stand for +f and -f: one-sided doubles them. */
		c = (k == 0 || 2 * k == n) ? 1 : 2;
		s->amp[k] = c * sqrt(m2) / s->taper_sum;
		s->pow[k] = c * m2 / ((double)n * s->taper_sq);
	}
	return 0;
}

int
i40_spec_envelope(struct i40_spec *s, const double *x, size_t n, double fs,
		  double lo, double hi, enum i40_taper t, struct i40_err *err)
{
	double m;
	size_t i, k;

	if (check_input(x, n, fs, err) < 0)
		return -1;
	if (!(lo >= 0 && lo < hi && hi <= fs / 2))
		return i40_err_set(err, I40_ERR_CONFIG,
				   "envelope band %g-%g Hz must lie within 0-%g Hz (half the "
				   "sampling rate) with its low edge below its high edge",
				   lo, hi, fs / 2);
	if (prepare(s, n, 1, err) < 0)
		return -1;
	m = mean_of(x, n);
	for (i = 0; i < n; i++)
		s->buf[i] = x[i] - m;
	if (gsl_fft_real_transform(s->buf, 1, n, s->rwt, s->rws) != 0)
		return i40_err_set(err, I40_ERR_NOMEM, "FFT of %zu samples failed", n);
	/* Analytic signal of the band: positive frequencies in the band
	 * doubled, negative ones and everything outside the band zero. */
	memset(s->cbuf, 0, 2 * n * sizeof *s->cbuf);
	for (k = 1; 2 * k <= n; k++) {
		double f = (double)k * fs / (double)n, re, im;

		if (f < lo || f > hi)
			continue;
		bin(s->buf, n, k, &re, &im);
		if (2 * k == n) {
			s->cbuf[2 * k] = re;
		} else {
			s->cbuf[2 * k] = 2 * re;
			s->cbuf[2 * k + 1] = 2 * im;
		}
	}
	if (gsl_fft_complex_inverse(s->cbuf, 1, n, s->cwt, s->cws) != 0)
		return i40_err_set(err, I40_ERR_NOMEM, "inverse FFT of %zu samples failed", n);
	for (i = 0; i < n; i++)
		s->env[i] = hypot(s->cbuf[2 * i], s->cbuf[2 * i + 1]);
	return i40_spec_compute(s, s->env, n, fs, t, err);
}

/* Bins with frequency in [lo, hi]; the slack absorbs rounding of f/df
 * so that a band edge given at exactly a bin's frequency includes it. */
static int
bin_range(const struct i40_spec *s, double lo, double hi, size_t first,
	  size_t *kmin, size_t *kmax)
{
	double a, b;

	if (s->nbins == 0 || !(lo <= hi))
		return -1;
	a = ceil(lo / s->df - 1e-9);
	b = floor(hi / s->df + 1e-9);
	if (a < (double)first)
		a = (double)first;
	if (b > (double)(s->nbins - 1))
		b = (double)(s->nbins - 1);
	if (a > b)
		return -1;
	*kmin = (size_t)a;
	*kmax = (size_t)b;
	return 0;
}

int
i40_spec_peak(const struct i40_spec *s, double lo, double hi, double *freq, double *amp)
{
	size_t kmin, kmax, k, best;
	double delta = 0;

	if (bin_range(s, lo, hi, 1, &kmin, &kmax) < 0)
		return -1;
	best = kmin;
	for (k = kmin + 1; k <= kmax; k++)
		if (s->amp[k] > s->amp[best])
			best = k;
	/* Neighbours at rounding level (a tone exactly on a bin, no taper)
	 * carry no information on where the peak is: no interpolation. */
	if (best >= 2 && best + 1 < s->nbins && s->amp[best] > 0 &&
	    s->amp[best - 1] > 1e-9 * s->amp[best] &&
	    s->amp[best + 1] > 1e-9 * s->amp[best]) {
		double la = log(s->amp[best - 1]), lb = log(s->amp[best]),
		       lc = log(s->amp[best + 1]), d = la - 2 * lb + lc;

		/* A log-parabola through three bins is exact for a Gaussian
		 * main lobe and within a few hundredths of a bin for Hann. */
		if (d < 0) {
			delta = 0.5 * (la - lc) / d;
			if (delta > 0.5)
				delta = 0.5;
			if (delta < -0.5)
				delta = -0.5;
		}
	}
	*freq = ((double)best + delta) * s->df;
	*amp = s->amp[best];
	return 0;
}

double
i40_spec_dominant(const struct i40_spec *s)
{
	double f, a;

	if (i40_spec_peak(s, 0, s->fs / 2, &f, &a) < 0 || !(a > 0))
		return NAN;
	return f;
}

double
i40_spec_amp_at(const struct i40_spec *s, double f, double tol)
{
	double pf, a;

	if (s->nbins == 0 || !(f >= 0 && f <= s->fs / 2))
		return NAN;
	if (!(tol >= s->df / 2)) {
		size_t k = (size_t)floor(f / s->df + 0.5);

		return s->amp[k < s->nbins ? k : s->nbins - 1];
	}
	if (i40_spec_peak(s, f - tol, f + tol, &pf, &a) < 0)
		return NAN;
	return a;
}

double
i40_spec_band_power(const struct i40_spec *s, double lo, double hi)
{
	size_t kmin, kmax, k;
	double p = 0;

	if (bin_range(s, lo, hi, 0, &kmin, &kmax) < 0)
		return s->nbins ? 0.0 : NAN;
	for (k = kmin; k <= kmax; k++)
		p += s->pow[k];
	return p;
}

double
i40_spec_centroid(const struct i40_spec *s)
{
	double num = 0, den = 0;
	size_t k;

	for (k = 1; k < s->nbins; k++) {
		num += (double)k * s->df * s->pow[k];
		den += s->pow[k];
	}
	return den > 0 ? num / den : NAN;
}

double
i40_spec_entropy(const struct i40_spec *s)
{
	double total = 0, h = 0;
	size_t k;

	if (s->nbins < 3)
		return NAN;
	for (k = 1; k < s->nbins; k++)
		total += s->pow[k];
	if (!(total > 0))
		return NAN;
	for (k = 1; k < s->nbins; k++) {
		double p = s->pow[k] / total;

		if (p > 0)
			h -= p * log(p);
	}
	return h / log((double)(s->nbins - 1));
}

int
i40_bearing_freqs(const struct i40_bearing *b, double shaft_hz,
		  struct i40_bearing_freq *out, struct i40_err *err)
{
	double r;

	if (b->balls < 1)
		return i40_err_set(err, I40_ERR_CONFIG,
				   "a bearing needs at least one rolling element, not %d", b->balls);
	if (!(b->ball_d > 0 && b->pitch_d > b->ball_d))
		return i40_err_set(err, I40_ERR_CONFIG,
				   "bearing ball diameter %g must be positive and smaller than "
				   "the pitch diameter %g", b->ball_d, b->pitch_d);
	if (!(b->contact_deg >= 0 && b->contact_deg < 90))
		return i40_err_set(err, I40_ERR_CONFIG,
				   "bearing contact angle must be in 0-90 degrees, not %g",
				   b->contact_deg);
	if (!(shaft_hz > 0) || !isfinite(shaft_hz))
		return i40_err_set(err, I40_ERR_CONFIG,
				   "shaft speed must be a positive number of Hz, not %g", shaft_hz);
	r = b->ball_d / b->pitch_d * cos(b->contact_deg * M_PI / 180);
	out->ftf = shaft_hz / 2 * (1 - r);
	out->bpfo = b->balls * shaft_hz / 2 * (1 - r);
	out->bpfi = b->balls * shaft_hz / 2 * (1 + r);
	out->bsf = b->pitch_d / (2 * b->ball_d) * shaft_hz * (1 - r * r);
	return 0;
}
