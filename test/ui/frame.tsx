import { renderToString } from 'ink';
import type { LiveSession, LiveView } from '../../src/session/live.js';
import { Dashboard } from '../../src/ui/components/Dashboard.js';
import { glyphsFor } from '../../src/ui/glyphs.js';
import { rowLabelWidth } from '../../src/session/labels.js';
import { computeLayout } from '../../src/ui/layout.js';
import { cellWidth } from '../../src/text/cells.js';

export interface FrameOptions {
  ascii?: boolean;
  help?: boolean;
  keyboard?: boolean;
  /** Fields of the view to set by hand (a step, a speed…). */
  view?: Partial<LiveView>;
}

/** The frame for a session at a terminal size, as the live view would draw it. */
export function frame(s: LiveSession, columns: number, rows: number, o: FrameOptions = {}) {
  const ascii = o.ascii ?? false;
  const layout = computeLayout({
    columns,
    rows,
    specs: s.rows,
    labelWidth: (k) => rowLabelWidth(k, { ascii, probe: s.probe, dims: s.scenario.data.dims }, cellWidth),
    hasNarration: s.scenario.captions.length > 0,
    maxSpark: s.historyCapacity,
    // As the live view lays out its panels (side by side, compact, on a small terminal).
    compact: true,
  });
  const view = { ...s.view(layout.kind === 'tooSmall' ? 1 : layout.sparkWidth), ...o.view };
  const out = renderToString(
    <Dashboard view={view} layout={layout} columns={columns} rows={rows} g={glyphsFor(ascii)} help={o.help ?? false} keyboard={o.keyboard ?? true} />,
    { columns },
  );
  return { out, lines: out.split('\n'), layout };
}
