import type { ChartModel, SessionSnapshot } from '../session/live.js';
import type { SeriesKey } from '../session/history.js';
import type { ChartGlyphs } from './chart/plot.js';
import type { Layout } from './layout.js';
import type { LiveUiState } from './state.js';

/**
 * The chart models a frame draws: one per quantity the layout gives a chart, as the view's
 * options ask (recent pages or the whole run, step axis, y transform). The session hands out
 * the same model objects until a sample lands, so this costs map look-ups between samples.
 */
export function chartModels(snap: SessionSnapshot, layout: Layout, ui: LiveUiState, g: ChartGlyphs): ReadonlyMap<SeriesKey, ChartModel> | null {
  if (layout.kind === 'tooSmall' || !layout.chart) return null;
  const c = layout.chart;
  const out = new Map<SeriesKey, ChartModel>();
  for (const key of c.keys)
    out.set(
      key,
      snap.chart({
        key,
        span: ui.whole ? 'whole' : 'page',
        axis: ui.logSteps ? 'log' : 'linear',
        y: ui.symlog ? 'symlog' : 'linear',
        columns: c.plotWidth * g.xPerCell,
        rows: c.height,
      }),
    );
  return out;
}

/** What the charts show, for the panels' bottom border, with the keys that change it. */
export function chartMode(ui: LiveUiState, ascii: boolean): string {
  const parts = [ui.whole ? `whole run${ui.logSteps ? ', log steps' : ''} (w: recent)` : 'recent (w: whole run)'];
  if (ui.symlog) parts.push('symlog y (y: linear)');
  return parts.join(ascii ? ' | ' : ' · ');
}
