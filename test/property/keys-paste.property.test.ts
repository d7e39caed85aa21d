import fc from 'fast-check';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cursorShown, spawnLive } from '../e2e/pty.js';
import { cutAt } from '../ui/cut.js';

// Issue 17: random paste/key streams fed to the live view in a real pseudo-terminal never hang,
// never crash, and never write a file the user did not ask for (an `e` typed outside a paste is
// the only way to ask). Bounded: ten runs of two to four seconds.

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

type Part = { keys: string } | { paste: string };

// Keys a person could type, Ctrl+Z left out (it stops the process: tested on its own). q and
// Ctrl+C end the run early, which is fine: the run must still end cleanly.
const key = fc.constantFrom('s', ' ', '+', '-', 'r', 'R', 'n', 'p', 'e', '?', 'h', '\x1b', 'x', '\r', '\t', '\x7f', '1', 'q', '\x03');
const keys = fc.array(key, { minLength: 1, maxLength: 6 }).map((k) => ({ keys: k.join('') }) as Part);
// Pasted text: any bytes but the end mark, with plenty of e and q in it.
const pasted = fc
  .string({
    unit: fc.oneof(fc.constantFrom('e', 'q', 'r', 'n', '\x03', '\x1a', '\r', '\n', '\x1b', '[', '2', '0', '~', ' ', '\x00', '\x07'), fc.constantFrom('a', 'é', '😀', '\u2028')),
    maxLength: 400,
  })
  .filter((s) => !s.includes(PASTE_END) && !s.includes(PASTE_START))
  .map((paste) => ({ paste }) as Part);
const stream = fc.array(fc.oneof({ weight: 1, arbitrary: keys }, { weight: 2, arbitrary: pasted }), { minLength: 1, maxLength: 8 });
// Where the wire is cut into reads (fractions of its length).
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 });

const wireOf = (parts: Part[]) => parts.map((p) => ('keys' in p ? p.keys : PASTE_START + p.paste + PASTE_END)).join('');
/** Exports asked for: every e typed outside a paste, up to the first q or Ctrl+C that ends the run. */
function exportsAsked(parts: Part[]): number {
  let n = 0;
  for (const p of parts) {
    if (!('keys' in p)) continue;
    for (const c of p.keys) {
      if (c === 'q' || c === '\x03') return n;
      if (c === 'e') n++;
    }
  }
  return n;
}


describe('random key and paste streams in the live view', () => {
  it('never hang, never crash, never write a file nobody asked for', async () => {
    await fc.assert(
      fc.asyncProperty(stream, cuts, async (parts, at) => {
        const cwd = mkdtempSync(join(tmpdir(), 'normdrift-keys-'));
        const live = spawnLive({ cwd, cols: 100, rows: 30 });
        try {
          await live.waitFor((t) => t.includes('backprop'), 'the dashboard');
          for (const piece of cutAt(wireOf(parts), at).filter((x) => x !== '')) {
            live.write(piece);
            await new Promise((r) => setTimeout(r, 5));
          }
          // Whatever the stream did, q ends the view (after a paste left open by the stream,
          // input is keys again within a second). A run already ended ignores it.
          await new Promise((r) => setTimeout(r, 300));
          const quit = setInterval(() => live.write('q'), 400);
          const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('hung: q did not end the view')), 8000));
          const { exitCode } = await Promise.race([live.exited, timeout]).finally(() => clearInterval(quit));
          expect([0, 130]).toContain(exitCode);
          expect(live.bufferType()).toBe('normal');
          expect(cursorShown(live.raw())).toBe(true);
          expect(live.raw()).not.toMatch(/Error|at .*\.js:\d+/);
          const files = readdirSync(cwd);
          expect(files.every((f) => f.endsWith('.csv'))).toBe(true);
          expect(files.length).toBeLessThanOrEqual(exportsAsked(parts));
        } finally {
          live.dispose();
        }
      }),
      { numRuns: 10, endOnFailure: true },
    );
  }, 180_000);
});
