import xterm from '@xterm/headless';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnLive, stepOf, type Live } from './pty.js';

let live: Live | undefined;
afterEach(() => live?.dispose());

const tmp = () => mkdtempSync(join(tmpdir(), 'normdrift-rec-'));
const ALT_OFF = '\x1b[?1049l';

type CastEvent = [number, 'o' | 'r' | 'm', string];

/** An asciicast v2 file read as asciinema reads it: a JSON header line, then one JSON event per line. */
function readCast(path: string): { header: Record<string, unknown>; events: CastEvent[] } {
  const lines = readFileSync(path, 'utf8').split('\n');
  expect(lines.pop()).toBe(''); // every line, the last one too, is complete
  const header = JSON.parse(lines[0]) as Record<string, unknown>;
  const events = lines.slice(1).map((l, i) => {
    const e = JSON.parse(l) as unknown;
    expect(Array.isArray(e) && e.length === 3, `event ${i + 1}: ${l.slice(0, 80)}`).toBe(true);
    const [t, kind, data] = e as CastEvent;
    expect(typeof t === 'number' && t >= 0 && (kind === 'o' || kind === 'r' || kind === 'm') && typeof data === 'string').toBe(true);
    return e as CastEvent;
  });
  for (let i = 1; i < events.length; i++) expect(events[i][0]).toBeGreaterThanOrEqual(events[i - 1][0]);
  return { header, events };
}

function screenOf(term: xterm.Terminal): string[] {
  const b = term.buffer.active;
  return Array.from({ length: term.rows }, (_, i) => b.getLine(b.viewportY + i)?.translateToString(true) ?? '');
}

/**
 * Plays a cast into a headless xterm, event by event, as `asciinema play` does: output is written,
 * resizes resize. Returns the alternate screen as it was just before the program left it, and the
 * normal screen at the end.
 */
async function play(cast: { header: Record<string, unknown>; events: CastEvent[] }) {
  const term = new xterm.Terminal({ cols: cast.header.width as number, rows: cast.header.height as number, allowProposedApi: true });
  let lastAlt: string[] = [];
  for (const [, kind, data] of cast.events) {
    if (kind === 'm') continue; // a marker: a chapter for the player, nothing on screen
    if (kind === 'r') {
      const [c, r] = data.split('x').map(Number);
      term.resize(c, r);
      continue;
    }
    if (data.includes(ALT_OFF)) lastAlt = screenOf(term);
    await new Promise<void>((r) => term.write(data, r));
  }
  const end = { lastAlt, final: screenOf(term), buffer: term.buffer.active.type };
  term.dispose();
  return end;
}

function csvRows(path: string): { header: string[]; rows: string[][] } {
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const [head, ...rows] = text.trimEnd().split('\n').map((l) => l.split(','));
  for (const r of rows) expect(r).toHaveLength(head.length);
  return { header: head, rows };
}

