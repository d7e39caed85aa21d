import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { headlessLines } from '../../src/output/ndjson.js';
import { isRecorded, nextRecorded } from '../../src/session/recording.js';
import { replayArgv, shellLine } from '../../src/session/replay.js';
import { LiveSession } from '../../src/session/live.js';
import { Pair } from '../../src/session/pair.js';
import { paperBias, session, source } from './helpers.js';

describe('the recording policy: one rule for NDJSON, --csv and the export', () => {
  it('records 0, K, 2K, … and always the last step, by hand', () => {
    const steps = Array.from({ length: 12 }, (_, t) => t).filter((t) => isRecorded(t, 4, 10));
    expect(steps).toEqual([0, 4, 8, 10]);
    expect([0, 3, 4, 8, 9].map((t) => nextRecorded(t, 4, 10))).toEqual([4, 4, 8, 10, 10]);
    expect(isRecorded(7, 1, Infinity)).toBe(true);
  });

  it('the live session (as --snapshot runs it) hands --csv exactly the steps the NDJSON has', () => {
    for (const [every, steps] of [
      [1, 7],
      [3, 10],
      [4, 23],
      [50, 20],
    ]) {
      const ndjson = [...headlessLines(new Pair(paperBias()), { name: 'paper-bias', steps, every })]
        .map((l) => JSON.parse(l) as { type: string; step?: number; model?: string })
        .filter((r) => r.type === 'step' && r.model === 'naive')
        .map((r) => r.step);
      const written: number[] = [];
      const s = session({ paused: true, stopAt: steps, every, keepLog: false, recorder: { path: 'x.csv', write: (st) => void written.push(st.naive.step) } });
      s.fastForward(5);
      expect(written, `every ${every}, steps ${steps}`).toEqual(ndjson);
      // Stepping by hand in the live view records the same steps.
      const byHand: number[] = [];
      const h = session({ paused: true, stopAt: steps, every, recorder: { path: 'y.csv', write: (st) => void byHand.push(st.naive.step) } });
      for (let i = 0; i < steps; i++) h.dispatch('step');
      expect(byHand, `by hand, every ${every}, steps ${steps}`).toEqual(ndjson);
    }
  });
});

describe('the replay command', () => {
  /** The words a POSIX shell makes of a line, as `normdrift` would receive them. */
  const shellWords = (line: string) =>
    execFileSync('sh', ['-c', `normdrift() { for a; do printf '%s\\n' "$a"; done; }\n${line}\n`], { encoding: 'utf8' }).split('\n').slice(0, -1);

  it('is an argument vector, quoted once into a line a shell gives back word for word', () => {
    const argv = replayArgv({ arg: "my dir/it's.yaml", seed: 7, learningRate: 1.5e-7, speed: Infinity, flags: ['--ascii'] });
    expect(argv).toEqual(['normdrift', "my dir/it's.yaml", '--seed', '7', '--lr', '1.5e-7', '--speed', 'max', '--ascii']);
    expect(shellLine(argv)).toBe("normdrift 'my dir/it'\\''s.yaml' --seed 7 --lr 1.5e-7 --speed max --ascii");
    expect(shellWords(shellLine(argv))).toEqual(argv.slice(1));
  });

  it('shows a file name with control characters as visible escapes, never raw', () => {
    const s = new LiveSession({
      initial: { name: 'evil', arg: 'evil\x1b]0;owned\x07.yaml', builtin: false, scenario: paperBias() },
      source: source({}),
    });
    const line = s.replayCommand();
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(line).toContain('evil␛]0;owned␇.yaml');
    expect(s.view(1).replay).toBe(line);
    expect(shellWords(line)[0]).toBe('evil␛]0;owned␇.yaml');
  });
});
