/**
 * The one place where the two networks differ.
 *
 * Both normalize the same way in the forward pass: x̂ᵢ = (xᵢ − μ) / s over the batch, with
 * μ = E[x], σ² = Var[x] (population) and s = √(σ² + ε) when standardizing, s = 1 when centring.
 * They differ only in the backward pass, in whether μ and σ² are functions of x or constants.
 */

export type Normalization = 'center' | 'standardize';
export type GradientRule = 'naive' | 'backprop';

export interface BatchStatistics {
  /** μ = E[x] over the batch */
  meanX: number;
  /** σ² = Var[x] over the batch (population: divides by m) */
  varX: number;
  /** s = √(σ² + ε) when standardizing; 1 when only centring */
  scale: number;
}

/** x̂ = (x − μ)/s for the first m entries of x; returns the statistics it used. */
export function normalizeForward(
  kind: Normalization,
  epsilon: number,
  x: Float64Array,
  m: number,
  xhat: Float64Array,
  stats: BatchStatistics,
): BatchStatistics {
  let sum = 0;
  for (let i = 0; i < m; i++) sum += x[i];
  const meanX = sum / m;
  let sq = 0;
  for (let i = 0; i < m; i++) {
    const d = x[i] - meanX;
    sq += d * d;
  }
  const varX = sq / m;
  const scale = kind === 'standardize' ? Math.sqrt(varX + epsilon) : 1;
  for (let i = 0; i < m; i++) xhat[i] = (x[i] - meanX) / scale;
  stats.meanX = meanX;
  stats.varX = varX;
  stats.scale = scale;
  return stats;
}

/**
 * ∂L/∂x from ∂L/∂x̂ (g). Writes dx for the first m entries.
 *
 * naive:    μ and σ² are held constant, so ∂x̂ᵢ/∂xⱼ = δᵢⱼ/s and ∂L/∂xᵢ = gᵢ/s. This is the gradient
 *           §2 of the paper warns about: it cannot see that moving every xᵢ moves μ with them.
 * backprop: gradThroughStats — the §3 formulas, with ∂μ/∂xᵢ = 1/m and ∂σ²/∂xᵢ = 2(xᵢ − μ)/m:
 *           ∂L/∂xᵢ = (gᵢ − mean(g) − x̂ᵢ·mean(g·x̂)) / s   (standardize)
 *           ∂L/∂xᵢ =  gᵢ − mean(g)                         (center)
 */
export function normalizeBackward(
  rule: GradientRule,
  kind: Normalization,
  g: Float64Array,
  xhat: Float64Array,
  m: number,
  stats: BatchStatistics,
  dx: Float64Array,
): void {
  const s = stats.scale;
  if (rule === 'naive') {
    for (let i = 0; i < m; i++) dx[i] = g[i] / s;
    return;
  }
  let meanG = 0;
  let meanGXhat = 0;
  for (let i = 0; i < m; i++) {
    meanG += g[i];
    meanGXhat += g[i] * xhat[i];
  }
  meanG /= m;
  meanGXhat /= m;
  if (kind === 'center') {
    for (let i = 0; i < m; i++) dx[i] = g[i] - meanG;
  } else {
    for (let i = 0; i < m; i++) dx[i] = (g[i] - meanG - xhat[i] * meanGXhat) / s;
  }
}
