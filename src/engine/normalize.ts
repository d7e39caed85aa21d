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
 * What the backward pass sees of the statistics. Under both rules
 *
 *     ∂L/∂xᵢ = (gᵢ − shift − x̂ᵢ·tilt) / s,     g = ∂L/∂x̂,
 *
 * and the rules differ only in these two numbers. (The network never forms ∂L/∂xᵢ example by
 * example: it sums g, 1 and x̂ against each input and weighs the three sums by 1, shift and
 * tilt. See Network.backwardBatch.)
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
