import type { Activation, Architecture } from './model.js';
import type { GradientRule } from './normalize.js';

/**
 * ONE training step, example by example, in the paper's notation (Ioffe & Szegedy 2015, §2–3):
 *
 *     zᵢ = w·uᵢ + b,  xᵢ = θ(zᵢ),  μ = E[x],  σ² = Var[x],  x̂ᵢ = (xᵢ − μ)/s,
 *     outᵢ = γ·x̂ᵢ + β,  ℓᵢ = ½(outᵢ − yᵢ)²,  L = (1/m) Σᵢ ℓᵢ,
 *
 * with s = √(σ² + ε) when standardizing and s = 1 when only centring. Then, under each rule,
 * ∂L/∂xᵢ, ∂L/∂zᵢ = θ′(zᵢ)·∂L/∂xᵢ, the parameters' gradients, the update Δ = −η·∂L/∂(·), and the
 * forward pass at the updated parameters.
 *
 * This is the readable form: plain arrays, one loop per line of the paper. The close-up and
 * `explain` print it, and the tests hold the fast kernel (model.ts) to it. It is slow on purpose.
 */

export interface StepParams {
  w: number[];
  b: number;
  gamma: number;
  beta: number;
}

export interface StepInput {
  arch: Architecture;
  params: StepParams;
  /** The batch: u[i] is example i's input vector (length dims), y[i] its target. */
  u: number[][];
  y: number[];
  learningRate: number;
  /** Which parameters the scenario lets learn (γ and β learn when the architecture is affine). */
  learn: { w: boolean; b: boolean };
}

/** The forward pass over the batch, example by example. */
export interface Forward {
  z: number[];
  x: number[];
  /** μ = E[x] and σ² = Var[x] over the batch (population: divides by m). */
  mu: number;
  sigma2: number;
  /** s = √(σ² + ε) when standardizing, 1 when centring. */
  s: number;
  xhat: number[];
  out: number[];
  /** ℓᵢ = ½(outᵢ − yᵢ)² */
  loss: number[];
  /** L = (1/m) Σ ℓᵢ */
  L: number;
  /** ∂ℓᵢ/∂x̂ᵢ = γ·(outᵢ − yᵢ): the paper's ∂ℓ/∂x̂. (∂L/∂x̂ᵢ is this over m.) */
  dl_dxhat: number[];
}

/** One rule's backward pass and the update it makes. */
export interface Backward {
  rule: GradientRule;
  /** ∂L/∂μ and ∂L/∂σ²: 0 under the naive rule, which holds the statistics constant. */
  dL_dmu: number;
  dL_dsigma2: number;
  dL_dx: number[];
  dL_dz: number[];
  /** θ′(zᵢ) */
  slope: number[];
  grad: { w: number[]; b: number; gamma: number; beta: number };
  /** Δ = −η·∂L/∂(·) for what is learned, 0 for what is not. */
  delta: { w: number[]; b: number; gamma: number; beta: number };
  /** The parameters after the update, and the forward pass there (same batch). */
  params: StepParams;
  next: Forward;
}

export interface Step {
  params: StepParams;
  forward: Forward;
  naive: Backward;
  backprop: Backward;
}

export function theta(a: Activation, z: number): number {
  if (a === 'tanh') return Math.tanh(z);
  if (a === 'relu') return z > 0 ? z : 0;
  return z;
}

/** θ′(z), written from x = θ(z): tanh′ = 1 − x², relu′ = 1 where z > 0. */
export function thetaPrime(a: Activation, z: number, x: number): number {
  if (a === 'tanh') return 1 - x * x;
  if (a === 'relu') return z > 0 ? 1 : 0;
  return 1;
}

const sum = (v: number[]): number => v.reduce((acc, vi) => acc + vi, 0);
const mean = (v: number[]): number => sum(v) / v.length;

