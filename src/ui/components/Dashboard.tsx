import { Box } from 'ink';
import type { LiveView } from '../../session/live.js';
import type { Glyphs } from '../glyphs.js';
import type { Layout } from '../layout.js';
import { About, Caption } from './Caption.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { Help } from './Help.js';
import { Panel } from './Panel.js';
import { TooSmall } from './TooSmall.js';

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

/** The whole frame: a pure function of its props. */
export function Dashboard({ view, layout, columns, rows, g, help, keyboard, still = false }: DashboardProps) {
  if (layout.kind === 'tooSmall')
    return <TooSmall need={layout.need} columns={columns} rows={rows} height={layout.height} g={g} />;
  const note =
    layout.hidden > 0
      ? `${layout.hidden} row${layout.hidden > 1 ? 's' : ''} hidden${layout.bordered ? ': a taller terminal shows them' : ''}`
      : undefined;
  const panels = (
    <>
      <Box flexDirection={layout.kind === 'side' ? 'row' : 'column'}>
        <Panel rule="naive" view={view} layout={layout} g={g} />
        <Panel rule="backprop" view={view} layout={layout} g={g} note={note} />
      </Box>
      <Caption view={view} width={columns} lines={layout.captionLines} g={g} />
    </>
  );
  if (still)
    return (
      <Box flexDirection="column" width={columns}>
        <Header view={view} width={columns} g={g} still />
        {panels}
      </Box>
    );
  const body = help ? (
    // Everything between header and footer, up to the rows − 1 budget.
    <Help view={view} width={columns} height={rows - 1 - 2} g={g} />
  ) : (
    <>
      {panels}
      {layout.aboutLines > 0 && <About summary={view.summary} width={columns} lines={layout.aboutLines} g={g} />}
    </>
  );
  // Exactly rows − 1 lines with the footer on the last of them: keys stay where people look for
  // them, and the frame never reaches the last row (Ink would clear the screen every frame).
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <Header view={view} width={columns} g={g} />
      {body}
      <Box flexGrow={1} />
      <Footer width={columns} keyboard={keyboard} g={g} />
    </Box>
  );
}
