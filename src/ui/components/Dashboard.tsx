import { Box } from 'ink';
import type { LiveView } from '../../session/live.js';
import type { Glyphs } from '../glyphs.js';
import type { Layout, PanelLayout } from '../layout.js';
import type { CloseUp as CloseUpModel } from '../../session/closeup.js';
import { Caption, captionHeight, captionText, Summary, summaryLines } from './Caption.js';
import { CloseUp } from './CloseUp.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { Help } from './Help.js';
import { Panel, type PanelCharts } from './Panel.js';
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
  /** Lines the help is scrolled by. */
  helpTop?: number;
  /** stdin is a terminal: the footer lists the keys. */
  keyboard: boolean;
  /** The close-up (key c) in place of everything below the header; it lists its own keys. */
  closeUp?: { c: CloseUpModel; scroll: number } | null;
  /**
   * A still frame (--snapshot): its natural height, no key footer, no clock speed, no summary.
   * Text for a README, not a screen to fill.
   */
  still?: boolean;
  /** Multi-row charts for layout.chart's quantities, and what the panels say about them. */
  charts?: PanelCharts & { mode: string };
}

/** What a row's two numbers are: the second is not the paper's Δ (one step's update). */
const LEGEND = 'value · change since step 0';

/** The two panels, side by side or one above the other; both say how many rows they hide. */
function Panels({ view, layout, g, charts }: { view: LiveView; layout: PanelLayout; g: Glyphs; charts?: DashboardProps['charts'] }) {
  const drawn = layout.chart && charts ? charts : undefined;
  const note =
    layout.hidden > 0
      ? layout.compact
        ? `${layout.hidden} hidden` // beside the title of a panel half a small terminal wide
        : `${layout.hidden} row${layout.hidden > 1 ? 's' : ''} hidden${layout.bordered ? ': a taller terminal shows them' : ''}`
      : // With charts, the bottom border says what they show and the key that changes it.
        drawn?.mode;
  return (
    <Box flexDirection={layout.kind === 'side' ? 'row' : 'column'}>
      <Panel rule="naive" view={view} layout={layout} g={g} note={note} legend={LEGEND} charts={drawn} />
      <Panel rule="backprop" view={view} layout={layout} g={g} note={note} legend={LEGEND} charts={drawn} />
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
export function Dashboard({ view, layout, columns, rows, g, help, helpTop = 0, keyboard, closeUp = null, still = false, charts }: DashboardProps) {
  if (closeUp && !still)
    return (
      <Box flexDirection="column" width={columns} height={rows - 1}>
        <Header view={view} width={columns} g={g} />
        <CloseUp c={closeUp.c} width={columns} height={rows - 2} scroll={closeUp.scroll} g={g} />
      </Box>
    );
  if (layout.kind === 'tooSmall') return <TooSmall need={layout.need} columns={columns} rows={rows} height={layout.height} g={g} />;
  if (still)
    return (
      <Box flexDirection="column" width={columns}>
        <Header view={view} width={columns} g={g} still />
        <Panels view={view} layout={layout} g={g} charts={charts} />
        <Caption text={captionText(view, columns, Infinity, g, layout.captionLines)} />
      </Box>
    );
  const body = rows - 3;
  let main;
  if (help) main = <Help view={view} width={columns} height={body} g={g} top={helpTop} />;
  else {
    const caption = captionText(view, columns, layout.textLines, g, layout.captionLines);
    const summary = summaryLines(view.summary, columns, layout.textLines - captionHeight(caption), g, caption.blank > 0);
    main = (
      <>
        <Panels view={view} layout={layout} g={g} charts={charts} />
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
