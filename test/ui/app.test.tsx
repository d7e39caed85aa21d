import { describe, expect, it } from 'vitest';
import { paperBias, scenario, session, source } from '../session/helpers.js';
import { mountApp, tick } from './frame.js';

function mount(o: { keyboard?: boolean; columns?: number; rows?: number } = {}) {
  const a = paperBias();
  const b = scenario('seed: 3', 'Second scenario');
  const s = session({ scenario: a, source: source({ 'paper-bias': a, second: b }), paused: true, newSeed: () => 4242 });
  return mountApp(s, o);
}

describe('App: the key table drives the session', () => {
  it('space toggles pause, s steps, + and - change the speed', async () => {
    const m = mount();
    await tick();
    expect(m.lastFrame()).toContain('step 0 · paused · seed 42');
    await m.press('s');
    await m.press('s');
    expect(m.lastFrame()).toContain('step 2 · paused');
    await m.press(' ');
    expect(m.lastFrame()).toContain('step 2 · 60 steps/s · seed 42');
    await m.press('+');
    expect(m.lastFrame()).toContain('120 steps/s');
    await m.press('-');
    await m.press('-');
    expect(m.lastFrame()).toContain('30 steps/s');
    m.unmount();
  });

  it('r resets, R picks a new seed, n switches scenario', async () => {
    const m = mount();
    await tick();
    await m.press('s');
    await m.press('r');
    expect(m.lastFrame()).toContain('step 0 · paused · seed 42');
    await m.press('R');
    expect(m.lastFrame()).toContain('step 0 · paused · seed 4242');
    await m.press('n');
    expect(m.lastFrame()).toMatch(/normdrift · Second scenario\s+step 0 · paused · seed 3/);
    m.unmount();
  });

  it('? opens the help overlay and esc or ? closes it', async () => {
    const m = mount();
    await tick();
    await m.press('?');
    expect(m.lastFrame()).toContain('? or esc closes help');
    await m.press('\x1b');
    await tick();
    expect(m.lastFrame()).not.toContain('closes help');
    await m.press('?');
    await m.press('?');
    expect(m.lastFrame()).toContain('╭─ naive');
    m.unmount();
  });

  it('q exits 0 and Ctrl+C exits 130; keys after either are not commands any more', async () => {
    const m = mount();
    await tick();
    await m.press('q');
    expect(m.onExit).toHaveBeenLastCalledWith(0);
    await m.press('\x03');
    expect(m.onExit).toHaveBeenCalledTimes(1);
    m.unmount();
    const c = mount();
    await tick();
    await c.press('\x03');
    expect(c.onExit).toHaveBeenLastCalledWith(130);
    c.unmount();
  });

  it('re-lays out when the terminal is resized', async () => {
    const m = mount({ columns: 120, rows: 40 });
    await tick();
    expect(m.lastFrame()!.split('\n')[1]).toMatch(/╮╭/);
    m.screen.resize(80, 24);
    await tick();
    const lines = m.lastFrame()!.split('\n');
    // 80×24: still side by side, compact (no borders, no change column).
    expect(lines[1]).toMatch(/^ naive: .* backprop: /);
    expect(lines.some((l) => l.includes('╭'))).toBe(false);
    m.unmount();
  });

  it('without a keyboard, keys do nothing and nothing asks for raw mode', async () => {
    const m = mount({ keyboard: false });
    await tick();
    await m.press('q');
    await m.press(' ');
    expect(m.onExit).not.toHaveBeenCalled();
    expect(m.lastFrame()).toContain('no keyboard: stdin is not a terminal');
    m.unmount();
  });
});

describe('App: recording and export', () => {
  it('e exports through the session and the caption line says where', async () => {
    const a = paperBias();
    const s = session({ scenario: a, paused: true, exporter: (e) => `./normdrift-${e.name}-${e.seed}-${e.step}.csv` });
    const r = mountApp(s);
    await tick();
    r.stdin.write('s');
    await tick();
    r.stdin.write('e');
    // Answered asynchronously (input listener, then a render): wait for the frame, as press() does.
    for (let waited = 0; waited < 1000 && !r.lastFrame()?.includes('exported'); waited += 5) await tick();
    expect(r.lastFrame()).toContain('exported 4 rows to ./normdrift-paper-bias-42-1.csv');
    r.unmount();
  });

  it('with --exit-at-end, ends by itself, exit 0, once the frame at --steps N has been drawn', async () => {
    const s = session({ scenario: paperBias(), paused: true, stopAt: 2 });
    const r = mountApp(s, { exitAtEnd: true });
    const onExit = r.onExit;
    await tick();
    r.stdin.write('s');
    await tick();
    expect(onExit).not.toHaveBeenCalled();
    r.stdin.write('s');
    await tick();
    expect(r.lastFrame()).toContain('step 2 · finished · r replay · q quit');
    await tick();
    expect(onExit).toHaveBeenCalledWith(0);
    r.unmount();
  });

  it('without it, holds the frame at --steps N until q; r replays from step 0', async () => {
    const s = session({ scenario: paperBias(), paused: true, stopAt: 2 });
    const r = mountApp(s);
    const onExit = r.onExit;
    await tick();
    r.stdin.write('s');
    await tick();
    r.stdin.write('s');
    for (let waited = 0; waited < 1000 && !r.lastFrame()?.includes('step 2 · finished'); waited += 5) await tick();
    expect(r.lastFrame()).toContain('step 2 · finished · r replay · q quit');
    for (let i = 0; i < 5; i++) await tick();
    expect(onExit).not.toHaveBeenCalled();
    r.stdin.write('r');
    for (let waited = 0; waited < 1000 && !r.lastFrame()?.includes('step 0'); waited += 5) await tick();
    expect(r.lastFrame()).not.toContain('finished');
    r.stdin.write('q');
    await tick();
    expect(onExit).toHaveBeenCalledWith(0);
    r.unmount();
  });

  it('pauses the run while the help is open and leaves it running or paused as it was', async () => {
    const s = session({ scenario: paperBias(), speed: 60 });
    const r = mountApp(s);
    await tick();
    expect(s.isPaused).toBe(false);
    r.stdin.write('?');
    for (let waited = 0; waited < 1000 && !s.isPaused; waited += 5) await tick();
    expect(s.isPaused).toBe(true);
    r.stdin.write('?');
    for (let waited = 0; waited < 1000 && s.isPaused; waited += 5) await tick();
    expect(s.isPaused).toBe(false);
    r.stdin.write(' ');
    await tick();
    expect(s.isPaused).toBe(true);
    r.stdin.write('?');
    await tick();
    r.stdin.write('\x1b');
    for (let i = 0; i < 10; i++) await tick();
    expect(s.isPaused).toBe(true);
    r.unmount();
  });
});

describe('the recording title', () => {
  it('is "normdrift · <scenario title>" as plain text, whatever the scenario file holds', async () => {
    const { castTitle } = await import('../../src/ui/live.js');
    expect(castTitle("The paper's example")).toBe("normdrift · The paper's example");
    expect(castTitle('evil \x1b]0;owned\x07\ntitle')).toBe('normdrift · evil ␛]0;owned␇ title');
  });
});
