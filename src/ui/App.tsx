import { useEffect, useMemo, useRef } from 'react';
import { EXIT } from '../exit.js';
import type { LiveSession } from '../session/live.js';
import { closeUpRows, maxScroll } from './components/CloseUp.js';
import { Dashboard } from './components/Dashboard.js';
import { glyphsFor } from './glyphs.js';
import { rowLabelWidth } from '../session/labels.js';
import { useLiveInput, useLiveUiState, useScreenSize, useSession, type ScreenSize } from './hooks.js';
import { CLOSE_UP_COMMANDS, type Command } from './keys.js';
import { computeLayout } from './layout.js';
import { chartGlyphs } from './chart/plot.js';
import { helpScrollMax } from './components/Help.js';
import { chartMode, chartModels } from './charts.js';
import { chartFlags, route, type ChartOptions } from './state.js';
import { cellWidth } from '../text/cells.js';

export type { ScreenSize } from './hooks.js';

export interface AppProps {
  session: LiveSession;
  screen: ScreenSize;
  ascii: boolean;
  /** stdin is a terminal: keys work. Without one the view runs until a signal ends it. */
  keyboard: boolean;
  /** --exit-at-end: end the view once the last frame is drawn, instead of holding it until q. */
  exitAtEnd?: boolean;
  onExit: (code: number) => void;
  /** Ctrl+Z: job control, as SIGTSTP would (src/modes/live.ts); without it the key does nothing. */
  onSuspend?: () => void;
  /** What the charts show at the start (--whole-run, --log-steps, --symlog); keys w, l, y change it. */
  charts?: Partial<ChartOptions>;
}

/**
 * The live view's root: the session's snapshot, the view's own state and the keys, then a
 * layout for the terminal's size and the Dashboard in it. It holds no math and no clock: the
 * session is driven elsewhere (src/session/driver.ts) and this only sends it commands.
 */
export function App({ session, screen, ascii, keyboard, onExit, onSuspend, exitAtEnd = false, charts }: AppProps) {
  const size = useScreenSize(screen);
  const snap = useSession(session);
  const [ui, send] = useLiveUiState(charts);
  const g = glyphsFor(ascii);
  // The close-up of the step on screen: recomputed when the session changes (s steps it).
  const rows = closeUpRows(size.rows);
  const closeUp = useMemo(() => (ui.closeUp ? session.closeUp(rows) : null), [ui.closeUp !== null, snap.version, session, rows]);
  const closeUpHeight = size.rows - 2;
  // Whether the close-up is open, and whether closing it resumes, as of the last key: keys that
  // arrive together ("cj" over SSH) or before the next render see the one before them.
  const open = useRef(ui.closeUp);
  open.current = ui.closeUp;
  // What a help scroll needs from the last frame drawn: a page's lines and how far it can go.
  const helpPage = useRef({ page: 1, max: 0 });

  // Keys after q or Ctrl+C in the same read ("qe", a paste without bracketed paste) are not
  // commands any more: the view is ending.
  const ending = useRef(false);
  // Whether the help is open, as last drawn: the input handler is registered after a render commits.
  const helpOpen = useRef(ui.help);
  helpOpen.current = ui.help;

  useLiveInput(
    (cmd: Command) => {
      if (ending.current) return;
      const now = open.current;
      if (now && !CLOSE_UP_COMMANDS.has(cmd)) return;
      const r = route(cmd);
      if (r.to === 'exit') {
        ending.current = true;
        onExit(r.code);
      } else if (r.to === 'suspend') onSuspend?.();
      else if (now && (r.to === 'closeUp' || r.to === 'ui')) {
        // Closing leaves the run as it was when the close-up opened.
        if (now.resume && session.isPaused) session.dispatch('togglePause');
        send({ type: 'closeCloseUp' });
        open.current = null;
      } else if (r.to === 'closeUp') {
        const resume = !session.isPaused;
        if (resume) session.dispatch('togglePause');
        send({ type: 'openCloseUp', resume });
        open.current = { resume, scroll: 0 };
      } else if (r.to === 'scroll') {
        if (!now && !helpOpen.current && r.page && session.presenting) {
          // A presentation clicker sends PgDn/PgUp: with nothing open to scroll, they are its stops.
          session.dispatch(r.by > 0 ? 'nextStop' : 'prevStop');
        } else if (now) {
          const by = r.by * (r.page ? Math.max(1, closeUpHeight - 2) : 1);
          send({ type: 'scroll', by, max: maxScroll(closeUp ?? session.closeUp(rows), size.columns, closeUpHeight, g) });
        } else {
          const { page, max } = helpPage.current;
          send({ scrollHelp: r.by * (r.page ? page : 1), max });
        }
      } else if (r.to === 'ui') send(r.action);
      else session.dispatch(r.command);
    },
    { isActive: keyboard },
  );

  // The help pauses the run while it is open; the run goes on as it was when it closes.
  useEffect(() => session.setHelp(ui.help), [session, ui.help]);
  // The replay command starts the charts as they are now.
  useEffect(
    () => session.setViewFlags(chartFlags({ whole: ui.whole, logSteps: ui.logSteps, symlog: ui.symlog })),
    [session, ui.whole, ui.logSteps, ui.symlog],
  );

  // --steps N reached: the last frame stays until q (or r replays). With --exit-at-end, or with no
  // keyboard to press q on, end once the frame showing step N has been committed (Ink writes it
  // on unmount).
  useEffect(() => {
    if (snap.finished && (exitAtEnd || !keyboard)) onExit(EXIT.ok);
  }, [snap.finished, onExit, exitAtEnd, keyboard]);

  const layout = computeLayout({
    columns: size.columns,
    rows: size.rows,
    specs: snap.rows,
    labelWidth: (key) => rowLabelWidth(key, { ascii, probe: snap.probe, dims: snap.dims }, cellWidth),
    hasNarration: snap.hasNarration,
    maxSpark: snap.historyCapacity,
    charts: true,
    compact: true,
    chartKeys: snap.chartKeys,
  });
  const view = snap.view(layout.kind === 'tooSmall' ? 1 : layout.sparkWidth);
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
      closeUp={closeUp && ui.closeUp ? { c: closeUp, scroll: ui.closeUp.scroll } : null}
      charts={models ? { models, glyphs: cg, markers: snap.markers, mode: chartMode(ui, ascii) } : undefined}
    />
  );
}
