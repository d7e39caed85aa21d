import { renderToString } from 'ink';
import type { SessionSnapshot } from '../session/live.js';
import { Dashboard } from './components/Dashboard.js';
import { glyphsFor } from './glyphs.js';
import { rowLabelWidth } from '../session/labels.js';
import { computeLayout, type Layout } from './layout.js';
import { cellWidth } from '../text/cells.js';
import { chartGlyphs } from './chart/plot.js';
import { chartModels } from './charts.js';
import { initialUi, type ChartOptions } from './state.js';

/**
 * One frame of the dashboard as text, for --snapshot: the same pure view the live app draws,
 * rendered once with Ink's renderToString (no terminal, no input, no clocks).
 */

/** A terminal tall enough that nothing is hidden: a snapshot takes its natural height. */
const TALL = 1000;

/**
 * Options for a still frame. `charts`: draw the multi-row charts as the live view would at
 * `columns` × `rows` (--whole-run, --symlog), showing what they ask; without it, sparklines only
 * and the frame's natural height.
 */
export interface StillOptions {
  columns: number;
  ascii: boolean;
  charts?: { options: ChartOptions; rows: number };
}

export function stillLayout(snap: SessionSnapshot, o: StillOptions): Layout {
  return computeLayout({
    columns: o.columns,
    rows: o.charts?.rows ?? TALL,
    specs: snap.rows,
    labelWidth: (key) => rowLabelWidth(key, { ascii: o.ascii, probe: snap.probe, dims: snap.dims }, cellWidth),
    hasNarration: snap.hasNarration,
    maxSpark: snap.historyCapacity,
    charts: o.charts !== undefined,
    chartKeys: snap.chartKeys,
  });
}

export function renderStill(snap: SessionSnapshot, layout: Layout, o: StillOptions): string {
  const view = snap.view(layout.kind === 'tooSmall' ? 1 : layout.sparkWidth);
  let charts;
  if (o.charts) {
    const ui = initialUi(o.charts.options);
    const cg = chartGlyphs(o.ascii);
    const models = chartModels(snap, layout, ui, cg);
    if (models) charts = { models, glyphs: cg, markers: snap.markers, mode: stillChartMode(ui, o.ascii) };
  }
  return renderToString(
    <Dashboard view={view} layout={layout} columns={o.columns} rows={TALL} g={glyphsFor(o.ascii)} help={false} keyboard={false} still charts={charts} />,
    { columns: o.columns },
  );
}

/** What a still frame's charts show, for the panels' bottom border: as the live view says it, without keys. */
function stillChartMode(ui: ChartOptions, ascii: boolean): string {
  const parts = [ui.whole ? `whole run${ui.logSteps ? ', log steps' : ''}` : 'recent'];
  if (ui.symlog) parts.push('symlog y');
  return parts.join(ascii ? ' | ' : ' · ');
}
