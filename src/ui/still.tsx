import { renderToString } from 'ink';
import type { SessionSnapshot } from '../session/live.js';
import { Dashboard } from './components/Dashboard.js';
import { glyphsFor } from './glyphs.js';
import { rowLabelWidth } from '../session/labels.js';
import { computeLayout, type Layout } from './layout.js';
import { cellWidth } from '../text/cells.js';

/**
 * One frame of the dashboard as text, for --snapshot: the same pure view the live app draws,
 * rendered once with Ink's renderToString (no terminal, no input, no clocks).
 */

/** A terminal tall enough that nothing is hidden: a snapshot takes its natural height. */
const TALL = 1000;

export function stillLayout(snap: SessionSnapshot, o: { columns: number; ascii: boolean }): Layout {
  return computeLayout({
    columns: o.columns,
    rows: TALL,
    specs: snap.rows,
    labelWidth: (key) => rowLabelWidth(key, { ascii: o.ascii, probe: snap.probe, dims: snap.dims }, cellWidth),
    hasNarration: snap.hasNarration,
    maxSpark: snap.historyCapacity,
  });
}

export function renderStill(snap: SessionSnapshot, layout: Layout, o: { columns: number; ascii: boolean }): string {
  const view = snap.view(layout.kind === 'tooSmall' ? 1 : layout.sparkWidth);
  return renderToString(
    <Dashboard view={view} layout={layout} columns={o.columns} rows={TALL} g={glyphsFor(o.ascii)} help={false} keyboard={false} still />,
    { columns: o.columns },
  );
}
