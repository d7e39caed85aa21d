import { afterEach, describe, expect, it } from 'vitest';
import { cursorShown, spawnLive, type Live } from './pty.js';

let live: Live | undefined;
afterEach(() => live?.dispose());

/** SGR colour: foreground/background 30–49, 90–107 or 256-colour. */
const COLOUR = /\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

describe('terminal behaviour', () => {
  it('re-lays out live on resize: side by side, stacked, too small, and back', async () => {
    live = spawnLive({ cols: 120, rows: 40 });
    await live.waitFor((t) => /╭─ naive.*╮╭─ backprop/.test(t), 'side by side');
    // 80 columns keep the panels side by side (compact, issue 14); 50 stack them.
    live.resize(50, 30);
    const stacked = await live.waitFor(
      (_, l) => l.some((x) => x.startsWith('╭─ naive')) && l.some((x) => x.startsWith('╭─ backprop')),
      'stacked panels',
    );
    expect(stacked.every((l) => !l.includes('╮╭'))).toBe(true);
    // 50 columns leave the title too little room beside the clock: the scenario's name comes first.
    expect(stacked[0]).toMatch(/^ paper-bias · .* seed 42$/);
    live.resize(40, 10);
    await live.waitFor((t) => /terminal too small \(need \d+×\d+\)/.test(t), 'the too-small message');
    live.resize(120, 40);
    const back = await live.waitFor((t) => /╭─ naive.*╮╭─ backprop/.test(t), 'side by side again');
    expect(back.join('\n')).not.toContain('too small');
  });

  it('runs without a keyboard when stdin is not a terminal, and SIGTERM ends it cleanly', async () => {
    live = spawnLive({ cols: 100, rows: 30, shell: 'exec "$NODE" "$CLI" < /dev/null', env: { NODE: process.execPath } });
    const lines = await live.waitFor((t) => t.includes('no keyboard: stdin is not a terminal'), 'the no-keyboard footer');
    expect(lines.join('\n')).toContain('╭─ naive');
    expect(live.raw()).not.toMatch(/Raw mode/);
    live.kill('SIGTERM');
    expect((await live.exited).exitCode).toBe(143);
    await live.screen();
    expect(live.bufferType()).toBe('normal');
    expect(cursorShown(live.raw())).toBe(true);
  });

  it('kill -HUP with the terminal still there restores it and exits 129', async () => {
    live = spawnLive({ cols: 100, rows: 30 });
    await live.waitFor((t) => t.includes('╭─ naive'), 'the dashboard');
    live.kill('SIGHUP');
    expect((await live.exited).exitCode).toBe(129);
    await live.screen();
    expect(live.bufferType()).toBe('normal');
    expect(cursorShown(live.raw())).toBe(true);
  });

  it('a terminal that hangs up ends the program by SIGHUP, without a crash', async () => {
    live = spawnLive({ cols: 100, rows: 30 });
    await live.waitFor((t) => t.includes('╭─ naive'), 'the dashboard');
    live.hangUp();
    // 1 = SIGHUP. Node's exit-time tty reset would abort with a core dump (signal 6) instead.
    expect((await live.exited).signal).toBe(1);
  });

  it('uses colour by default and none with NO_COLOR=1 or --no-color', async () => {
    const run = async (env: Record<string, string | undefined>, args: string[] = []) => {
      const l = spawnLive({ cols: 100, rows: 30, env: { FORCE_COLOR: undefined, ...env }, args });
      await l.waitFor((t) => t.includes('╭─ naive') && /step [1-9]/.test(t), 'the dashboard');
      l.write('q');
      await l.exited;
      const raw = l.raw();
      l.dispose();
      return raw;
    };
    expect(await run({})).toMatch(COLOUR);
    expect(await run({ NO_COLOR: '1' })).not.toMatch(COLOUR);
    expect(await run({}, ['--no-color'])).not.toMatch(COLOUR);
  });

  it('--ascii puts only ASCII on the screen', async () => {
    live = spawnLive({ cols: 100, rows: 30, args: ['--ascii'] });
    const lines = await live.waitFor((t) => t.includes('+- naive') && /step [1-9]/.test(t), 'the ASCII dashboard');
    expect(lines.join('\n')).toMatch(/^[\x20-\x7e\n]*$/);
    // b has a chart under its row at 100×30 (issue 14); the x^ spread row keeps its sparkline.
    expect(lines.join('\n')).toMatch(/\| bias b\s+\d+\.\d+ \+/);
    expect(lines.join('\n')).toMatch(/\| x\^ spread\s+-+\s+\d+\.\d+ /);
  });

  it('paints with CI=true in the environment (a person is watching a terminal)', async () => {
    live = spawnLive({ cols: 100, rows: 30, env: { CI: 'true' } });
    await live.waitFor((t) => t.includes('╭─ naive') && /step [1-9]/.test(t), 'frames while running', 5000);
    live.write('q');
    expect((await live.exited).exitCode).toBe(0);
  });

  it('n switches to the next built-in scenario without restarting', async () => {
    live = spawnLive({ cols: 120, rows: 40 });
    await live.waitFor((t) => t.includes("The paper's example"), 'the first scenario');
    live.write('n');
    const next = await live.waitFor((_, l) => !l[0].includes("The paper's example") && /step \d+/.test(l[0]), 'another scenario');
    expect(next[0]).toMatch(/seed \d+$/);
    live.write('p');
    await live.waitFor((_, l) => l[0].includes("The paper's example"), 'back to the first');
  });
});
