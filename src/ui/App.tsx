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
  /** Ctrl+Z: job control, as SIGTSTP would (src/modes/live.ts); without it the key does nothing. */
  onSuspend?: () => void;
}

/**
 * The live view's root: the session's snapshot, the view's own state and the keys, then a
 * layout for the terminal's size and the Dashboard in it. It holds no math and no clock: the
 * session is driven elsewhere (src/session/driver.ts) and this only sends it commands.
 */
export function App({ session, screen, ascii, keyboard, onExit, onSuspend }: AppProps) {
  const size = useScreenSize(screen);
  const snap = useSession(session);
  const [ui, send] = useLiveUiState();
  const g = glyphsFor(ascii);
  // The close-up of the step on screen: recomputed when the session changes (s steps it).
  const rows = closeUpRows(size.rows);
  const closeUp = useMemo(() => (ui.closeUp ? session.closeUp(rows) : null), [ui.closeUp !== null, snap.version, session, rows]);
  const closeUpHeight = size.rows - 2;
  // Whether the close-up is open, and whether closing it resumes, as of the last key: keys that
  // arrive together ("cj" over SSH) or before the next render see the one before them.
  const open = useRef(ui.closeUp);
  open.current = ui.closeUp;

  // Keys after q or Ctrl+C in the same read ("qe", a paste without bracketed paste) are not
  // commands any more: the view is ending.
  const ending = useRef(false);

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
      else if (now && (r.to === 'closeUp' ? r.command === 'toggleCloseUp' : r.to === 'ui')) {
        // Closing leaves the run as it was when the close-up opened.
        if (now.resume && session.isPaused) session.dispatch('togglePause');
        send({ type: 'closeCloseUp' });
        open.current = null;
      } else if (r.to === 'closeUp') {
        if (r.command === 'toggleCloseUp') {
          const resume = !session.isPaused;
          if (resume) session.dispatch('togglePause');
          send({ type: 'openCloseUp', resume });
          open.current = { resume, scroll: 0 };
        } else if (now) {
          const page = r.command === 'scrollUp' ? -1 : 1;
          send({ type: 'scroll', by: page, max: maxScroll(closeUp ?? session.closeUp(rows), size.columns, closeUpHeight, g) });
        }
      } else if (r.to === 'ui') send(r.action);
      else session.dispatch(r.command);
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
    labelWidth: (key) => rowLabelWidth(key, { ascii, probe: snap.probe, dims: snap.dims }, cellWidth),
    hasNarration: snap.hasNarration,
    maxSpark: snap.historyCapacity,
  });
  const view = snap.view(layout.kind === 'tooSmall' ? 1 : layout.sparkWidth);
  return (
    <Dashboard
      view={view}
      layout={layout}
      columns={size.columns}
      rows={size.rows}
      g={g}
      help={ui.help}
      keyboard={keyboard}
      closeUp={closeUp && ui.closeUp ? { c: closeUp, scroll: ui.closeUp.scroll } : null}
    />
  );
}
