import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { cursorShown, ROOT, spawnLive, stepOf, type Live } from './pty.js';

// Issue 17, the terminal half, in a real pseudo-terminal: keys that share a read, pastes, job
// control, signals that end the process, TERM=dumb, and file names that carry escape sequences.

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

let lives: Live[] = [];
afterEach(() => {
  for (const l of lives) l.dispose();
  lives = [];
});
function start(o: Parameters<typeof spawnLive>[0] = {}): Live {
  const l = spawnLive(o);
  lives.push(l);
  return l;
}
const dashboard = (l: Live) => l.waitFor((t) => t.includes('backprop') && /step \d+/.test(t), 'the dashboard');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The process state letter in /proc/PID/stat (R, S, T…). */
function procState(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
}

async function waitState(pid: number, want: string, ms = 5000): Promise<string> {
  const end = Date.now() + ms;
  let s = procState(pid);
  while (s !== want && Date.now() < end) {
    await sleep(25);
    s = procState(pid);
  }
  return s;
}

/** The terminal as normdrift left it (awaits the emulator's parse of everything received). */
async function expectRestored(l: Live): Promise<void> {
  await l.waitFor(() => l.bufferType() === 'normal', 'the normal screen', 5000).catch(() => undefined);
  expect(l.bufferType()).toBe('normal');
  expect(l.cursorVisible()).toBe(true);
  expect(cursorShown(l.raw())).toBe(true);
  expect(l.bracketedPaste()).toBe(false);
}

describe('keys that arrive in one read', () => {
  it('s then Ctrl+C in the same read: the Ctrl+C is not lost (exit 130)', async () => {
    const l = start();
    await dashboard(l);
    l.write('s\x03');
    expect((await l.exited).exitCode).toBe(130);
    await expectRestored(l);
  });

  it('a double Ctrl+C in one read ends the view once, exit 130', async () => {
    const l = start();
    await dashboard(l);
    l.write('\x03\x03');
    expect((await l.exited).exitCode).toBe(130);
    await expectRestored(l);
  });
});

describe('bracketed paste', () => {
  it('20 KB of pasted prose full of e, r and q: no file written, the run goes on, q still quits', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'normdrift-paste-'));
    const l = start({ cwd });
    const lines = await dashboard(l);
    expect(l.bracketedPaste()).toBe(true);
    const prose = 'the quick brown fox sees every reader press e, r and q. '.repeat(400).slice(0, 20_000);
    // As a terminal sends a big paste: in pieces, one mark cut across two reads.
    const wire = PASTE_START + prose + PASTE_END;
    for (let i = 0; i < wire.length; i += 4093) l.write(wire.slice(i, i + 4093));
    const before = stepOf(lines);
    const after = await l.waitFor((_, ls) => stepOf(ls) > before + 5, 'training going on after the paste');
    expect(after.join('\n')).not.toMatch(/exported/);
    expect(readdirSync(cwd)).toEqual([]);
    l.write('q');
    expect((await l.exited).exitCode).toBe(0);
    await expectRestored(l);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('job control', () => {
  for (const how of ['Ctrl+Z', 'SIGTSTP'] as const)
    it(`${how} gives the terminal back and stops; SIGCONT takes it back and repaints`, async () => {
      const l = start();
      await dashboard(l);
      if (how === 'Ctrl+Z') l.write('\x1a');
      else l.kill('SIGTSTP');
      expect(await waitState(l.pid, 'T')).toBe('T');
      // Restored while stopped: main screen, cursor shown, bracketed paste off.
      await expectRestored(l);
      const stoppedAt = l.raw().length;
      process.kill(l.pid, 'SIGCONT');
      const back = await l.waitFor((t) => l.bufferType() === 'alternate' && t.includes('backprop'), 'the repainted dashboard');
      expect(l.bufferType()).toBe('alternate');
      expect(l.cursorVisible()).toBe(false);
      expect(l.bracketedPaste()).toBe(true);
      // A full repaint (clear, then every row), not only the rows that changed since.
      expect(l.raw().slice(stoppedAt)).toContain('\x1b[H\x1b[2J');
      expect(back[0]).toMatch(/normdrift/);
      // Keys work again (raw mode is back).
      l.write('q');
      expect((await l.exited).exitCode).toBe(0);
      await expectRestored(l);
    });
});

describe('signals that end the process', () => {
  const signals = ['SIGQUIT', 'SIGUSR2', 'SIGALRM', 'SIGVTALRM', 'SIGXCPU', 'SIGPOLL', 'SIGIO', 'SIGPWR'].filter(
    (s) => (constants.signals as Record<string, number | undefined>)[s] !== undefined,
  );
  it(`${signals.join(', ')}: each restores the terminal and exits 128 + its number`, async () => {
    // Four at a time: each is its own process and terminal.
    for (let i = 0; i < signals.length; i += 4) {
      const batch = signals.slice(i, i + 4).map((s) => ({ s, l: start() }));
      await Promise.all(batch.map(({ l }) => dashboard(l)));
      for (const { s, l } of batch) l.kill(s);
      for (const { s, l } of batch) {
        const { exitCode, signal } = await l.exited;
        expect({ s, exitCode, signal: signal ?? 0, tail: exitCode === 0 ? l.raw().slice(-300) : '' }).toEqual({
          s,
          exitCode: 128 + (constants.signals as Record<string, number>)[s],
          signal: 0,
          tail: '',
        });
        await expectRestored(l);
      }
    }
  });
});

describe('TERM=dumb', () => {
  it('no live view: the final frame as plain text, a note on stderr, not one escape sequence', async () => {
    const l = start({ term: 'dumb', args: ['--steps', '60'], cols: 100, rows: 30 });
    const { exitCode } = await l.exited;
    expect(exitCode).toBe(0);
    const raw = l.raw();
    expect(raw).toContain('cannot show the live view (TERM=dumb)');
    expect(raw).toContain('backprop');
    expect(raw).not.toContain('\x1b');
  });
});

describe('text from outside never acts on the terminal', () => {
  it('a scenario file named with an OSC (retitle) and a bidi override: shown as placeholders in help, the exit line and the CSV summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'normdrift-osc-'));
    const evil = join(dir, 'x\x1b]0;PWNED\x07\u202e.yaml');
    copyFileSync(join(ROOT, 'scenarios', 'minibatch.yaml'), evil);
    const csv = join(dir, 'rows\x1b]52;c;aGk=\x07.csv');
    const l = start({ args: [evil, '--csv', csv], cols: 120, rows: 40 });
    await dashboard(l);
    l.write('?');
    await l.waitFor((t) => t.includes('replay'), 'the help with its replay line');
    l.write('q');
    expect((await l.exited).exitCode).toBe(0);
    const raw = l.raw();
    expect(raw).not.toContain('\x1b]0;PWNED');
    expect(raw).not.toContain('\x1b]52');
    expect(raw).not.toContain('\u202e');
    expect(raw).toMatch(/wrote \d+ rows to/);
    expect(raw).toContain('␛]0;PWNED');
  });
});
