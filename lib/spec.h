/* spec.h - spectra of waveform windows: vibration condition monitoring.
 *
 * A window of n samples at fs Hz (any n: GSL's mixed-radix FFT) becomes
 * a one-sided spectrum with bins k = 0 .. n/2 at k*fs/n Hz, in two
 * scalings that answer different questions:
 *   amp[k]  amplitude: a sine of amplitude A on a bin reads A, whatever
 *           the taper (divided by the taper's coherent gain).  For
 *           reading tones: dominant frequency, amplitude at a fault
 *           frequency.
 *   pow[k]  power, mean square per bin (divided by the taper's energy):
 *           the bins sum to the window's mean square (exactly with the
 *           rectangular taper, to within leakage with the others), so
 *           the power in a band is the mean square of the band-passed
 *           signal; a sine of amplitude A gives A^2/2 in a band around
 *           it, white noise of variance s^2 gives s^2 over 0 .. fs/2.
 * The window's mean is removed before tapering and the DC bin is left
 * out of the dominant frequency, centroid and entropy: they describe the
 * vibration, not the sensor's offset.
 *
 * The envelope spectrum is the standard way bearing faults show: the
 * impacts of a defect excite a structural resonance, so the signal is
 * band-passed around that resonance, demodulated (magnitude of the
 * analytic signal, built by FFT as in the Hilbert transform) and the
 * spectrum of that envelope has lines at the defect frequency.
 *
 * GSL calls its error handler (by default: abort) on failure; a program
 * using this module calls gsl_set_error_handler_off() once at start so
 * that failures come back here as I40_ERR_NOMEM.
 */
#ifndef I40_SPEC_H
#define I40_SPEC_H

#include <stddef.h>

#include <gsl/gsl_fft_complex.h>
#include <gsl/gsl_fft_real.h>

#include "err.h"

enum i40_taper {
	I40_TAPER_RECT,     /* no taper: exact for tones on a bin, leaks otherwise */
	I40_TAPER_HANN,     /* the general-purpose default */
	I40_TAPER_HAMMING,  /* lower first sidelobe than Hann, slower decay */
	I40_TAPER_BLACKMAN, /* low leakage, wider main lobe */
	I40_TAPER_FLATTOP   /* amplitude within 0.01 dB anywhere between bins */
};

struct i40_spec {
	size_t n;           /* samples transformed */
	double fs;          /* sampling rate, Hz */
	double df;          /* bin spacing fs/n, Hz */
	size_t nbins;       /* n/2 + 1 */
	double *amp;        /* one-sided amplitude spectrum, nbins */
	double *pow;        /* one-sided power spectrum (mean square), nbins */
	/* Work space, kept while n stays the same. */
	size_t plan_n;      /* length the FFT tables are for, 0 none */
	gsl_fft_real_wavetable *rwt;      /* real FFT tables */
	gsl_fft_real_workspace *rws;      /* real FFT scratch */
	gsl_fft_complex_wavetable *cwt;   /* complex FFT tables (envelope) */
	gsl_fft_complex_workspace *cws;   /* complex FFT scratch */
	double *buf;        /* n: tapered samples, then their FFT */
	double *cbuf;       /* 2n: analytic signal (envelope) */
	double *env;        /* n: envelope */
	double *taper;      /* n: taper coefficients */
	int taper_kind;     /* which taper is in taper[], -1 none */
	double taper_sum;   /* sum of taper[]: coherent gain * n */
	double taper_sq;    /* sum of taper[]^2: energy gain * n */
};

/* Taper by name: rect (or rectangular, none), hann (hanning), hamming,
 * blackman, flattop.  -1 with I40_ERR_CONFIG naming the choices. */
int i40_taper_parse(const char *name, enum i40_taper *t, struct i40_err *err);
const char *i40_taper_name(enum i40_taper t);
/* The n periodic (DFT-even) coefficients of taper t. */
void i40_taper_fill(enum i40_taper t, double *w, size_t n);

void i40_spec_init(struct i40_spec *s);
void i40_spec_free(struct i40_spec *s);
/* Spectrum of x[0..n-1] sampled at fs Hz (n >= 2, fs > 0, no NAN:
 * a waveform with a hole has no spectrum).  Fills amp and pow. */
int i40_spec_compute(struct i40_spec *s, const double *x, size_t n, double fs,
		     enum i40_taper t, struct i40_err *err);
/* Envelope spectrum: band-pass x to [lo, hi] Hz (0 <= lo < hi <= fs/2),
 * take the magnitude of the analytic signal, and compute its spectrum
 * with taper t into s (amp and pow then describe the envelope). */
int i40_spec_envelope(struct i40_spec *s, const double *x, size_t n, double fs,
		      double lo, double hi, enum i40_taper t, struct i40_err *err);

/* Highest amplitude bin with frequency in [lo, hi] Hz, DC excluded; its
 * frequency refined between bins (Gaussian interpolation on the log
 * amplitudes of the neighbours) into *freq, its amplitude into *amp.
 * -1 when no bin lies in the range (nothing is set). */
int i40_spec_peak(const struct i40_spec *s, double lo, double hi, double *freq,
		  double *amp);
/* Frequency of the highest peak above DC, Hz; NAN for a flat spectrum. */
double i40_spec_dominant(const struct i40_spec *s);
/* Amplitude at frequency f: the highest bin within f +- tol Hz, or the
 * nearest bin when tol is narrower than a bin.  NAN outside 0 .. fs/2. */
double i40_spec_amp_at(const struct i40_spec *s, double f, double tol);
/* Power (mean square) in the bins whose frequency is in [lo, hi] Hz. */
double i40_spec_band_power(const struct i40_spec *s, double lo, double hi);
/* Power-weighted mean frequency, Hz, DC excluded; NAN when no power. */
double i40_spec_centroid(const struct i40_spec *s);
/* Shannon entropy of the power distribution over the bins above DC,
 * divided by its maximum log(nbins - 1): 0 for a pure tone on a bin,
 * close to 1 for white noise; NAN when no power. */
double i40_spec_entropy(const struct i40_spec *s);

/* Rolling bearing geometry (the catalogue values). */
struct i40_bearing {
	int balls;          /* number of rolling elements */
	double ball_d;      /* rolling element diameter */
	double pitch_d;     /* pitch diameter (same unit as ball_d) */
	double contact_deg; /* contact angle, degrees (0 for deep groove) */
};

/* Characteristic defect frequencies, Hz, at a shaft speed (inner ring
 * turning, outer ring fixed). */
struct i40_bearing_freq {
	double bpfi;        /* ball pass frequency, inner race */
	double bpfo;        /* ball pass frequency, outer race */
	double bsf;         /* ball spin frequency (a ball defect strikes
			     * the races at 2*bsf; some tables, CWRU's
			     * among them, list 2*bsf as the ball frequency) */
	double ftf;         /* fundamental train (cage) frequency */
};

/* Defect frequencies from geometry and shaft speed (Hz, i.e. rpm/60):
 *   r = ball_d / pitch_d * cos(contact)
 *   FTF = f/2 (1 - r)   BPFO = balls f/2 (1 - r)   BPFI = balls f/2 (1 + r)
 *   BSF = pitch_d / (2 ball_d) f (1 - r^2)
 * -1 with I40_ERR_CONFIG for an impossible bearing. */
int i40_bearing_freqs(const struct i40_bearing *b, double shaft_hz,
		      struct i40_bearing_freq *out, struct i40_err *err);

#endif
