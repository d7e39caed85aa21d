import { describe, expect, it } from 'vitest';
import { MAX_SPEED, TICK_BUDGET_MS } from '../../src/session/clock.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { LiveSession, type ScenarioSource } from '../../src/session/live.js';
import { Pair } from '../../src/session/pair.js';
import { FakeClock, NAIVE_DIVERGES, paperBias, scenario, session, source, unnarrated } from './helpers.js';

/** Tick every 16 ms for `ms` of fake time. */
function runFor(s: ReturnType<typeof session>, clock: FakeClock, ms: number) {
  s.tick(clock.t);
  for (let t = 0; t < ms; t += 16) s.tick(clock.advance(16));
}

describe('the training clock', () => {
  it('advances speed × elapsed time, carrying fractions between ticks', () => {
    const clock = new FakeClock();
    const s = session({ scenario: unnarrated(), clock: clock.now, speed: 60 });
    runFor(s, clock, 1000);
    expect(s.step).toBe(60);
    const slow = session({ scenario: unnarrated(), clock: clock.now, speed: 1 });
    runFor(slow, clock, 2500);
    expect(slow.step).toBe(2);
  });

  it('both models advance together: the naive and backprop step counters agree', () => {
    const clock = new FakeClock();
    const s = session({ scenario: unnarrated(), clock: clock.now, speed: 250 });
    runFor(s, clock, 400);
    const v = s.view(10);
    expect(v.step).toBe(100);
    const ref = new Pair(paperBias());
    ref.advance(100);
    const b = v.rows.find((r) => r.key === 'bias')!;
    expect(b.cells.naive!.current).toBe(ref.naive.state().b);
    expect(b.cells.backprop!.current).toBe(ref.backprop.state().b);
  });

  it('does not catch up after a stall (a suspended process comes back at the same speed)', () => {
    const clock = new FakeClock();
    const s = session({ scenario: unnarrated(), clock: clock.now, speed: 100 });
    s.tick(clock.t);
    s.tick(clock.advance(60_000));
    expect(s.step).toBe(25); // at most 250 ms worth
  });

  it('stays within its time budget when steps are expensive, and says it is behind', () => {
    const clock = new FakeClock();
    clock.costPerRead = 0.5; // every clock read costs 0.5 ms: computing is slow
    const s = session({ scenario: unnarrated(), clock: clock.now, speed: 1_000_000 });
    s.tick(clock.t);
    const start = clock.t;
    s.tick(clock.advance(16));
    expect(clock.t - start - 16).toBeLessThan(TICK_BUDGET_MS + 2);
    expect(s.step).toBeGreaterThan(0);
    expect(s.step).toBeLessThan(16_000);
    expect(s.view(1).behind).toBe(true);
  });

  it('samples history on multiples of the stride: every 10th step at 60 steps/s', () => {
    const clock = new FakeClock();
    const s = session({ scenario: unnarrated(), clock: clock.now, speed: 60, historyCapacity: 64 });
    runFor(s, clock, 2000);
    const view = s.view(64);
    expect(view.step).toBeGreaterThanOrEqual(119);
    // Running, the sparkline holds the samples at 0, 10, 20, … only: it moves at the data rate.
    const samples = Math.floor(view.step / 10) + 1;
    expect(view.rows[0].cells.naive!.values).toHaveLength(samples);
    // Paused, the current state is appended when it is past the last sample: the line ends
    // on the number printed beside it.
    s.dispatch('togglePause');
    const paused = s.view(64).rows[0].cells.naive!;
    expect(paused.values).toHaveLength(samples + (view.step % 10 === 0 ? 0 : 1));
    expect(paused.values.at(-1)).toBe(paused.current);
  });

  it('while running, redraws sparklines only when a sample lands, except before the first one', () => {
    const clock = new FakeClock();
    const s = session({ scenario: unnarrated(), clock: clock.now, speed: 60 });
    s.tick(clock.now());
    s.tick(clock.advance(50));
    // Steps 1–3 run before the sample at step 10: the line shows step 0 and now, not one point.
    expect(s.step).toBe(3);
    expect(s.view(64).rows[0].cells.naive!.values).toHaveLength(2);
    let before = { step: s.step, line: s.view(64).rows[0].cells.naive!.values };
    let changes = 0;
    for (let i = 0; i < 60; i++) {
      s.tick(clock.advance(16));
      const now = { step: s.step, line: s.view(64).rows[0].cells.naive!.values };
      const sampled = Math.floor(now.step / 10) > Math.floor(before.step / 10);
      if (before.step >= 10) expect(now.line.join() !== before.line.join()).toBe(sampled);
      if (sampled) changes++;
      before = now;
    }
    expect(changes).toBeGreaterThanOrEqual(5);
  });

  it('keeps memory bounded: history never exceeds its capacity however long it runs', () => {
    const clock = new FakeClock();
    const s = session({ scenario: unnarrated(), clock: clock.now, speed: 1000, historyCapacity: 32 });
    runFor(s, clock, 10_000);
    expect(s.step).toBe(10_000);
    expect(s.view(1000).rows[0].cells.naive!.values.length).toBeLessThanOrEqual(32);
  });
});