describe('recording a tutorial in a real terminal', () => {
  it('--record and --csv as a new user would: keys, e, help, a resize, q; the cast replays to both panels', async () => {
    const dir = tmp();
    live = spawnLive({ cols: 100, rows: 30, cwd: dir, args: ['--record', 'demo.cast', '--csv', 'run.csv'] });
    await live.waitFor((t) => /╭─ naive.*╮╭─ backprop/.test(t) && /step [1-9]/.test(t), 'both panels');
    live.write(' ');
    const paused = await live.waitFor((t) => t.includes('· paused ·'), 'the pause');
    live.write('s');
    const at = stepOf(paused) + 1;
    await live.waitFor((_, l) => stepOf(l) === at, 'one step');
    live.write('e');
    const name = `normdrift-paper-bias-42-${at}.csv`;
    await live.waitFor((t) => new RegExp(`exported \\d+ rows to \\./${name}`).test(t), 'the export notice');
    live.write('?');
    await live.waitFor((t) => t.includes('replay normdrift paper-bias --seed 42 --lr 0.1 --speed 60'), 'the replay line in help');
    live.write('?');
    live.resize(120, 40);
    await live.waitFor((t) => /╭─ naive.*─╮╭─ backprop/.test(t) && !t.includes('replay'), 'the wider layout');
    live.write(' ');
    await live.waitFor((_, l) => stepOf(l) > at + 3, 'training to resume');
    live.write('q');
    expect((await live.exited).exitCode).toBe(0);
    const after = (await live.screen()).join('\n');
    const stopped = /normdrift paper-bias --seed 42 --lr 0\.1 --speed 60 {3}# stopped at step (\d+)/.exec(after);
    expect(stopped).not.toBeNull();
    expect(after).toContain('normdrift: recorded ');
    expect(after).toMatch(/normdrift: wrote \d+ rows to run\.csv/);

    const cast = readCast(join(dir, 'demo.cast'));
    expect(cast.header).toMatchObject({ version: 2, width: 100, height: 30, title: "normdrift · The paper's example (Ioffe & Szegedy 2015, §2)" });
    expect(typeof cast.header.timestamp).toBe('number');
    expect(cast.events.filter((e) => e[1] === 'r').map((e) => e[2])).toEqual(['120x40']);
    // The exact bytes the terminal received, in order: everything the program wrote before its
    // closing messages on stderr.
    const recorded = cast.events.filter((e) => e[1] === 'o').map((e) => e[2]).join('');
    expect(live.raw().startsWith(recorded)).toBe(true);
    expect(recorded.startsWith('\x1b[?1049h')).toBe(true);

    const shown = await play(cast);
    const lastFrame = shown.lastAlt.join('\n');
    expect(lastFrame).toMatch(/╭─ naive.*─╮╭─ backprop/);
    // At 120×40 b has a braille chart under its row (issue 14): the row, then the chart's y axis.
    expect(lastFrame).toMatch(/│ bias b\s+\d+\.\d+ \+[^\n]*\n│ +\S*[┤│]/);
    expect(shown.buffer).toBe('normal');
    expect(shown.final.join('\n')).toContain(`normdrift paper-bias --seed 42 --lr 0.1 --speed 60   # stopped at step ${stopped![1]}`);

    const csv = csvRows(join(dir, 'run.csv'));
    expect(csv.header.slice(0, 4)).toEqual(['step', 'model', 'loss', 'b']);
    const steps = csv.rows.map((r) => Number(r[0]));
    expect(csv.rows.map((r) => r[1]).slice(0, 2)).toEqual(['naive', 'backprop']);
    expect(steps[0]).toBe(0);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(steps).toContain(at); // stepping by hand records every step
    expect(existsSync(join(dir, name))).toBe(true);
    expect(csvRows(join(dir, name)).rows.at(-1)![0]).toBe(String(at));
  });

  it('SIGTERM: exit 143, the cast and the CSV are complete and the cast ends back on the main screen', async () => {
    const dir = tmp();
    live = spawnLive({ cols: 100, rows: 30, cwd: dir, args: ['--record', 'demo.cast', '--csv', 'run.csv', '--speed', 'max'] });
    const seen = stepOf(await live.waitFor((_, l) => /step \d/.test(l[0]) && stepOf(l) >= 300, 'a few hundred steps'));
    live.kill('SIGTERM');
    expect((await live.exited).exitCode).toBe(143);
    const cast = readCast(join(dir, 'demo.cast'));
    expect(cast.events.at(-2)![2]).toContain(ALT_OFF);
    const stopped = Number(/^normdrift paper-bias .* # stopped at step (\d+)\r\n$/.exec(cast.events.at(-1)![2])![1]);
    const steps = csvRows(join(dir, 'run.csv')).rows.map((r) => Number(r[0]));
    expect(steps.at(-1)).toBeGreaterThanOrEqual(Math.floor(seen / 100) * 100);
    expect(steps.at(-1)).toBeLessThanOrEqual(stopped);
  });

  it('a crash that cannot be caught (SIGKILL) still leaves a cast that parses event by event and plays', async () => {
    const dir = tmp();
    live = spawnLive({ cols: 100, rows: 30, cwd: dir, args: ['--record', 'demo.cast'] });
    // A few frames in (at 60 steps/s and 6 frames/s, a frame per 10 steps): each frame is one write, so one event.
    await live.waitFor((t) => /╭─ naive.*╮╭─ backprop/.test(t) && /step (?:[3-9]\d|\d{3,})/.test(t), 'both panels, a few frames in');
    live.kill('SIGKILL');
    await live.exited;
    const cast = readCast(join(dir, 'demo.cast'));
    expect(cast.events.length).toBeGreaterThan(3);
    const shown = await play(cast);
    expect(shown.buffer).toBe('alternate');
    expect(shown.final.join('\n')).toMatch(/╭─ naive.*─╮╭─ backprop/);
  });

  it('a terminal that hangs up still gets its CSV finished', async () => {
    const dir = tmp();
    live = spawnLive({ cols: 100, rows: 30, cwd: dir, args: ['--csv', 'run.csv', '--speed', 'max'] });
    const seen = stepOf(await live.waitFor((_, l) => /step \d/.test(l[0]) && stepOf(l) >= 300, 'a few hundred steps'));
    live.hangUp();
    expect((await live.exited).signal).toBe(1);
    // Rows up to what was on screen (samples every 100 steps at 1000 steps/s), not only what a
    // periodic flush happened to write.
    const steps = csvRows(join(dir, 'run.csv')).rows.map((r) => Number(r[0]));
    expect(steps.at(-1)).toBeGreaterThanOrEqual(Math.floor(seen / 100) * 100);
  });
});

describe('sessions that end by themselves', () => {
  it('--steps N --exit-at-end stops at step N, exit 0, with the replay line; the CSV ends at N', async () => {
    const dir = tmp();
    live = spawnLive({ cols: 100, rows: 30, cwd: dir, args: ['--steps', '37', '--speed', '500', '--every', '5', '--csv', 'run.csv', '--exit-at-end'] });
    expect((await live.exited).exitCode).toBe(0);
    const text = (await live.screen()).join('\n');
    expect(text).toMatch(/^normdrift paper-bias --seed 42 --lr 0\.1 --speed 500 {3}# stopped at step 37$/m);
    const steps = csvRows(join(dir, 'run.csv')).rows.map((r) => Number(r[0]));
    expect(steps.at(-1)).toBe(37);
    expect(steps.slice(0, -2).every((t) => t % 5 === 0)).toBe(true);
    expect(live.bufferType()).toBe('normal');
  });

  it('--duration --exit-at-end ends the session after that many seconds, exit 0', async () => {
    const dir = tmp();
    const started = Date.now();
    live = spawnLive({ cols: 100, rows: 30, cwd: dir, args: ['--duration', '1.5', '--record', 'short.cast', '--exit-at-end'] });
    await live.waitFor((t) => t.includes('╭─ naive'), 'the dashboard');
    expect((await live.exited).exitCode).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    const cast = readCast(join(dir, 'short.cast'));
    const lastFrameAt = cast.events.filter((e) => !e[2].includes(ALT_OFF)).at(-3)![0];
    expect(lastFrameAt).toBeGreaterThan(1.0);
    expect(lastFrameAt).toBeLessThan(2.0);
    expect(readdirSync(dir)).toEqual(['short.cast']);
  });
});
