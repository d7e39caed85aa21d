/**
 * An independent, deliberately plain re-statement of the loss, for finite differences.
 * It shares no code with src/engine: arrays of numbers, formulas written out from the paper.
 */
export interface OracleConfig {
  activation: 'identity' | 'tanh' | 'relu';
  normalize: 'center' | 'standardize';
  epsilon: number;
  affine: boolean;
}

export interface OracleParams {
  w: number[];
  b: number;
  gamma: number;
  beta: number;
}

export function activate(a: OracleConfig['activation'], z: number): number {
  if (a === 'identity') return z;
  if (a === 'tanh') return Math.tanh(z);
  return Math.max(0, z);
}

export function preNormalize(cfg: OracleConfig, p: OracleParams, u: number[][]): number[] {
  return u.map((row) => activate(cfg.activation, row.reduce((s, ui, k) => s + p.w[k] * ui, p.b)));
}

export function statistics(x: number[]): { mean: number; variance: number } {
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
  return { mean, variance };
}

/**
 * L = (1/N) Σ ½(outᵢ − yᵢ)². With `frozen`, μ and σ² are the given constants instead of the
 * batch's own: the function whose gradient the naive rule computes.
 */
export function oracleLoss(
  cfg: OracleConfig,
  p: OracleParams,
  u: number[][],
  y: number[],
  frozen?: { mean: number; variance: number },
): number {
  const x = preNormalize(cfg, p, u);
  const { mean, variance } = frozen ?? statistics(x);
  const scale = cfg.normalize === 'standardize' ? Math.sqrt(variance + cfg.epsilon) : 1;
  let sum = 0;
  x.forEach((xi, i) => {
    const xhat = (xi - mean) / scale;
    const out = cfg.affine ? p.gamma * xhat + p.beta : xhat;
    sum += 0.5 * (out - y[i]) ** 2;
  });
  return sum / x.length;
}

/**
 * Central differences of f over every parameter, flattened as [w…, b, γ, β]: the five-point
 * stencil, whose O(h⁴) truncation error stays far below 1e-6 even where the loss curves sharply
 * (a small w under standardization).
 */
export function finiteDifferences(
  f: (p: OracleParams) => number,
  p: OracleParams,
  affine: boolean,
): number[] {
  const flat = [...p.w, p.b, p.gamma, p.beta];
  const unflat = (v: number[]): OracleParams => ({
    w: v.slice(0, p.w.length),
    b: v[p.w.length],
    gamma: v[p.w.length + 1],
    beta: v[p.w.length + 2],
  });
  const count = affine ? flat.length : flat.length - 2;
  const grad: number[] = [];
  for (let j = 0; j < count; j++) {
    const h = 1e-5 * Math.max(1, Math.abs(flat[j]));
    const at = (k: number) => {
      const v = flat.slice();
      v[j] += k * h;
      return f(unflat(v));
    };
    grad.push((-at(2) + 8 * at(1) - 8 * at(-1) + at(-2)) / (12 * h));
  }
  return grad;
}

/**
 * ‖a − b‖ / max(‖a‖, ‖b‖, floor). Some true gradients are exactly or nearly zero
 * (standardize without affine is invariant to w's scale and to b), where the differences keep
 * their round-off, about 1e-16·L/h ≈ 1e-11·L; the floor, 1e-3 per unit of loss, turns the bound
 * into an absolute 1e-9·L for such vectors.
 */
export function relativeError(a: number[], b: number[], floor = 1e-3): number {
  let diff = 0;
  let na = 0;
  let nb = 0;
  a.forEach((ai, i) => {
    diff += (ai - b[i]) ** 2;
    na += ai * ai;
    nb += b[i] * b[i];
  });
  return Math.sqrt(diff) / Math.max(Math.sqrt(na), Math.sqrt(nb), floor);
}
