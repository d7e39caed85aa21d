import { describe, expect, it } from 'vitest';
import type { GradientRule } from '../../src/engine/normalize.js';
import type { StepState } from '../../src/engine/trainer.js';
import { MAX_SPEED } from '../../src/session/clock.js';
import type { SeriesExport } from '../../src/session/live.js';
import { Pair } from '../../src/session/pair.js';
import { FakeClock, paperBias, scenario, session, source, unnarrated } from './helpers.js';

/** Tick every 16 ms for `ms` of fake time. */
function runFor(s: ReturnType<typeof session>, clock: FakeClock, ms: number) {
  s.tick(clock.t);
  for (let t = 0; t < ms; t += 16) s.tick(clock.advance(16));
}

/** A --csv stand-in: the steps it was handed, in order. */
function collector() {
  const steps: number[] = [];
  const states: Record<GradientRule, StepState>[] = [];
  return {
    path: 'series.csv',
    steps,
    states,
    write(s: Record<GradientRule, StepState>) {
      expect(s.backprop.step).toBe(s.naive.step);
      steps.push(s.naive.step);
      states.push(s);
    },
  };
}

describe('--steps N in the live view', () => {
  it('stops the clock exactly at N however many steps were due, and says it is finished', () => {
    const clock = new FakeClock();
    const s = session({ scenario: unnarrated(), clock: clock.now, speed: 1000, stopAt: 137 });
    runFor(s, clock, 2000);
    expect(s.step).toBe(137);
    expect(s.finished).toBe(true);
    // The last step is drawn: the sparkline ends at N and the number beside it is N's.
    const ref = new Pair(paperBias());
    ref.advance(137);
    expect(s.view(5).rows[0].cells.naive!.current).toBe(ref.naive.state().b);
  });

  it('stepping by hand stops at N too', () => {
    const s = session({ paused: true, stopAt: 2 });
    for (let i = 0; i < 5; i++) s.dispatch('step');
    expect(s.step).toBe(2);
    expect(s.finished).toBe(true);
  });

  it('--steps 0 is finished before it starts', () => {
    expect(session({ stopAt: 0 }).finished).toBe(true);
  });
});

describe('recorded steps (--csv in the live view)', () => {
  it('are the sampled steps: every step when stepping by hand, every 10th at 60 steps/s', () => {
    const clock = new FakeClock();
    const rec = collector();
    const s = session({ scenario: unnarrated(), clock: clock.now, speed: 60, paused: true, recorder: rec });
    s.dispatch('step');
    s.dispatch('step');
    s.dispatch('step');
    s.dispatch('togglePause');
    runFor(s, clock, 1000);
    expect(rec.steps.slice(0, 4)).toEqual([0, 1, 2, 3]);
    const later = rec.steps.slice(4);
    expect(later.length).toBeGreaterThan(4);
    expect(later.every((t) => t % 10 === 0)).toBe(true);
    expect(later).toEqual([...later].sort((a, b) => a - b));
  });

  it('with --every K only multiples of K, and always the last step of --steps N', () => {
    const rec = collector();
    const s = session({ paused: true, recorder: rec, every: 3, stopAt: 10 });
    for (let i = 0; i < 10; i++) s.dispatch('step');
    expect(rec.steps).toEqual([0, 3, 6, 9, 10]);
  });

  it('hold the same numbers the headless run computes', () => {
    const rec = collector();
    const s = session({ paused: true, recorder: rec });
    for (let i = 0; i < 4; i++) s.dispatch('step');
    const ref = new Pair(paperBias());
    ref.advance(4);
    // The view's naive state also carries the true gradient (not recorded: CSV has no column for it).
    expect(rec.states[4].naive).toMatchObject(ref.naive.state());
    expect(rec.states[4].backprop).toEqual(ref.backprop.state());
  });

  it('stop when another run starts (r, R, n, p), and the caption line says so', () => {
    const rec = collector();
    const s = session({ paused: true, recorder: rec, newSeed: () => 9 });
    s.dispatch('step');
    expect(s.recording).toBe(true);
    s.dispatch('newSeed');
    expect(s.recording).toBe(false);
    expect(s.view(1).notice).toBe('series.csv holds the first run; e exports this one');
    s.dispatch('step');
    expect(rec.steps).toEqual([0, 1]);
  });

  it('a file that fails to write stops the recording, not the view', () => {
    const s = session({
      paused: true,
      recorder: {
        path: 'full.csv',
        write(st) {
          if (st.naive.step === 2) throw new Error('ENOSPC: no space left on device, write');
        },
      },
    });
    s.dispatch('step');
    s.dispatch('step');
    s.dispatch('step');
    expect(s.step).toBe(3);
    expect(s.recording).toBe(false);
    expect(s.view(1).notice).toBe('stopped writing full.csv: ENOSPC: no space left on device, write');
  });
});

