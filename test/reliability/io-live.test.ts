import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
      // Frames keep coming until the recording has hit the full disk, and after.
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
      // q: 1 once the live mode reads the writers' failed state (LiveOutputs.failed, see the
      // reliability-io report); 0 before that. A signal keeps its own code.
      if (end === 'q') expect([0, 1]).toContain(exitCode);
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
});
