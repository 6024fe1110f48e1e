/* croston.h - intermittent demand: classification and the methods of
 * Croston, Syntetos-Boylan (SBA), Teunter-Syntetos-Babai (TSB) and
 * ADIDA (temporal aggregation).
 */
#ifndef I40_CROSTON_H
#define I40_CROSTON_H

#include "err.h"

struct i40_fc;

/* The Syntetos-Boylan-Croston classes of demand. */
enum i40_demand_class {
	I40_DEMAND_SMOOTH,        /* ADI < 1.32, CV^2 < 0.49 */
	I40_DEMAND_ERRATIC,       /* ADI < 1.32, CV^2 >= 0.49 */
	I40_DEMAND_INTERMITTENT,  /* ADI >= 1.32, CV^2 < 0.49 */
	I40_DEMAND_LUMPY,         /* ADI >= 1.32, CV^2 >= 0.49 */
	I40_DEMAND_NONE           /* no demand at all */
};

enum i40_croston_variant {
	I40_CROSTON_CLASSIC,      /* Croston (1972) */
	I40_CROSTON_SBA,          /* Syntetos and Boylan (2005): x (1 - alpha/2) */
	I40_CROSTON_TSB,          /* Teunter, Syntetos and Babai (2011) */
	I40_CROSTON_ADIDA         /* Nikolopoulos et al. (2011) */
};

/* Classify y[0..n-1] (non-negative demand).  adi: mean interval between
 * demands, counted as R's croston() counts them (first interval from
 * the start); cv2: squared coefficient of variation of the non-zero
 * sizes (sample variance).  Either pointer may be NULL. */
enum i40_demand_class i40_croston_classify(const double *y, int n, double *adi,
					   double *cv2);

/* Human name of a class: "smooth", "erratic", "intermittent", "lumpy",
 * "no demand". */
const char *i40_croston_class_str(enum i40_demand_class c);

/* Forecast fc->h steps with one variant.  alpha (and TSB's beta, which
 * takes the same value) <= 0 chooses the smoothing constants by the
 * in-sample mean squared error over a grid (0.05 .. 0.3); R's croston()
 * uses alpha = 0.1.  The point forecast is flat; intervals come from the
 * compound demand model: a demand occurs with probability p (1/interval,
 * or TSB's p), its size distributed as the observed non-zero sizes
 * rescaled to the smoothed size.  y must be non-negative without gaps. */
int i40_croston_forecast(const double *y, int n, enum i40_croston_variant v,
			 double alpha, struct i40_fc *fc, struct i40_err *err);

#endif
