import { describe, expect, it } from 'vitest';
import { num } from '../../src/output/explain.js';
import { paperBias, session, source } from '../session/helpers.js';
import { mountApp, tick } from './frame.js';

/** Key c, through the App and ink-testing-library: it pauses, s steps inside it, esc or c closes it. */

function mount(paused: boolean) {
  const a = paperBias();
  return mountApp(session({ scenario: a, source: source({ 'paper-bias': a }), paused }), { rows: 40 });
}

describe('the close-up key', () => {
  it('opens on a paused run, s steps and shows the new step\'s numbers, esc closes and leaves it paused', async () => {
    const m = mount(true);
    await tick();
    await m.press('c');
    const first = m.lastFrame()!;
    expect(first).toContain('step 0 up close');
    const c0 = m.s.closeUp();
    expect(first).toContain(`(at b = ${num(c0.naive!.identity.b)}`);
    await m.press('s');
    expect(m.s.step).toBe(1);
    const c1 = m.s.closeUp();
    expect(m.lastFrame()).toContain('step 1 up close');
    // The new b is the old b plus the Δb the close-up showed.
    expect(c1.naive!.identity.b).toBeCloseTo(c0.naive!.identity.b + c0.naive!.deltaB, 14);
    expect(m.lastFrame()).toContain(`(at b = ${num(c1.naive!.identity.b)}`);
    // Other keys do nothing while it is open (n would switch scenario under it).
    await m.press(' ');
    expect(m.s.isPaused).toBe(true);
    await m.press('\u001b');
    expect(m.lastFrame()).not.toContain('up close');
    expect(m.s.isPaused).toBe(true);
    m.unmount();
  });

  it('pauses a running run, and c closes it and resumes', async () => {
    const m = mount(false);
    await tick();
    expect(m.s.isPaused).toBe(false);
    await m.press('c');
    expect(m.s.isPaused).toBe(true);
    expect(m.lastFrame()).toContain('up close');
    await m.press('c');
    expect(m.s.isPaused).toBe(false);
    expect(m.lastFrame()).not.toContain('up close');
    m.unmount();
  });

  it('↓ scrolls and ↑ scrolls back, within the text', async () => {
    const m = mount(true);
    await tick();
    await m.press('c');
    expect(m.lastFrame()).toMatch(/lines 1–/);
    await m.press('j');
    expect(m.lastFrame()).toMatch(/lines 2–/);
    await m.press('\u001b[B');
    expect(m.lastFrame()).toMatch(/lines 3–/);
    await m.press('k');
    expect(m.lastFrame()).toMatch(/lines 2–/);
    await m.press('k');
    expect(m.lastFrame()).toMatch(/lines 1–/);
    await m.press('k');
    expect(m.lastFrame()).toMatch(/lines 1–/);
    m.unmount();
  });
});