describe('commands', () => {
  it('pause stops the clock; resume does not catch up the paused time', () => {
    const clock = new FakeClock();
    const s = session({ scenario: unnarrated(), clock: clock.now, speed: 100 });
    runFor(s, clock, 200);
    const at = s.step;
    s.dispatch('togglePause');
    expect(s.isPaused).toBe(true);
    runFor(s, clock, 2000);
    expect(s.step).toBe(at);
    s.dispatch('togglePause');
    s.tick(clock.advance(16));
    s.tick(clock.advance(16));
    expect(s.step - at).toBeLessThanOrEqual(2);
  });

  it('s steps exactly one while paused and only says how while running', () => {
    const clock = new FakeClock();
    const s = session({ clock: clock.now, paused: true });
    s.dispatch('step');
    s.dispatch('step');
    expect(s.step).toBe(2);
    expect(s.view(5).rows[0].cells.naive!.values).toHaveLength(3);
    s.dispatch('togglePause');
    s.dispatch('step');
    expect(s.step).toBe(2);
    expect(s.view(5).notice).toMatch(/press space/);
    clock.advance(5000);
    expect(s.view(5).notice).toBeNull();
  });

  it('+ and - walk the ladder from 1 up to the maximum', () => {
    const s = session({ speed: 60 });
    s.dispatch('faster');
    expect(s.targetSpeed).toBe(120);
    s.dispatch('slower');
    s.dispatch('slower');
    expect(s.targetSpeed).toBe(30);
    for (let i = 0; i < 40; i++) s.dispatch('slower');
    expect(s.targetSpeed).toBe(1);
    for (let i = 0; i < 40; i++) s.dispatch('faster');
    expect(s.targetSpeed).toBe(MAX_SPEED);
  });

  it('r resets to step 0 with the same seed: the run replays identically', () => {
    const clock = new FakeClock();
    const s = session({ clock: clock.now, speed: 120 });
    runFor(s, clock, 500);
    const first = s.view(100).rows.map((r) => r.cells.naive!.values);
    s.dispatch('reset');
    expect(s.step).toBe(0);
    runFor(s, clock, 500);
    expect(s.view(100).rows.map((r) => r.cells.naive!.values)).toEqual(first);
  });

  it('R resets with a new seed, which changes the data', () => {
    const s = session({ newSeed: () => 7 });
    const before = s.view(1).rows.find((r) => r.key === 'meanX')!.cells.naive!.current;
    s.dispatch('newSeed');
    const v = s.view(1);
    expect(v.seed).toBe(7);
    expect(v.step).toBe(0);
    expect(v.rows.find((r) => r.key === 'meanX')!.cells.naive!.current).not.toBe(before);
    expect(s.replayCommand()).toBe('normdrift paper-bias --seed 7 --lr 0.1 --speed 60');
  });

  it('n and p walk the built-in list, wrapping around, each from step 0', () => {
    const a = paperBias();
    const b = scenario('training: {learningRate: 0.3}', 'second');
    const c = scenario('seed: 5', 'third');
    const s = session({ scenario: a, source: source({ 'paper-bias': a, second: b, third: c }), paused: true });
    s.dispatch('step');
    s.dispatch('nextScenario');
    expect(s.view(1)).toMatchObject({ name: 'second', title: 'second', step: 0, index: { at: 2, of: 3 } });
    s.dispatch('nextScenario');
    s.dispatch('nextScenario');
    expect(s.view(1).name).toBe('paper-bias');
    s.dispatch('prevScenario');
    expect(s.view(1).name).toBe('third');
    expect(s.replayCommand()).toBe('normdrift third --seed 5 --lr 0.1 --speed 60');
  });

  it('a scenario that fails to load leaves the current one running and says why', () => {
    const a = paperBias();
    const s = session({ scenario: a, source: source({ 'paper-bias': a, broken: new Error('broken.yaml:3:1: title: required') }) });
    s.dispatch('nextScenario');
    const v = s.view(1);
    expect(v.name).toBe('paper-bias');
    expect(v.notice).toBe('could not load broken: broken.yaml:3:1: title: required');
  });

  it('a scenario read from its file shows once read; meanwhile the view says so, and only the last n/p counts', async () => {
    const a = paperBias();
    const b = scenario('training: {learningRate: 0.3}', 'second');
    const c = scenario('seed: 5', 'third');
    const pending: Record<string, (s: Scenario) => void> = {};
    const slow: ScenarioSource = {
      names: () => ['paper-bias', 'second', 'third'],
      load: (name) => new Promise<Scenario>((resolve) => (pending[name] = resolve)),
    };
    const s = session({ scenario: a, source: slow, paused: true });
    s.dispatch('nextScenario');
    expect(s.view(1)).toMatchObject({ name: 'paper-bias', notice: 'loading second…' });
    expect(s.noticeShown).toBe(true);
    s.dispatch('prevScenario');
    expect(s.view(1).notice).toBe('loading third…');
    pending.third(c);
    await Promise.resolve();
    expect(s.view(1)).toMatchObject({ name: 'third', title: 'third', step: 0, notice: null });
    // The earlier press finishing late changes nothing.
    pending.second(b);
    await Promise.resolve();
    expect(s.view(1).name).toBe('third');
  });

  it('a scenario whose read fails later leaves the current one running and says why', async () => {
    const a = paperBias();
    const failing: ScenarioSource = {
      names: () => ['paper-bias', 'broken'],
      load: () => Promise.reject(new Error('broken.yaml:3:1: title: required\nsecond line')),
    };
    const s = session({ scenario: a, source: failing });
    s.dispatch('nextScenario');
    await new Promise((r) => setImmediate(r));
    expect(s.view(1)).toMatchObject({ name: 'paper-bias', notice: 'could not load broken: broken.yaml:3:1: title: required' });
  });

  it('from a file outside the list, n goes to the first built-in and p to the last', () => {
    const a = paperBias();
    const mk = () =>
      new LiveSession({
        initial: { name: 'mine', arg: './my dir/mine.yaml', builtin: false, scenario: a },
        source: source({ one: a, two: a }),
      });
    const s = mk();
    expect(s.replayCommand()).toBe("normdrift './my dir/mine.yaml' --seed 42 --lr 0.1 --speed 60");
    expect(s.view(1).index).toBeNull();
    s.dispatch('nextScenario');
    expect(s.view(1).name).toBe('one');
    const t = mk();
    t.dispatch('prevScenario');
    expect(t.view(1).name).toBe('two');
  });
});

describe('divergence', () => {
  it('is reported per model with its step; the other keeps training', () => {
    const clock = new FakeClock();
    const s = session({ clock: clock.now, scenario: scenario(NAIVE_DIVERGES), speed: 60 });
    runFor(s, clock, 500);
    const v = s.view(10);
    expect(v.divergedAt).toEqual({ naive: 1, backprop: null });
    expect(v.rows.every((r) => r.cells.naive === null && r.cells.backprop !== null)).toBe(true);
    expect(v.caption.live).toMatch(/^naive diverged at step 1/);
  });
});
