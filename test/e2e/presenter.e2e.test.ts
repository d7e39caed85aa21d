import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { beatsOf } from '../../src/session/beats.js';
import { eventsOfRun } from '../../src/session/events.js';
import { Pair } from '../../src/session/pair.js';
import { builtin } from '../scenarios/helpers.js';
import { spawnLive, stepOf, type Live } from './pty.js';

/** The lecture in a real terminal: presenter mode, the help's pause, the end that stays, chapters. */

let live: Live | undefined;
afterEach(() => live?.dispose());

const tmp = () => mkdtempSync(join(tmpdir(), 'normdrift-lecture-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a lecture in a real terminal', () => {
  it('--present starts paused at step 0 and advances stop by stop on space; [ goes back', async () => {
    live = spawnLive({ cols: 100, rows: 30, args: ['--present'] });
    await live.waitFor((_, l) => /step 0 · presenter · stop 1\/\d+ · space next/.test(l[0]), 'the first stop');
    await sleep(500);
    expect(stepOf(await live.screen())).toBe(0);
    live.write(' ');
    const second = await live.waitFor((_, l) => /presenter · stop 2\//.test(l[0]), 'the second stop');
    expect(stepOf(second)).toBe(12);
    expect(second.join('\n')).toContain('step 12 · naive b passed 1');
    live.write(' ');
    await live.waitFor((_, l) => /presenter · stop 3\//.test(l[0]), 'the third stop');
    live.write('[');
    const back = await live.waitFor((_, l) => /presenter · stop 2\//.test(l[0]), 'back to the second stop');
    expect(stepOf(back)).toBe(12);
    live.write('q');
    expect((await live.exited).exitCode).toBe(0);
  });

  it('the help pauses the run while it is open and resumes it on close', async () => {
    live = spawnLive({ cols: 100, rows: 30, args: ['--speed', '60'] });
    await live.waitFor((_, l) => /step \d/.test(l[0]) && stepOf(l) >= 3, 'a few steps');
    live.write('?');
    await live.waitFor((t) => t.includes('replay normdrift'), 'the help');
    // The frame shows the step last published (6 a second): let the pause's own frame land.
    await sleep(400);
    const at = stepOf(await live.screen());
    await sleep(1200);
    expect(stepOf(await live.screen())).toBe(at);
    live.write('?');
    await live.waitFor((_, l) => stepOf(l) > at, 'training to resume');
    live.write('q');
    expect((await live.exited).exitCode).toBe(0);
  });

  it('--steps N holds the final frame until q', async () => {
    live = spawnLive({ cols: 100, rows: 30, args: ['--steps', '30', '--speed', '500'] });
    await live.waitFor((_, l) => l[0].includes('step 30 · finished · r replay · q quit'), 'the held end');
    await sleep(1500);
    expect(live.bufferType()).toBe('alternate');
    expect((await live.screen())[0]).toContain('step 30 · finished');
    live.write('q');
    expect((await live.exited).exitCode).toBe(0);
  });

  it('a recording has one marker per beat and per event, labelled with its text, and plays', async () => {
    const dir = tmp();
    live = spawnLive({ cols: 100, rows: 30, cwd: dir, args: ['scale-blowup', '--steps', '200', '--speed', 'max', '--record', 'x.cast'] });
    await live.waitFor((_, l) => l[0].includes('step 200 · finished'), 'the held end');
    live.write('q');
    expect((await live.exited).exitCode).toBe(0);
    const lines = readFileSync(join(dir, 'x.cast'), 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0])).toMatchObject({ version: 2, width: 100, height: 30 });
    const events = lines.slice(1).map((l) => JSON.parse(l) as [number, string, string]);
    for (let i = 1; i < events.length; i++) expect(events[i][0]).toBeGreaterThanOrEqual(events[i - 1][0]);
    const markers = events.filter((e) => e[1] === 'm').map((e) => e[2]);
    const sc = builtin('scale-blowup');
    const beats = beatsOf(sc.captions).filter((b) => b.at <= 200);
    const found = eventsOfRun(new Pair(sc), 200);
    expect(markers).toHaveLength(beats.length + found.length);
    for (const b of beats) expect(markers).toContain(`step ${b.at} · ${b.text}`);
    for (const e of found) expect(markers).toContain(`step ${e.step} · ${e.text}`);
    // The recording holds the final frame: the last output before the terminal is restored shows it.
    const shown = events.filter((e) => e[1] === 'o').map((e) => e[2]).join('');
    expect(shown).toContain('finished · r replay · q quit');

    // asciinema itself reads it (Debian's asciinema; `cat` needs a terminal, so in a pty).
    if (spawnSync('asciinema', ['--version']).status !== 0) {
      console.warn('asciinema is not installed: the cast was checked by its structure only (apt-get install asciinema)');
      return;
    }
    live.dispose();
    live = spawnLive({ cols: 100, rows: 30, cwd: dir, shell: 'asciinema cat x.cast > /dev/null; echo "asciinema-rc=$?"' });
    await live.waitFor((t) => /asciinema-rc=\d+/.test(t), 'asciinema cat', 20_000);
    expect((await live.screen()).join('\n')).toContain('asciinema-rc=0');
  });
});
