import { renderToString } from 'ink';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ORDER } from '../../src/scenario/builtins.js';
import { MAX_SPEED } from '../../src/session/clock.js';
import type { LiveView } from '../../src/session/live.js';
import { cellWidth, toAscii } from '../../src/text/cells.js';
import { Header } from '../../src/ui/components/Header.js';
import { glyphsFor } from '../../src/ui/glyphs.js';
import { builtin } from '../scenarios/helpers.js';
import { session, source } from '../session/helpers.js';
import { frame } from './frame.js';

/**
 * The header keeps a title on small terminals (issue 14): at 60×20 and 80×24, whatever the clock
 * says, "normdrift · <title>" cut, or where that has too little room the scenario's name whole
 * (then as much of its title as fits), and the step; the seed gives way first.
 */

const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

function header(view: LiveView, width: number, ascii = false, still = false): string {
  return plain(renderToString(<Header view={view} width={width} g={glyphsFor(ascii)} still={still} />, { columns: width }));
}

function viewOf(name: string): LiveView {
  const sc = builtin(name);
  return session({ scenario: sc, source: source({ [name]: sc }), paused: false, initial: { name, arg: name, builtin: true, scenario: sc } }).getSnapshot().view(20);
}

/** What the clock can say, from the shortest to the longest the session has. */
const CLOCKS: Partial<LiveView>[] = [
  { paused: true, status: null, step: 0 },
  { paused: false, status: null, speed: 60, step: 4321 },
  { paused: false, status: null, speed: MAX_SPEED, rate: 1.5e6, step: 123_456_789 },
  { paused: false, status: null, speed: 200_000, behind: true, rate: 987_654, step: 9_999_999 },
  { paused: false, status: 'holding for the caption · 12 s', step: 118 },
  { paused: true, status: 'presenter · stop 10/10 · space next', step: 400 },
  { paused: true, status: 'presenter · step 123456, between stops · space next', step: 123_456 },
  { paused: true, status: 'finished at step 1000000 · r replay · q quit', step: 1_000_000 },
];

describe('Header on small terminals', () => {
  for (const name of BUILTIN_ORDER)
    it(`${name}: at 60 and 80 columns a title stays (the title cut, else the scenario's name whole), with the step, in one line`, () => {
      const base = viewOf(name);
      for (const width of [60, 80])
        for (const ascii of [false, true])
          for (const clock of CLOCKS) {
            const v = { ...base, ...clock } as LiveView;
            const line = header(v, width, ascii);
            const what = `${width} ${ascii ? 'ascii' : ''} ${JSON.stringify(clock)}: ${line}`;
            expect(line.split('\n'), what).toHaveLength(1);
            expect(cellWidth(line), what).toBeLessThanOrEqual(width);
            // The title cut (at least its first words), or, short of room for that, the name.
            const sep = ascii ? ' | ' : ' · ';
            const titled = line.startsWith(` normdrift${sep}${(ascii ? toAscii(v.title) : v.title).slice(0, 8)}`);
            expect(titled || line.startsWith(` ${name}${sep}`) || line.startsWith(` ${name} `), what).toBe(true);
            expect(line, what).toContain(`step ${v.step}`);
          }
    });

  it('gives the title room before the seed, and the seed stays when both fit', () => {
    const v = { ...viewOf('scale-blowup'), paused: true, status: 'presenter · stop 1/10 · space next', step: 0 } as LiveView;
    // 60 columns: the name and the clock without the seed (with it the name would not fit).
    expect(header(v, 60)).toMatch(/^ scale-blowup\s+step 0 · presenter · stop 1\/10 · space next$/);
    // 80: the seed, the name and the start of the title.
    expect(header(v, 80)).toMatch(/^ scale-blowup · Standar… step 0 · presenter · stop 1\/10 · space next · seed 193$/);
    // A short clock leaves the title its room: "normdrift · " and the title cut, as before.
    expect(header({ ...v, status: null }, 60)).toMatch(/^ normdrift · Standardizing…\s+step 0 · paused · seed 193$/);
  });

  it('a status too long for both is cut at its end, the name and the step kept', () => {
    const v = { ...viewOf('batchnorm-2d'), paused: true, status: 'finished at step 1000000 · r replay · q quit', step: 1_000_000 } as LiveView;
    const line = header(v, 60);
    expect(line).toMatch(/^ batchnorm-2d step 1000000 · finished at step 1000000 · .*…$/);
    expect(cellWidth(line)).toBeLessThanOrEqual(60);
  });

  it('wide, or in a snapshot of 80 columns, it is "normdrift · <title>" as before', () => {
    const v = viewOf('paper-bias');
    expect(header(v, 120)).toMatch(/^ normdrift · The paper's example \(Ioffe & Szegedy 2015, §2\)\s+step 0 · 60 steps\/s · seed 42$/);
    expect(header(v, 80, false, true)).toMatch(/^ normdrift · The paper's example \(Ioffe & Szegedy 2015, §2\)\s+step 0 · seed 42$/);
    expect(header(v, 100, true)).toMatch(/^ normdrift \| The paper's example \(Ioffe & Szegedy 2015, Sec\. 2\)\s+step 0 \| 60 steps\/s \| seed 42$/);
  });
});

describe('the dashboard at 60×20 and 80×24', () => {
  it('presenter mode, every built-in: the first line names the scenario', () => {
    for (const name of BUILTIN_ORDER) {
      const sc = builtin(name);
      const s = session({ scenario: sc, source: source({ [name]: sc }), present: true, initial: { name, arg: name, builtin: true, scenario: sc } });
      expect(s.getSnapshot().view(20).status).toMatch(/^presenter · stop 1\//);
      for (const [columns, rows] of [
        [60, 20],
        [80, 24],
      ]) {
        const first = plain(frame(s, columns, rows).lines[0]);
        expect(first, `${name} ${columns}×${rows}`).toMatch(new RegExp(`^ (${name}|normdrift · ).*step 0 · presenter · stop 1/`));
        if (columns === 60) expect(first).toContain(` ${name}`);
      }
    }
  });
});
