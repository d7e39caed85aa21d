import type { LiveView } from '../../session/live.js';
import type { Glyphs } from '../glyphs.js';
import type { Layout } from '../layout.js';
import { pad } from '../text.js';
import { aboutLines, captionLines } from './Caption.js';
import { footerSegments } from './Footer.js';
import { headerLine } from './Header.js';
import { helpFrame } from './Help.js';
import { panelLines } from './Panel.js';
import { Frame, type Segment } from './Segments.js';
import { tooSmallLines } from './TooSmall.js';

export interface DashboardProps {
  view: LiveView;
  layout: Layout;
  columns: number;
  rows: number;
  g: Glyphs;
  help: boolean;
  keyboard: boolean;
  /**
   * A still frame (--snapshot): its natural height, no key footer, no clock speed, no summary.
   * Text for a README, not a screen to fill.
   */
  still?: boolean;
}

/**
 * The two panels, side by side (row by row) or one above the other, then the caption and, live,
 * the scenario summary in the rows the caption leaves. A still frame has no height to fill: its
 * caption is whole, and the summary is left to the README it goes into.
 */
function panelsAndText({ view, layout, columns, g, still }: DashboardProps & { layout: Exclude<Layout, { kind: 'tooSmall' }> }): Segment[][] {
  const note =
    layout.hidden > 0
      ? `${layout.hidden} row${layout.hidden > 1 ? 's' : ''} hidden${layout.bordered ? ': a taller terminal shows them' : ''}`
      : undefined;
  // On both panels: each hides the same rows, and a reader may look at either.
  const naive = panelLines({ rule: 'naive', view, layout, g, note });
  const backprop = panelLines({ rule: 'backprop', view, layout, g, note });
  const panels =
    layout.kind === 'side'
      ? naive.map((left, i) => [...left, ...(backprop[i] ?? [{ text: pad('', layout.panelWidth) }])])
      : [...naive, ...backprop];
  if (still) return [...panels, ...captionLines(view, columns, Infinity, g, layout.captionLines)];
  const caption = captionLines(view, columns, layout.textLines, g, layout.captionLines);
  const blankBefore = caption.length > 0 && caption[caption.length - 1].every((s) => s.text === '');
  return [...panels, ...caption, ...aboutLines(view.summary, columns, layout.textLines - caption.length, g, blankBefore)];
}

/** The whole frame as lines of styled text: a pure function of the props. */
function dashboardLines(p: DashboardProps): Segment[][] {
  const { view, layout, columns, rows, g, help, keyboard, still = false } = p;
  if (layout.kind === 'tooSmall') return tooSmallLines({ need: layout.need, columns, rows, height: layout.height, g });
  if (still) return [headerLine(view, columns, g, true), ...panelsAndText({ ...p, layout })];
  const height = rows - 1;
  const body = help
    ? // Everything between header and footer, up to the rows − 1 budget.
      helpFrame(view, columns, height - 2, g)
    : panelsAndText({ ...p, layout });
  // Exactly rows − 1 lines with the footer on the last of them: keys stay where people look for
  // them, and the frame never reaches the last row (Ink would clear the screen every frame).
  const fill = Array.from({ length: Math.max(0, height - 2 - body.length) }, (): Segment[] => [{ text: '' }]);
  return [headerLine(view, columns, g), ...body.slice(0, Math.max(0, height - 2)), ...fill, footerSegments(columns, keyboard, g, view.paused)];
}

/** The whole frame. */
export function Dashboard(p: DashboardProps) {
  return <Frame lines={dashboardLines(p)} width={p.columns} />;
}
