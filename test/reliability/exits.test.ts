import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, cursorShown, spawnLive, type Live } from '../e2e/pty.js';

const THROW = fileURLToPath(new URL('./fixtures/throw-after.mjs', import.meta.url));
const errFile = () => join(mkdtempSync(join(tmpdir(), 'normdrift-rel-')), 'stderr.txt');
const bothPanels = (t: string) => t.includes('naive') && t.includes('backprop');

let live: Live | undefined;
afterEach(() => {
  live?.dispose();
  live = undefined;
});

describe('an internal failure during a live session', () => {
  it('restores the terminal and exits 1 with a one-line message, no stack', async () => {
    const err = errFile();
    live = spawnLive({
      shell: `"${process.execPath}" --import "${THROW}" "$CLI" 2>"${err}"`,
      env: { THROW_AFTER_MS: '1500' },
    });
    await live.waitFor(bothPanels, 'the dashboard');
    const { exitCode } = await live.exited;
    expect(exitCode).toBe(1);
    expect(live.bufferType()).toBe('normal');
    expect(cursorShown(live.raw())).toBe(true);
    // Only the message: no control sequences (Ink's cursor helper would add one at exit).
    const stderr = readFileSync(err, 'utf8');
    expect(stderr).not.toContain('\x1b');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('injected failure');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('q leaves nothing on a stderr sent to a file', async () => {
    const err = errFile();
    live = spawnLive({ shell: `"${process.execPath}" "$CLI" 2>"${err}"` });
    await live.waitFor(bothPanels, 'the dashboard');
    live.write('q');
    expect((await live.exited).exitCode).toBe(0);
    expect(cursorShown(live.raw())).toBe(true);
    expect(JSON.stringify(readFileSync(err, 'utf8'))).toBe('""');
  });

  it('shows the stack with --debug', async () => {
    const err = errFile();
    live = spawnLive({
      shell: `"${process.execPath}" --import "${THROW}" "$CLI" --debug 2>"${err}"`,
      env: { THROW_AFTER_MS: '1200' },
    });
    const { exitCode } = await live.exited;
    expect(exitCode).toBe(1);
    const stderr = readFileSync(err, 'utf8');
    expect(stderr).toMatch(/injected failure[\s\S]*\n\s+at /);
  });
});

describe('resize storms and tiny terminals', () => {
  it('survives dozens of resizes a second, down to 1×1, and recovers', async () => {
    live = spawnLive({ cols: 100, rows: 30 });
    await live.waitFor(bothPanels, 'the dashboard');
    const sizes: Array<[number, number]> = [];
    for (let i = 0; i < 80; i++) sizes.push([1 + ((i * 37) % 200), 1 + ((i * 17) % 60)]);
    sizes.push([1, 1]);
    for (const [c, r] of sizes) {
      live.resize(c, r);
      await new Promise((res) => setTimeout(res, 15)); // ~65 resizes a second
    }
    await new Promise((res) => setTimeout(res, 300));
    live.resize(100, 30);
    const lines = await live.waitFor(
      (t, l) => bothPanels(t) && /step \d+/.test(l[0] ?? '') && (l.at(-2) ?? '').includes('quit'),
      'the dashboard laid out again at 100×30',
    );
    expect(lines[0]).toContain('normdrift');
    live.write('q');
    expect((await live.exited).exitCode).toBe(0);
  });

  it('starts in a 1×1 terminal without crashing and draws once there is room', async () => {
    live = spawnLive({ cols: 1, rows: 1 });
    await new Promise((res) => setTimeout(res, 1500));
    live.resize(120, 40);
    await live.waitFor(bothPanels, 'the dashboard after growing from 1×1');
    live.write('q');
    expect((await live.exited).exitCode).toBe(0);
  });
});

describe('pipes', () => {
  it('a reader that stops early ends normdrift quietly: no EPIPE stack, exit 0', () => {
    const r = spawnSync('/bin/bash', ['-c', `"${process.execPath}" "${CLI}" --json --steps 200000 | head -1; echo "status=\${PIPESTATUS[0]}" >&2`], {
      encoding: 'utf8',
    });
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ type: 'scenario' });
    expect(r.stderr.trim()).toBe('status=0');
  });
});
