import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../src/flags.js';
import { snapshot, type SnapshotOptions } from '../../src/modes/snapshot.js';
import type { ChartOptions } from '../../src/ui/state.js';
import { builtin, run } from '../scenarios/helpers.js';
import { UsageError } from '../../src/scenario/errors.js';
import { refusal } from './refusal.js';

/**
 * --whole-run, --log-steps, --symlog (issue 14): the charts' options from the start. Parsed and
 * refused where no chart is drawn; in --snapshot they draw the charts, which are checked against
 * what they mean with numbers from the engine: scale-blowup's sign flips at step 400 on the whole
 * run's step axis, linear and log, and its E[x] on symlog.
 */

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));


describe('parsing', () => {
  it('off by default; each flag sets its option, in every spelling of a switch', () => {
    expect(parseFlags([]).chart).toEqual({ whole: false, logSteps: false, symlog: false });
    expect(parseFlags(['--whole-run']).chart).toEqual({ whole: true, logSteps: false, symlog: false });
    expect(parseFlags(['--whole-run', '--log-steps']).chart).toEqual({ whole: true, logSteps: true, symlog: false });
    expect(parseFlags(['--symlog']).chart).toEqual({ whole: false, logSteps: false, symlog: true });
    expect(parseFlags(['--symlog=true', '--no-symlog']).chart.symlog).toBe(false);
    expect(parseFlags(['--snapshot', '--whole-run', '--symlog']).chart).toEqual({ whole: true, logSteps: false, symlog: true });
    expect(parseFlags(['--present', '--whole-run']).chart.whole).toBe(true);
  });

  it('refused, with the reason, where no chart is drawn, and --log-steps without the whole run', () => {
    expect(refusal(['--json', '--whole-run'])).toBe('--whole-run sets what the dashboard\'s charts show, and --json draws none');
    expect(refusal(['--json', '--symlog'])).toBe('--symlog sets what the dashboard\'s charts show, and --json draws none');
    expect(refusal(['--list', '--symlog'])).toBe('--symlog sets what the dashboard\'s charts show, and --list draws none');
    expect(refusal(['--validate', 'a.yaml', '--whole-run'])).toBe('--whole-run sets what the dashboard\'s charts show, and --validate draws none');
    expect(refusal(['explain', '--whole-run'])).toBe('--whole-run sets what the dashboard\'s charts show, and explain draws none');
    expect(refusal(['--log-steps'])).toMatch(/^--log-steps puts the whole run's step axis on a log scale: it needs --whole-run/);
    expect(refusal(['--snapshot', '--symlog', '--log-steps'])).toMatch(/needs --whole-run/);
    expect(refusal(['--whole-run=yes'])).toMatch(/^--whole-run is a switch and takes no value/);
    // Over a pipe without --json the command typed at a terminal is not refused (as --speed is not).
    expect(refusal(['--whole-run', '--log-steps', '--symlog'])).toBeUndefined();
  });

  it('the built CLI says so on one line and exits 2', () => {
    const r = spawnSync(process.execPath, [CLI, '--json', '--whole-run'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

// ── --snapshot ────────────────────────────────────────────────────────────────────────────────

const STEPS = 400;
const COLUMNS = 120;
const blowup = builtin('scale-blowup');

function snap(charts?: Partial<ChartOptions>, o: Partial<SnapshotOptions> = {}): string {
  return snapshot({
    initial: { name: 'scale-blowup', arg: 'scale-blowup', builtin: true, scenario: blowup },
    steps: STEPS,
    every: 1,
    columns: COLUMNS,
    widthFrom: 'flag',
    ascii: false,
    charts: charts && { options: { whole: false, logSteps: false, symlog: false, ...charts }, rows: 40 },
    ...o,
  });
}

/** The naive panel's text, one string of cells per line (a combining mark takes no cell). */
function naivePanel(text: string): string[][] {
  return text.split('\n').map((l) => [...l.replace(/\p{M}/gu, '')].slice(0, COLUMNS / 2));
}

/** Where a chart's cells are in a panel row: "│ " + 7-cell y labels + the axis, then the plot, then " │". */
const LABEL = 2;
const PLOT = 10;

interface Chart {
  /** Plot rows, top first: the plot's cells. */
  rows: string[][];
  /** The y label of each plot row ('' where none). */
  labels: string[];
}

/** The chart drawn under the row labelled `label` (null: none). */
function chartUnder(panel: string[][], label: string): Chart | null {
  const at = panel.findIndex((l) => l.join('').startsWith(`│ ${label} `));
  if (at < 0) return null;
  const rows: string[][] = [];
  const labels: string[] = [];
  // A chart's rows have their axis (┤ at a label, │ between) where a quantity's row has text.
  for (let i = at + 1; i < panel.length && ['┤', '│'].includes(panel[i][PLOT - 1]); i++) {
    rows.push(panel[i].slice(PLOT, -2));
    labels.push(panel[i].slice(LABEL, PLOT - 1).join('').trim());
  }
  return rows.length ? { rows, labels } : null;
}

/** The step axis: the plot cells with a beat or event marker. */
function markerCells(panel: string[][]): number[] {
  const axis = panel.find((l) => l[PLOT - 1] === '└')!;
  return axis.slice(PLOT, -2).flatMap((c, i) => (c === '┬' ? [i] : []));
}

const BLANK = 0x2800;
const dotted = (c: string | undefined) => c !== undefined && c.codePointAt(0)! > BLANK && c.codePointAt(0)! <= 0x28ff;

/** The cell a step falls in on an axis over steps [0, end] of `w` cells (within ±1 of the view's). */
function cellOf(step: number, w: number, log: boolean): number {
  const t = log ? Math.log1p(step) / Math.log1p(STEPS) : step / STEPS;
  return Math.min(w - 1, Math.floor(t * w));
}

const near = (cells: readonly number[], c: number) => cells.some((x) => Math.abs(x - c) <= 1);

// The oracle: the engine's own numbers, step by step (scale-blowup has one input: w is w[0]).
const r = run(blowup, STEPS);
const flips = r.naive.flatMap((s, t) => (t > 0 && Math.sign(s.w[0]) !== Math.sign(r.naive[t - 1].w[0]) ? [t] : []));
const spikes = r.naive.flatMap((s, t) => (s.loss > 1.2 ? [t] : []));
const calm = r.naive.every((s, t) => t <= 200 || Math.abs(s.loss - r.naive[STEPS].loss) < 1e-9);

describe('--snapshot with the chart flags', () => {
  const plain = snap();
  const whole = snap({ whole: true });

  it('without them: sparklines only, as before (no chart, no step axis)', () => {
    expect(plain).not.toMatch(/[└┤]/);
    expect(plain).not.toContain('whole run');
  });

  it('--whole-run: charts over steps 0 to 400, saying so, the sparklines kept', () => {
    const panel = naivePanel(whole);
    expect(whole).toContain('╰─ whole run · value');
    expect(chartUnder(panel, 'loss')).not.toBeNull();
    expect(chartUnder(panel, 'w')).not.toBeNull();
    const axisLabels = whole.split('\n').find((l, i, all) => i > 0 && all[i - 1].includes('└'))!.replace(/│/g, ' ');
    expect(axisLabels.trim().split(/\s+/).slice(0, 3)).toEqual(['0', '200', '400']);
    expect(whole).toContain('Var[x]   ▁');
  });

  it('--whole-run at step 400 of scale-blowup shows every sign flip: a marker at its step and a loss spike there, and nothing after them', () => {
    // The engine's numbers: 26 flips of naive w, all by step 193, each with the loss far above its
    // flat 0.794; after step 200 the loss is flat.
    expect(flips.length).toBeGreaterThanOrEqual(20);
    expect(calm).toBe(true);
    const panel = naivePanel(whole);
    const loss = chartUnder(panel, 'loss')!;
    const w = loss.rows[0].length;
    const markers = markerCells(panel);
    for (const t of flips) expect(near(markers, cellOf(t, w, false)), `flip at step ${t}`).toBe(true);
    // The flat loss is drawn in the last row; a spike leaves dots above it.
    const raised = [...Array(w).keys()].filter((c) => loss.rows.slice(0, -1).some((row) => dotted(row[c])));
    for (const t of spikes) expect(near(raised, cellOf(t, w, false)), `loss spike at step ${t}`).toBe(true);
    expect(raised.every((c) => c <= cellOf(200, w, false) + 1)).toBe(true);
    // The recent window of the live view would have none of this at step 400: the plain snapshot's
    // loss sparkline is squeezed to one row of 23 cells.
    expect(raised.length).toBeGreaterThan(10);
  });

  it("--whole-run at step 400 of batchnorm-2d shows its loss spikes, each in its step's column", () => {
    // The engine's numbers: steps where naive's loss is over 1.5× both neighbours' (a one-step spike).
    const bn = run(builtin('batchnorm-2d'), STEPS).naive;
    const spikeSteps = bn.flatMap((s, t) => (t > 0 && t < STEPS && s.loss > 1.5 * Math.max(bn[t - 1].loss, bn[t + 1].loss) ? [t] : []));
    expect(spikeSteps.length).toBeGreaterThan(0);
    const text = snapshot({
      initial: { name: 'batchnorm-2d', arg: 'batchnorm-2d', builtin: true, scenario: builtin('batchnorm-2d') },
      steps: STEPS,
      every: 1,
      columns: COLUMNS,
      widthFrom: 'flag',
      ascii: false,
      charts: { options: { whole: true, logSteps: false, symlog: false }, rows: 40 },
    });
    const loss = chartUnder(naivePanel(text), 'loss')!;
    const w = loss.rows[0].length;
    // The loss settles low: its line is in the last row; a spike leaves dots above it.
    const raised = [...Array(w).keys()].filter((c) => loss.rows.slice(0, -1).some((row) => dotted(row[c])));
    for (const t of spikeSteps) expect(near(raised, cellOf(t, w, false)), `loss spike at step ${t}`).toBe(true);
  });

  it('--log-steps: the same flips where a log(step+1) axis puts them, and the middle label is √401 − 1 ≈ 19', () => {
    const text = snap({ whole: true, logSteps: true });
    expect(text).toContain('╰─ whole run, log steps · value');
    const panel = naivePanel(text);
    const w = chartUnder(panel, 'loss')!.rows[0].length;
    const markers = markerCells(panel);
    for (const t of flips) expect(near(markers, cellOf(t, w, true)), `flip at step ${t}`).toBe(true);
    // Linear would put step 39 in cell 4 of 48; log puts it past the middle.
    expect(cellOf(39, w, true)).toBeGreaterThan(w / 2);
    const axisLabels = text.split('\n').find((l, i, all) => i > 0 && all[i - 1].includes('└'))!.replace(/│/g, ' ');
    expect(axisLabels.trim().split(/\s+/).slice(0, 3)).toEqual(['0', String(Math.round(Math.expm1(Math.log1p(STEPS) / 2))), '400']);
    expect(text).not.toBe(whole);
  });

  it('--symlog: E[x] at −87 is drawn where sign(y)·log1p(|y|/c) puts it between the labels, which a linear y would put far off the chart', () => {
    const text = snap({ symlog: true });
    // A snapshot has no "recent": --symlog alone is the whole run on symlog.
    expect(text).toContain('╰─ whole run · symlog y · value');
    expect(text).toBe(snap({ whole: true, symlog: true }));
    const chart = chartUnder(naivePanel(text), 'E[x]')!;
    const labelled = chart.labels.flatMap((l, row) => (l === '' ? [] : [{ row, y: Number(l.replace('−', '-')) }]));
    expect(labelled.length).toBeGreaterThanOrEqual(2);
    // c: E[x]'s size at step 0 (both models start alike); the last value, E[x] at step 400.
    const c = Math.abs(r.naive[0].meanX);
    const last = r.naive[STEPS].meanX;
    expect(last).toBeLessThan(-50);
    const symlog = (y: number) => Math.sign(y) * Math.log1p(Math.abs(y) / c);
    const [a, b] = labelled;
    const rowOf = (f: (y: number) => number) => a.row + ((f(last) - f(a.y)) / (f(b.y) - f(a.y))) * (b.row - a.row);
    // The row the last cells are drawn in.
    const drawn = chart.rows.findIndex((row) => dotted(row[row.length - 1]));
    expect(Math.abs(drawn - rowOf(symlog))).toBeLessThanOrEqual(1);
    expect(rowOf((y) => y)).toBeGreaterThan(chart.rows.length + 2);
  });

  it('too narrow for charts: the width that has room, in one line', () => {
    expect(() => snap({ whole: true }, { columns: 80 })).toThrow(/^--whole-run draws the charts, which need a snapshot \d+ columns wide \(here 80\): give --width \d+ or more$/);
    const m = /give --width (\d+)/.exec((() => { try { snap({ symlog: true }, { columns: 80 }); } catch (e) { return (e as Error).message; } return ''; })())!;
    const need = Number(m[1]);
    // There the panels lose their borders (and the border's note), not the charts.
    expect(snap({ symlog: true }, { columns: need })).toMatch(/┤[\s\S]*└/);
    expect(() => snap({ symlog: true }, { columns: need - 1 })).toThrow(UsageError);
  });

  it('the built CLI draws the same frame', () => {
    const out = spawnSync(process.execPath, [CLI, 'scale-blowup', '--snapshot', '--steps', String(STEPS), '--width', String(COLUMNS), '--whole-run'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(out.status).toBe(0);
    expect(out.stdout).toBe(whole);
  });
});
