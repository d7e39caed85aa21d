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

/** s: √(σ² + ε) when standardizing; 1 when only centring (σ² is then reported, not used). */
export function scaleOf(kind: Normalization, varX: number, epsilon: number): number {
  return kind === 'standardize' ? Math.sqrt(varX + epsilon) : 1;
}

/**
 * x̂ = (x − μ)/s for the first m entries of x; returns the statistics it used. (The network
 * fuses these passes into its own; this is the same arithmetic, one step at a time.)
 */
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
  const scale = scaleOf(kind, varX, epsilon);
  for (let i = 0; i < m; i++) xhat[i] = (x[i] - meanX) / scale;
  stats.meanX = meanX;
  stats.varX = varX;
  stats.scale = scale;
  return stats;
}

/**
 * What the backward pass sees of the statistics. Under both rules
 *
 *     ∂L/∂xᵢ = (gᵢ − shift − x̂ᵢ·tilt) / s,     g = ∂L/∂x̂,
 *
 * and the rules differ only in these two numbers.
 */
export interface StatisticsTerms {
  shift: number;
  tilt: number;
}

/**
 * THE branch. meanG = mean(g) and meanGXhat = mean(g·x̂) over the batch.
 *
 * naive:    μ and σ² are held constant, so ∂x̂ᵢ/∂xⱼ = δᵢⱼ/s and ∂L/∂xᵢ = gᵢ/s. This is the gradient
 *           §2 of the paper warns about: it cannot see that moving every xᵢ moves μ with them.
 * backprop: gradThroughStats — the §3 formulas, with ∂μ/∂xᵢ = 1/m and ∂σ²/∂xᵢ = 2(xᵢ − μ)/m:
 *           ∂L/∂xᵢ = (gᵢ − mean(g) − x̂ᵢ·mean(g·x̂)) / s   (standardize)
 *           ∂L/∂xᵢ =  gᵢ − mean(g)                         (center: σ² is not used, s = 1)
 */
export function statisticsTerms(
  rule: GradientRule,
  kind: Normalization,
  meanG: number,
  meanGXhat: number,
  terms: StatisticsTerms,
): StatisticsTerms {
  if (rule === 'naive') {
    terms.shift = 0;
    terms.tilt = 0;
  } else {
    terms.shift = meanG;
    terms.tilt = kind === 'standardize' ? meanGXhat : 0;
  }
  return terms;
}

/** ∂L/∂x from ∂L/∂x̂ (g) for the first m entries, written to dx. */
export function normalizeBackward(
  rule: GradientRule,
  kind: Normalization,
  g: Float64Array,
  xhat: Float64Array,
  m: number,
  stats: BatchStatistics,
  dx: Float64Array,
): void {
  let sumG = 0;
  let sumGXhat = 0;
  for (let i = 0; i < m; i++) {
    sumG += g[i];
    sumGXhat += g[i] * xhat[i];
  }
  const { shift, tilt } = statisticsTerms(rule, kind, sumG / m, sumGXhat / m, { shift: 0, tilt: 0 });
  const s = stats.scale;
  for (let i = 0; i < m; i++) dx[i] = (g[i] - shift - xhat[i] * tilt) / s;
}
