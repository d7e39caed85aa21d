import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnLive, type Live } from '../e2e/pty.js';

// Issue 17: "the disk fills while --record is running: the view freezes … q, Ctrl+C and SIGTERM
// do nothing; the terminal stays in the alternate screen". In a real pseudo-terminal, with the
// recording on a 64 KiB tmpfs that is nearly full (root only; skipped with a message otherwise).

let dir: string | null = null;
let skip = '';
beforeAll(() => {
  if (process.getuid?.() !== 0) {
    skip = 'not root: cannot mount a small tmpfs';
  } else {
    const d = mkdtempSync(join(tmpdir(), 'normdrift-full-'));
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', d], { encoding: 'utf8' });
    if (r.status === 0) dir = d;
    else skip = `mount -t tmpfs failed: ${r.stderr.trim()}`;
  }
  if (skip) console.warn(`io-live: skipped (${skip})`);
});
afterAll(() => {
  if (dir) spawnSync('umount', [dir]);
});

let live: Live | undefined;
afterEach(() => {
  live?.dispose();
  live = undefined;
});

/** Leaves about `room` bytes free on the small disk. */
function fill(room: number): void {
  const filler = join(dir!, 'filler');
  try {
    writeFileSync(filler, Buffer.alloc(64 * 1024));
  } catch {
    // Full.
  }
  writeFileSync(filler, Buffer.alloc(Math.max(0, readFileSync(filler).length - room)));
}

describe('a recording whose disk fills during the live view', () => {
  for (const end of ['q', 'SIGTERM'] as const)
    it(`keeps the view alive, and ${end} still ends it with the terminal restored`, async () => {
      if (dir === null) return;
      spawnSync('sh', ['-c', `rm -f ${dir}/*`]);
      fill(4 * 1024);
      const cast = join(dir, 'demo.cast');
      live = spawnLive({ args: ['--record', cast, '--speed', '200'], cols: 100, rows: 30 });
      await live.waitFor((t) => t.includes('backprop'), 'the dashboard');
      // Said in the view when the disk fills; frames keep coming after that.
      await live.waitFor((t) => t.includes(`stopped recording ${cast}: no space left on the device`), 'the notice');
      const before = (await live.screen()).join('\n');
      await new Promise((r) => setTimeout(r, 2500));
      const after = await live.waitFor((t) => t !== before && t.includes('backprop'), 'the view still updating');
      expect(after.join('\n')).not.toMatch(/ENOSPC|Error/);

      if (end === 'q') live.write('q');
      else live.kill('SIGTERM');
      const { exitCode } = await live.exited;
      expect(live.bufferType()).toBe('normal');
      const raw = live.raw();
      // Cursor shown again after it was hidden, alternate screen left.
      expect(raw.lastIndexOf('\u001b[?25h')).toBeGreaterThan(raw.lastIndexOf('\u001b[?25l'));
      expect(raw.lastIndexOf('\u001b[?1049l')).toBeGreaterThan(raw.lastIndexOf('\u001b[?1049h'));
      expect(raw).toContain(`could not finish --record ${cast}: no space left on the device`);
      // q: 1, the run lost its recording (LiveOutputs.failed). A signal keeps its own code.
      if (end === 'q') expect(exitCode).toBe(1);
      else expect(exitCode).toBe(143);
      // The recording holds whole events up to the failure: it still plays.
      const lines = readFileSync(cast, 'utf8').split('\n');
      expect(lines.pop()).toBe('');
      expect(() => lines.map((l) => JSON.parse(l) as unknown)).not.toThrow();
    });

  it('--record or --csv to /dev/full is refused before the alternate screen, exit 2', async () => {
    for (const args of [['--record', '/dev/full'], ['--csv', '/dev/full']]) {
      live = spawnLive({ args, cols: 100, rows: 30 });
      const { exitCode } = await live.exited;
      expect(exitCode).toBe(2);
      expect(live.raw()).not.toContain('\u001b[?1049h');
      expect(live.raw()).toContain(`cannot write ${args[0]} /dev/full: no space left on the device`);
      live.dispose();
      live = undefined;
    }
  });

  it('a --csv that fills the disk mid-run: said in the view, the view goes on, q exits 1', async () => {
    if (dir === null) return;
    spawnSync('sh', ['-c', `rm -f ${dir}/*`]);
    fill(8 * 1024);
    const csv = join(dir, 'steps.csv');
    live = spawnLive({ args: ['--csv', csv, '--speed', 'max'], cols: 100, rows: 30 });
    await live.waitFor((t) => t.includes(`stopped writing ${csv}: no space left on the device`), 'the notice', 20_000);
    const before = await live.screen();
    await live.waitFor((t) => t !== before.join('\n') && t.includes('backprop'), 'the view still updating');
    live.write('q');
    const { exitCode } = await live.exited;
    expect(exitCode).toBe(1);
    expect(live.bufferType()).toBe('normal');
    expect(live.raw()).toMatch(/could not finish --csv|cannot write --csv/);
    // Whole rows only.
    expect(readFileSync(csv, 'utf8').endsWith('\n')).toBe(true);
  });
});

describe('outputs refused at start leave nothing behind', () => {
  it('--csv NEW --record /dev/full: exit 2, NEW not created; an existing --csv untouched', async () => {
    const d = mkdtempSync(join(tmpdir(), 'normdrift-refused-'));
    const fresh = join(d, 'fresh.csv');
    live = spawnLive({ args: ['--csv', fresh, '--record', '/dev/full'] });
    expect((await live.exited).exitCode).toBe(2);
    expect(existsSync(fresh)).toBe(false);
    live.dispose();
    const kept = join(d, 'kept.csv');
    writeFileSync(kept, 'mine\n');
    live = spawnLive({ args: ['--csv', kept, '--record', join(d, 'no', 'such', 'dir.cast')] });
    expect((await live.exited).exitCode).toBe(2);
    expect(readFileSync(kept, 'utf8')).toBe('mine\n');
  });
});
