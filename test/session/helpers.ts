import { parseScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { builtin } from '../scenarios/helpers.js';
import { LiveSession, type LiveOptions, type ScenarioSource } from '../../src/session/live.js';

export function scenario(body: string, title = 'test'): Scenario {
  return parseScenario(`title: ${title}\nsummary: a test scenario\n${body}`, 'inline.yaml');
}

export const paperBias = (): Scenario => builtin('paper-bias');

/** u = ±1, y = 0, η = 1: naive w lands on 0 at step 1 and Var[x] = 0 (see test/engine/trainer.test.ts). */
export const NAIVE_DIVERGES = `
data: {u: [-1, 1], y: [0, 0]}
model: {weight: {init: 1}, bias: {init: 0, learn: false}, normalize: standardize}
training: {learningRate: 1}`;

/** A clock the test moves by hand. */
export class FakeClock {
  t = 0;
  /** Added on every read: makes computing look expensive, to exercise the tick budget. */
  costPerRead = 0;
  now = (): number => {
    const t = this.t;
    this.t += this.costPerRead;
    return t;
  };
  advance(ms: number): number {
    this.t += ms;
    return this.t;
  }
}

export function source(entries: Record<string, Scenario | Error>): ScenarioSource {
  return {
    names: () => Object.keys(entries),
    load: (name) => {
      const s = entries[name];
      if (s === undefined) throw new Error(`no scenario ${name}`);
      if (s instanceof Error) throw s;
      return s;
    },
  };
}

export function session(o: Partial<LiveOptions> & { scenario?: Scenario; clock?: () => number } = {}): LiveSession {
  const s = o.scenario ?? paperBias();
  return new LiveSession({
    initial: { name: 'paper-bias', arg: 'paper-bias', builtin: true, scenario: s },
    source: o.source ?? source({ 'paper-bias': s }),
    ...o,
  });
}

/**
 * paper-bias without its narration: its captions hold the clock for their reading time (beats),
 * which tests of the clock's own arithmetic must not wait for.
 */
export const unnarrated = (): Scenario => ({ ...paperBias(), captions: [] });
