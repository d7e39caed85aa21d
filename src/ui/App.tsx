import { useEffect, useRef } from 'react';
import { EXIT } from '../exit.js';
import type { LiveSession } from '../session/live.js';
import { Dashboard } from './components/Dashboard.js';
import { glyphsFor, rowLabel } from './glyphs.js';
import { useLiveInput, useLiveUiState, useScreenSize, useSession, type ScreenSize } from './hooks.js';
import type { Command } from './keys.js';
import { computeLayout } from './layout.js';
import { chartGlyphs } from './chart/plot.js';
import { helpScrollMax } from './components/Help.js';
import { chartMode, chartModels } from './charts.js';
import { route } from './state.js';
import { cellWidth } from '../text/cells.js';

export type { ScreenSize } from './hooks.js';

export interface AppProps {
  session: LiveSession;
  screen: ScreenSize;
  ascii: boolean;
  /** stdin is a terminal: keys work. Without one the view runs until a signal ends it. */
  keyboard: boolean;
  onExit: (code: number) => void;
}

/**
 * The live view's root: the session's snapshot, the view's own state and the keys, then a
 * layout for the terminal's size and the Dashboard in it. It holds no math and no clock: the
 * session is driven elsewhere (src/session/driver.ts) and this only sends it commands.
 */
export function App({ session, screen, ascii, keyboard, onExit }: AppProps) {
  const size = useScreenSize(screen);
  const snap = useSession(session);
  const [ui, send] = useLiveUiState();
  // What a help scroll needs from the last frame drawn: a page's lines and how far it can go.
  const helpPage = useRef({ page: 1, max: 0 });

  useLiveInput(
    (cmd: Command) => {
      const r = route(cmd);
      if (r.to === 'exit') onExit(r.code);
      else if (r.to === 'ui') send(r.action);
      else if (r.to === 'helpScroll') {
        const { page, max } = helpPage.current;
        send({ scrollHelp: r.by * (r.page ? page : 1), max });
      } else session.dispatch(r.command);
    },
    { isActive: keyboard },
  );

  // --steps N reached: end once the frame showing step N has been committed (Ink writes it on unmount).
  useEffect(() => {
    if (snap.finished) onExit(EXIT.ok);
  }, [snap.finished, onExit]);

  const layout = computeLayout({
    columns: size.columns,
    rows: size.rows,
    specs: snap.rows,
    labelWidth: (key) => cellWidth(rowLabel(key, { ascii, probe: snap.probe, dims: snap.dims })),
    hasNarration: snap.hasNarration,
    maxSpark: snap.historyCapacity,
    charts: true,
    compact: true,
    chartKeys: snap.chartKeys,
  });
  const view = snap.view(layout.kind === 'tooSmall' ? 1 : layout.sparkWidth);
  const g = glyphsFor(ascii);
  const cg = chartGlyphs(ascii);
  const models = chartModels(snap, layout, ui, cg);
  const body = size.rows - 3;
  // The help's closing line is one of its lines: a page scrolls by the rest.
  helpPage.current = { page: Math.max(1, body - 2), max: ui.help ? helpScrollMax(view, size.columns, body, g) : 0 };
  return (
    <Dashboard
      view={view}
      layout={layout}
      columns={size.columns}
      rows={size.rows}
      g={g}
      help={ui.help}
      helpTop={ui.helpTop}
      keyboard={keyboard}
      charts={models ? { models, glyphs: cg, markers: snap.markers, mode: chartMode(ui, ascii) } : undefined}
    />
  );
}
