import { afterEach, describe, expect, it } from 'vitest';
import { cursorShown, spawnLive, stepOf, type Live } from './pty.js';

let live: Live | undefined;
afterEach(() => live?.dispose());

const sideBySide = (text: string) => /╭─ naive.*╮╭─ backprop/.test(text);

describe('live view in a real terminal', () => {
  it('shows both panels with charts and sparklines, and the step advances', async () => {
    live = spawnLive({ cols: 120, rows: 40 });
    const first = await live.waitFor((t) => sideBySide(t) && /step [1-9]/.test(t), 'both panels side by side');
    // At 120×40 the main quantities get a chart under their row (issue 14), the rest sparklines.
    const at = first.findIndex((l) => l.startsWith('│ bias b'));
    expect(first[at]).toMatch(/│ bias b\s+\d+\.\d+ \+\d/);
    expect(first[at]).toMatch(/││ bias b\s+≈?0 ≈?0\s+flat\s+│$/);
    expect(first.slice(at + 1, at + 4).some((l) => /^│ +\S*[┤│][\u2800-\u28ff ]/.test(l))).toBe(true);
    expect(first.some((l) => /^│ x̂ spread\s+─+.*flat ││ x̂ spread\s+─+.*flat │$/.test(l))).toBe(true);
    expect(first.some((l) => /^│ loss\s+\d.*flat\s+││ loss\s+\d.*flat\s+│$/.test(l))).toBe(true);
    const s0 = stepOf(first);
    const later = await live.waitFor((_, l) => stepOf(l) > s0 + 5, 'the step to advance');
    expect(later[0]).toMatch(/^ normdrift · The paper's example .* step \d+ · 60 steps\/s · seed 42$/);
  });

  it('space pauses, s steps by exactly one, space resumes', async () => {
    live = spawnLive({ cols: 100, rows: 30 });
    await live.waitFor((t) => /step [1-9]/.test(t), 'training to start');
    live.write(' ');
    const paused = await live.waitFor((t) => t.includes('· paused ·'), 'the pause');
    const at = stepOf(paused);
    await new Promise((r) => setTimeout(r, 400));
    expect(stepOf(await live.screen())).toBe(at);
    live.write('s');
    await live.waitFor((_, l) => stepOf(l) === at + 1, 'one step');
    live.write(' ');
    await live.waitFor((_, l) => stepOf(l) > at + 3 && l[0].includes('steps/s'), 'training to resume');
  });

  it('q exits 0 and leaves the terminal as it was: main screen, cursor shown, raw mode off', async () => {
    live = spawnLive({ cols: 100, rows: 30, shell: '"$NODE" "$CLI"; echo "exit=$?"; stty -a; echo "stty-done"', env: { NODE: process.execPath } });
    await live.waitFor((t) => t.includes('╭─ naive'), 'the dashboard');
    expect(live.bufferType()).toBe('alternate');
    live.write('q');
    const after = await live.waitFor((t) => t.includes('stty-done'), 'the shell after exit');
    const text = after.join('\n');
    expect(text).toMatch(/exit=0/);
    expect(text).toMatch(/^normdrift paper-bias --seed 42 --lr 0\.1 --speed 60 {3}# stopped at step \d+$/m);
    expect(live.bufferType()).toBe('normal');
    expect(cursorShown(live.raw())).toBe(true);
    // stty reports the line discipline the program left: canonical mode and echo back on.
    expect(text).toMatch(/(^|\s)icanon(\s|$)/m);
    expect(text).toMatch(/(^|\s)echo(\s|$)/m);
    expect((await live.exited).exitCode).toBe(0);
  });

  it('Ctrl+C exits 130 with the terminal restored', async () => {
    live = spawnLive({ cols: 100, rows: 30 });
    await live.waitFor((t) => t.includes('╭─ naive'), 'the dashboard');
    live.write('\x03');
    expect((await live.exited).exitCode).toBe(130);
    await live.screen();
    expect(live.bufferType()).toBe('normal');
    expect(cursorShown(live.raw())).toBe(true);
  });

  it('frames stay in place at 80×24: header on the first row, the last row never used, no full clears', async () => {
    live = spawnLive({ cols: 80, rows: 24, args: ['--speed', 'max'] }); // max: no caption holds the clock, so a thousand steps come at once
    await live.waitFor((t) => /step \d{4}/.test(t), 'a thousand steps');
    const lines = await live.screen();
    expect(lines[0]).toMatch(/^ normdrift · /);
    expect(lines[23]).toBe('');
    expect(lines[22]).toMatch(/^ space pause · /);
    // Naive and backprop side by side, compact (issue 14): one title line for both.
    expect(lines.filter((l) => /^ naive: .* backprop: /.test(l))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith(' normdrift'))).toHaveLength(1);
    // Ink clears the whole screen each frame once a frame reaches the terminal's height.
    expect(live.raw().split('\x1b[2J').length - 1).toBe(1);
  });
});