export function forward(arch: Architecture, p: StepParams, u: number[][], y: number[]): Forward {
  const z = u.map((ui) => ui.reduce((acc, uik, k) => acc + p.w[k] * uik, p.b));
  const x = z.map((zi) => theta(arch.activation, zi));
  const mu = mean(x);
  const sigma2 = mean(x.map((xi) => (xi - mu) ** 2));
  const s = arch.normalize === 'standardize' ? Math.sqrt(sigma2 + arch.epsilon) : 1;
  const xhat = x.map((xi) => (xi - mu) / s);
  const out = xhat.map((xh) => (arch.affine ? p.gamma * xh + p.beta : xh));
  const loss = out.map((o, i) => 0.5 * (o - y[i]) ** 2);
  const gamma = arch.affine ? p.gamma : 1;
  const dl_dxhat = out.map((o, i) => gamma * (o - y[i]));
  return { z, x, mu, sigma2, s, xhat, out, loss, L: mean(loss), dl_dxhat };
}

export function backward(
  input: StepInput,
  f: Forward,
  rule: GradientRule,
): Backward {
  const { arch, params: p, u, y, learningRate: eta, learn } = input;
  const m = u.length;
  const standardize = arch.normalize === 'standardize';
  const dL_dxhat = f.dl_dxhat.map((g) => g / m);
  // §3's chain rule through the statistics. Naive: μ and σ² are constants, their gradients 0.
  // Centring does not use σ², so its gradient is 0 under both rules.
  let dL_dsigma2 = 0;
  let dL_dmu = 0;
  if (rule === 'backprop') {
    // §3: ∂L/∂σ² = Σ ∂L/∂x̂ᵢ·(xᵢ − μ)·(−½)(σ² + ε)^(−3/2), written with x̂ᵢ = (xᵢ − μ)/s so that a
    // tiny σ² does not overflow on the way to a finite result.
    if (standardize) dL_dsigma2 = (-0.5 * sum(dL_dxhat.map((g, i) => g * f.xhat[i]))) / (f.s * f.s);
    dL_dmu = sum(dL_dxhat.map((g) => -g / f.s)) + dL_dsigma2 * mean(f.x.map((xi) => -2 * (xi - f.mu)));
  }
  const dL_dx = dL_dxhat.map((g, i) => g / f.s + (dL_dsigma2 * 2 * (f.x[i] - f.mu)) / m + dL_dmu / m);
  const slope = f.z.map((zi, i) => thetaPrime(arch.activation, zi, f.x[i]));
  const dL_dz = dL_dx.map((g, i) => slope[i] * g);
  const grad = {
    w: p.w.map((_, k) => sum(dL_dz.map((g, i) => g * u[i][k]))),
    b: sum(dL_dz),
    // ∂L/∂outᵢ = (outᵢ − yᵢ)/m
    gamma: arch.affine ? sum(f.out.map((o, i) => ((o - y[i]) / m) * f.xhat[i])) : 0,
    beta: arch.affine ? sum(f.out.map((o, i) => (o - y[i]) / m)) : 0,
  };
  const delta = {
    w: grad.w.map((g) => (learn.w ? -eta * g : 0)),
    b: learn.b ? -eta * grad.b : 0,
    gamma: arch.affine ? -eta * grad.gamma : 0,
    beta: arch.affine ? -eta * grad.beta : 0,
  };
  const params = {
    w: p.w.map((wk, k) => wk + delta.w[k]),
    b: p.b + delta.b,
    gamma: p.gamma + delta.gamma,
    beta: p.beta + delta.beta,
  };
  return { rule, dL_dmu, dL_dsigma2, dL_dx, dL_dz, slope, grad, delta, params, next: forward(arch, params, u, y) };
}

/** One step from the same parameters under both rules. */
export function step(input: StepInput): Step {
  const f = forward(input.arch, input.params, input.u, input.y);
  return {
    params: input.params,
    forward: f,
    naive: backward(input, f, 'naive'),
    backprop: backward(input, f, 'backprop'),
  };
}
