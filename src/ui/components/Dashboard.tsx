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

/** The two panels, side by side (row by row) or one above the other, then the caption. */
function panelsAndCaption({ view, layout, columns, g }: DashboardProps & { layout: Exclude<Layout, { kind: 'tooSmall' }> }): Segment[][] {
  const note =
    layout.hidden > 0
      ? `${layout.hidden} row${layout.hidden > 1 ? 's' : ''} hidden${layout.bordered ? ': a taller terminal shows them' : ''}`
      : undefined;
  const naive = panelLines({ rule: 'naive', view, layout, g });
  const backprop = panelLines({ rule: 'backprop', view, layout, g, note });
  const panels =
    layout.kind === 'side'
      ? naive.map((left, i) => [...left, ...(backprop[i] ?? [{ text: pad('', layout.panelWidth) }])])
      : [...naive, ...backprop];
  return [...panels, ...captionLines(view, columns, layout.captionLines, g)];
}

/** The whole frame as lines of styled text: a pure function of the props. */
function dashboardLines(p: DashboardProps): Segment[][] {
  const { view, layout, columns, rows, g, help, keyboard, still = false } = p;
  if (layout.kind === 'tooSmall') return tooSmallLines({ need: layout.need, columns, rows, height: layout.height, g });
  if (still) return [headerLine(view, columns, g, true), ...panelsAndCaption({ ...p, layout })];
  const height = rows - 1;
  const body = help
    ? // Everything between header and footer, up to the rows − 1 budget.
      helpFrame(view, columns, height - 2, g)
    : [...panelsAndCaption({ ...p, layout }), ...(layout.aboutLines > 0 ? aboutLines(view.summary, columns, layout.aboutLines, g) : [])];
  // Exactly rows − 1 lines with the footer on the last of them: keys stay where people look for
  // them, and the frame never reaches the last row (Ink would clear the screen every frame).
  const fill = Array.from({ length: Math.max(0, height - 2 - body.length) }, (): Segment[] => [{ text: '' }]);
  return [headerLine(view, columns, g), ...body.slice(0, Math.max(0, height - 2)), ...fill, footerSegments(columns, keyboard, g)];
}

/** The whole frame. */
export function Dashboard(p: DashboardProps) {
  return <Frame lines={dashboardLines(p)} width={p.columns} />;
}
