import { Network, type Gradients } from '../../src/engine/model.js';
import type { GradientRule } from '../../src/engine/normalize.js';
import type { StepState } from '../../src/engine/trainer.js';
import { builtinPath } from '../../src/scenario/builtins.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { Pair } from '../../src/session/pair.js';

/**
 * Shared by the scenario tests: the built-in file exactly as shipped, run through the engine, and
 * the plain statistics the hand-derived oracles are written in. The oracles themselves live in
 * each test, next to the claim they check.
 */

/** Read and validated by the full YAML reader, never the build's JSON copy. */
export function builtin(name: string): Scenario {
  return loadScenarioFile(builtinPath(name));
}

export interface Run {
  pair: Pair;
  /** naive[t], backprop[t]: the state after t updates, t = 0..steps. */
  naive: StepState[];
  backprop: StepState[];
  /** The training set as plain arrays: u[i] is example i's input vector. */
  u: number[][];
  y: number[];
}

export function run(s: Scenario, steps: number): Run {
  const pair = new Pair(s);
  const naive: StepState[] = [];
  const backprop: StepState[] = [];
  for (let t = 0; t <= steps; t++) {
    const st = pair.states();
    naive.push(st.naive);
    backprop.push(st.backprop);
    if (t < steps) pair.advance(1);
  }
  const { n, dims } = pair.data;
  const u = Array.from({ length: n }, (_, i) => Array.from(pair.data.u.subarray(i * dims, (i + 1) * dims)));
  return { pair, naive, backprop, u, y: Array.from(pair.data.y) };
}

export const mean = (v: readonly number[]): number => v.reduce((a, x) => a + x, 0) / v.length;

/** Population variance, as the normalization uses. */
export const variance = (v: readonly number[]): number => {
  const m = mean(v);
  return mean(v.map((x) => (x - m) ** 2));
};

export const covariance = (a: readonly number[], b: readonly number[]): number => {
  const ma = mean(a);
  const mb = mean(b);
  return mean(a.map((x, i) => (x - ma) * (b[i] - mb)));
};

export const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, x, i) => s + x * b[i], 0);

/** |a − b| within tol of the larger magnitude (or of 1, near zero). */
export function near(a: number, b: number, tol = 1e-9): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

/** The largest relative error |got − want| / max(1, |want|) over a series, and where it occurs. */
export function worst(series: Array<{ got: number; want: number }>): { error: number; at: number } {
  let error = 0;
  let at = -1;
  series.forEach(({ got, want }, i) => {
    const e = Math.abs(got - want) / Math.max(1, Math.abs(want));
    if (!(e <= error)) {
      error = e;
      at = i;
    }
  });
  return { error, at };
}

/**
 * The gradient the other rule would compute at a trainer's parameters: a fresh network with the
 * same architecture and data, at the given w and b, over the full set.
 */
export function gradientAt(r: Run, rule: GradientRule, w: readonly number[], b: number): Gradients {
  const data = r.pair.data;
  const net = new Network(r.pair.naive.spec.arch, { w, b }, data.n);
  const idx = Int32Array.from({ length: data.n }, (_, i) => i);
  net.forward(data, idx, data.n);
  net.backward(data, idx, data.n, rule);
  return { w: Float64Array.from(net.grads.w), b: net.grads.b, gamma: net.grads.gamma, beta: net.grads.beta };
}