describe('e: export the series so far', () => {
  it('hands the exporter the recorded rows plus the current step, and says where they went', () => {
    const got: SeriesExport[] = [];
    const clock = new FakeClock();
    const s = session({
      clock: clock.now,
      speed: 60,
      exporter: (e) => (got.push(e), `./normdrift-${e.name}-${e.seed}-${e.step}.csv`),
    });
    runFor(s, clock, 1000);
    s.dispatch('togglePause');
    const step = s.step;
    s.dispatch('export');
    expect(got).toHaveLength(1);
    const e = got[0];
    expect(e).toMatchObject({ name: 'paper-bias', seed: 42, step });
    const steps = e.rows.map((r) => r.step);
    // naive, backprop for each recorded step (0, 10, 20, …), then the current one if newer
    expect(e.rows.map((r) => r.model).slice(0, 4)).toEqual(['naive', 'backprop', 'naive', 'backprop']);
    expect(steps.slice(0, 4)).toEqual([0, 0, 10, 10]);
    expect(steps[steps.length - 1]).toBe(step);
    expect(new Set(steps).size * 2).toBe(steps.length);
    expect(s.view(1).notice).toBe(`exported ${e.rows.length} rows to ./normdrift-paper-bias-42-${step}.csv`);
    clock.advance(5000);
    expect(s.view(1).notice).toBeNull();
  });

  it('exports only the current run', () => {
    const got: SeriesExport[] = [];
    const s = session({ paused: true, exporter: (e) => (got.push(e), 'x.csv') });
    for (let i = 0; i < 5; i++) s.dispatch('step');
    s.dispatch('reset');
    s.dispatch('step');
    s.dispatch('export');
    expect(got[0].rows.map((r) => r.step)).toEqual([0, 0, 1, 1]);
  });

  it('a failed export is a line in the caption, never a crash', () => {
    const s = session({
      exporter: () => {
        throw new Error('permission denied (writing ./normdrift-paper-bias-42-0.csv)\nstack…');
      },
    });
    s.dispatch('export');
    expect(s.view(1).notice).toBe('could not export: permission denied (writing ./normdrift-paper-bias-42-0.csv)');
    expect(session().dispatch('export')).toBeUndefined();
  });

  it('says so when there is nowhere to export to', () => {
    const s = session();
    s.dispatch('export');
    expect(s.view(1).notice).toBe('export is not available here');
  });

  it('keeps memory bounded on long runs: at most 10 000 rows, on a coarser grid of steps', () => {
    const got: SeriesExport[] = [];
    const s = session({ paused: true, exporter: (e) => (got.push(e), 'x.csv') });
    for (let i = 0; i < 12_000; i++) s.dispatch('step');
    s.dispatch('export');
    const steps = got[0].rows.map((r) => r.step);
    expect(steps.length).toBeLessThanOrEqual(10_002);
    expect(steps.length).toBeGreaterThan(4000);
    expect(steps[0]).toBe(0);
    expect(steps[steps.length - 1]).toBe(12_000);
    const stride = steps[2] - steps[0];
    expect(stride).toBe(4);
    expect(steps.slice(0, -2).every((t) => t % stride === 0)).toBe(true);
  });
});

describe('the replay line', () => {
  it('has scenario, seed, learning rate and the current speed; R changes the seed in it', () => {
    const s = session({ speed: 60, newSeed: () => 31337, replayFlags: ['--ascii'] });
    expect(s.replayCommand()).toBe('normdrift paper-bias --seed 42 --lr 0.1 --speed 60 --ascii');
    s.dispatch('faster');
    s.dispatch('newSeed');
    expect(s.view(1).replay).toBe('normdrift paper-bias --seed 31337 --lr 0.1 --speed 120 --ascii');
    for (let i = 0; i < 40; i++) s.dispatch('faster');
    expect(s.targetSpeed).toBe(MAX_SPEED);
    expect(s.replayCommand()).toMatch(/--speed max /);
  });

  it('spells a learning rate so the shell gives back the same number', () => {
    const s = session({ scenario: scenario('training: {learningRate: 0.000123}'), source: source({}) });
    expect(s.replayCommand()).toContain('--lr 0.000123 ');
    const tiny = session({ scenario: scenario('training: {learningRate: 1.5e-7}'), source: source({}) });
    const lr = /--lr (\S+)/.exec(tiny.replayCommand())![1];
    expect(Number(lr)).toBe(1.5e-7);
  });
});

describe('fastForward (--snapshot)', () => {
  it('runs to N, sampling every k steps and the last, recording multiples of --every', () => {
    const rec = collector();
    const s = session({ paused: true, stopAt: 23, every: 4, recorder: rec, keepLog: false, historyCapacity: 64 });
    s.fastForward(5);
    expect(s.step).toBe(23);
    expect(s.finished).toBe(true);
    expect(rec.steps).toEqual([0, 4, 8, 12, 16, 20, 23]);
    // samples 0, 5, 10, 15, 20 and 23
    expect(s.view(64).rows[0].cells.naive!.values).toHaveLength(6);
  });
});
