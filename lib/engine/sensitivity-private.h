/* Private: global sensitivity of a Monte Carlo projection's outputs to its
 * uncertain inputs, by partial rank correlation. Never installed. */
#ifndef DM_SENSITIVITY_PRIVATE_H
#define DM_SENSITIVITY_PRIVATE_H

#include "core-private.h"

/* Partial rank correlation of each of p inputs with one output over n
 * runs. x: [run][input] row-major (n × p), y: [run]. Values may be
 * INFINITY (a milestone not reached), ranked last with ties sharing their
 * mean rank. Inputs that do not vary over the runs (or whose ranks are a
 * copy of another input's ranks, i.e. perfectly collinear) get 0 and
 * are left out of the others' partial correlations; of collinear inputs
 * the later ones in x's order get the 0. When y does not vary, every
 * coefficient is NAN. When y's ranks are a linear combination of the
 * inputs' ranks (to rounding; y a monotone function of one input, say),
 * the inputs in it get ±1 and the others 0 to rounding.
 * prcc: p values in [-1, 1]. Deterministic, single-threaded; time
 * O(n p² + p³), memory O(n p) (about 8 (p + 5) n bytes).
 * Returns DM_OK, DM_ERR_INVALID_ARGUMENT when n < (varying inputs) + 3
 * (message naming n and the count) or a value is NaN (message naming the
 * run and the input, from 0), DM_ERR_NULL_ARGUMENT, DM_ERR_NO_MEMORY; prcc is
 * unchanged on error. */
dm_status dm_prcc(dm_context *ctx, const double *x, size_t n, size_t p,
                  const double *y, double *prcc);

#endif
