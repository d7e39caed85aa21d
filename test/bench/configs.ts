/**
 * The configurations issue #6 names for the engine comparison: the paper's example and
 * batchnorm-2d, under both rules, with N = 64 and N = 4096 examples (always a full batch).
 */
import { makeDataset, type Dataset } from '../../src/engine/data.js';
import type { GradientRule } from '../../src/engine/normalize.js';
import type { TrainingSpec } from '../../src/engine/trainer.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { trainingSpec } from '../../src/session/pair.js';
import { builtin } from '../scenarios/helpers.js';

export const SCENARIOS = ['paper-bias', 'batchnorm-2d'] as const;
export const RULES: readonly GradientRule[] = ['naive', 'backprop'];
export const SIZES = [64, 4096] as const;

export interface EngineConfig {
  /** e.g. "paper-bias N=64 naive" */
  label: string;
  scenario: Scenario;
  rule: GradientRule;
  n: number;
  spec: TrainingSpec;
  data: Dataset;
}

/** The built-in scenario with n generated examples and a full batch. */
export function withExamples(name: string, n: number): Scenario {
  const s = builtin(name);
  if (Array.isArray(s.data.u) || Array.isArray(s.data.y)) throw new Error(`${name}: data must be generated`);
  return { ...s, data: { ...s.data, n }, training: { ...s.training, batch: 'full' } };
}

export function engineConfigs(): EngineConfig[] {
  const out: EngineConfig[] = [];
  for (const name of SCENARIOS) {
    for (const n of SIZES) {
      const scenario = withExamples(name, n);
      const data = makeDataset(scenario.data, scenario.seed);
      for (const rule of RULES) {
        out.push({ label: `${name} N=${n} ${rule}`, scenario, rule, n, spec: trainingSpec(scenario), data });
      }
    }
  }
  return out;
}
