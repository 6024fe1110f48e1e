/* quiet.c - false alarms of the default detector on series without any
 * anomaly: how many alert episodes (the alert state machine's defaults,
 * as i40-detect raises them) in 12 series of 20000 records of each kind:
 *
 *   ar1     Gaussian AR(1), phi 0.8
 *   white   Gaussian white noise
 *   t3      Student t with 3 degrees of freedom (heavy tails)
 *   slow    AR(1), phi 0.98 (a slowly wandering reading)
 *   walk    a random walk (sd 0.1 a step) plus noise (sd 0.5)
 *
 * Records one minute apart; the first 600 are the warm-up.  With
 * alpha = 1e-5 per record and a calibrated tail, about 0.2 episodes per
 * 20000 records would be expected; the walk is not stationary, so it has
 * no such figure.  Fixed seeds.  Usage: quiet (after make -C bench/nab).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "alert.h"
#include "det.h"

/* The unit tests' generator (tests/unit/gauss.h), kept in one place. */
#include "../../tests/unit/gauss.h"

static const char *const kinds[] = {"ar1", "white", "t3", "slow", "walk"};

static double
next(int kind, unsigned long long *st, double *ar)
{
	double g = gauss(st), u, v, q;

	switch (kind) {
	case 0:
		*ar = 0.8 * *ar + g;
		return 50 + *ar;
	case 1:
		return 50 + g;
	case 2:
		u = gauss(st), v = gauss(st), q = gauss(st);
		return 50 + g / sqrt((u * u + v * v + q * q) / 3);
	case 3:
		*ar = 0.98 * *ar + 0.2 * g;
		return 20 + *ar;
	default:
		*ar += 0.1 * g;
		return 30 + *ar + 0.5 * gauss(st);
	}
}

int
main(void)
{
	printf("| series | episodes in 12 x 20000 records | records at or above the limit |\n| --- | --- | --- |\n");
	for (int kind = 0; kind < 5; kind++) {
		long episodes = 0, above = 0;
		for (int seed = 1; seed <= 12; seed++) {
			struct i40_det_settings s;
			struct i40_alert_settings as;
			struct i40_alert al;
			struct i40_episode ep;
			struct i40_det_out o;
			struct i40_det *d;
			unsigned long long st = (unsigned long long)seed;
			double ar = 0;

			i40_det_defaults(&s);
			if ((d = i40_det_new(&s, NULL)) == NULL)
				return 1;
			i40_alert_defaults(&as);
			i40_alert_init(&al, &as);
			for (long i = 0; i < 20000; i++) {
				int64_t ts = i * 60000000000LL;
				if (i40_det_push(d, ts, next(kind, &st, &ar), -1, &o, NULL) != 0)
					return 1;
				above += o.score >= 0.5;
				if (i40_alert_push(&al, ts, o.score, &ep) & I40_ALERT_RAISED)
					episodes++;
			}
			i40_det_free(d);
		}
		printf("| %s | %ld | %ld |\n", kinds[kind], episodes, above);
	}
	return 0;
}
