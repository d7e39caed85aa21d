import { Box } from 'ink';
import type { LiveView } from '../../session/live.js';
import type { Glyphs } from '../glyphs.js';
import type { Layout, PanelLayout } from '../layout.js';
import { Caption, captionHeight, captionText, Summary, summaryLines } from './Caption.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { Help } from './Help.js';
import { Panel } from './Panel.js';
import { TooSmall } from './TooSmall.js';

export interface DashboardProps {
  /** What to show: the session's view model, its sparklines layout.sparkWidth samples wide. */
  view: LiveView;
  /** Where it goes: computeLayout() for this terminal size. */
  layout: Layout;
  columns: number;
  rows: number;
  g: Glyphs;
  /** The help overlay in place of the panels. */
  help: boolean;
  /** stdin is a terminal: the footer lists the keys. */
  keyboard: boolean;
  /**
   * A still frame (--snapshot): its natural height, no key footer, no clock speed, no summary.
   * Text for a README, not a screen to fill.
   */
  still?: boolean;
}

/** The two panels, side by side or one above the other; both say how many rows they hide. */
function Panels({ view, layout, g }: { view: LiveView; layout: PanelLayout; g: Glyphs }) {
  const note =
    layout.hidden > 0
      ? `${layout.hidden} row${layout.hidden > 1 ? 's' : ''} hidden${layout.bordered ? ': a taller terminal shows them' : ''}`
      : undefined;
  return (
    <Box flexDirection={layout.kind === 'side' ? 'row' : 'column'}>
      <Panel rule="naive" view={view} layout={layout} g={g} note={note} />
      <Panel rule="backprop" view={view} layout={layout} g={g} note={note} />
    </Box>
  );
}

/**
 * The whole frame, a pure function of its props. Live it is exactly rows − 1 lines with the keys
 * on the last of them (keys stay where people look for them, and the frame never reaches the
 * last row, where Ink would clear the screen every frame): the header, then the panels, the
 * caption and, in the rows the caption leaves, the scenario's summary; or the help in their
 * place. A still frame takes its natural height: the caption whole, the summary left to the
 * README it goes into.
 */
export function Dashboard({ view, layout, columns, rows, g, help, keyboard, still = false }: DashboardProps) {
  if (layout.kind === 'tooSmall') return <TooSmall need={layout.need} columns={columns} rows={rows} height={layout.height} g={g} />;
  if (still)
    return (
      <Box flexDirection="column" width={columns}>
        <Header view={view} width={columns} g={g} still />
        <Panels view={view} layout={layout} g={g} />
        <Caption text={captionText(view, columns, Infinity, g, layout.captionLines)} />
      </Box>
    );
  const body = rows - 3;
  let main;
  if (help) main = <Help view={view} width={columns} height={body} g={g} />;
  else {
    const caption = captionText(view, columns, layout.textLines, g, layout.captionLines);
    const summary = summaryLines(view.summary, columns, layout.textLines - captionHeight(caption), g, caption.blank > 0);
    main = (
      <>
        <Panels view={view} layout={layout} g={g} />
        <Caption text={caption} />
        <Summary lines={summary} />
      </>
    );
  }
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <Header view={view} width={columns} g={g} />
      {/* The layout sizes what goes here to fit (clipping with overflow="hidden" would cost every frame). */}
      <Box flexDirection="column" height={Math.max(0, body)}>
        {main}
      </Box>
      <Footer width={columns} keyboard={keyboard} paused={view.paused} presenting={view.presenting} g={g} />
    </Box>
  );
}
