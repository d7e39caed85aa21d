import { describe, expect, it } from 'vitest';
import { headlessLines, isRecorded, stepRecord } from '../../src/output/ndjson.js';
import { BUILTIN_ORDER } from '../../src/scenario/builtins.js';
import { Pair } from '../../src/session/pair.js';
import { builtin } from '../scenarios/helpers.js';

/**
 * Event lines are an addition to the contract: without them the output is what the runner wrote
 * before events existed, byte for byte. That runner fast-forwarded between recorded steps with
 * Pair.advance(k) and recorded states there; it is rebuilt here to compare against.
 */
function stepLinesBefore(name: string, steps: number, every: number): string[] {
  const pair = new Pair(builtin(name));
  const affine = pair.scenario.model.affine;
  const out: string[] = [];
  for (let t = 0; ; ) {
    if (isRecorded(t, every, steps)) {
      const st = pair.states();
      out.push(JSON.stringify(stepRecord(st.naive, affine)), JSON.stringify(stepRecord(st.backprop, affine)));
    }
    if (t >= steps) break;
    const next = Math.min(steps, (Math.floor(t / every) + 1) * every);
    pair.advance(next - t);
    t = next;
  }
  return out;
}

describe('NDJSON with event lines', () => {
  for (const name of BUILTIN_ORDER) {
    it(`${name}: without its event lines, the step lines are byte-identical to a run that finds no events`, () => {
      for (const [steps, every] of [
        [300, 1],
        [1000, 7],
      ]) {
        const lines = [...headlessLines(new Pair(builtin(name)), { name, steps, every })];
        const steps_ = lines.filter((l) => l.startsWith('{"type":"step"'));
        expect(steps_).toEqual(stepLinesBefore(name, steps, every));
        expect(lines[0].startsWith('{"type":"scenario"')).toBe(true);
        expect(lines.at(-1)!.startsWith('{"type":"summary"')).toBe(true);
        const others = lines.slice(1, -1).filter((l) => !l.startsWith('{"type":"step"'));
        for (const l of others) expect(Object.keys(JSON.parse(l) as object)).toEqual(['type', 'step', 'model', 'kind', 'text']);
      }
    });
  }
});
