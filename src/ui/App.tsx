import { useEffect, useRef } from 'react';
import { EXIT } from '../exit.js';
import type { LiveSession } from '../session/live.js';
import { Dashboard } from './components/Dashboard.js';
import { glyphsFor, rowLabel } from './glyphs.js';
import { useLiveInput, useLiveUiState, useScreenSize, useSession, type ScreenSize } from './hooks.js';
import type { Command } from './keys.js';
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
  /** --exit-at-end: end the view once the last frame is drawn, instead of holding it until q. */
  exitAtEnd?: boolean;
  onExit: (code: number) => void;
  /** Ctrl+Z: job control, as SIGTSTP would (src/modes/live.ts); without it the key does nothing. */
  onSuspend?: () => void;
}

/**
 * The live view's root: the session's snapshot, the view's own state and the keys, then a
 * layout for the terminal's size and the Dashboard in it. It holds no math and no clock: the
 * session is driven elsewhere (src/session/driver.ts) and this only sends it commands.
 */
export function App({ session, screen, ascii, keyboard, onExit, onSuspend, exitAtEnd = false }: AppProps) {
  const size = useScreenSize(screen);
  const snap = useSession(session);
  const [ui, send] = useLiveUiState();
  // Keys after q or Ctrl+C in the same read ("qe", a paste without bracketed paste) are not
  // commands any more: the view is ending.
  const ending = useRef(false);

  useLiveInput(
    (cmd: Command) => {
      if (ending.current) return;
      const r = route(cmd);
      if (r.to === 'exit') {
        ending.current = true;
        onExit(r.code);
      } else if (r.to === 'suspend') onSuspend?.();
      else if (r.to === 'ui') send(r.action);
      else session.dispatch(r.command);
    },
    { isActive: keyboard },
  );

  // The help pauses the run while it is open; the run goes on as it was when it closes.
  useEffect(() => session.setHelp(ui.help), [session, ui.help]);

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
    labelWidth: (key) => cellWidth(rowLabel(key, { ascii, probe: snap.probe, dims: snap.dims })),
    hasNarration: snap.hasNarration,
    maxSpark: snap.historyCapacity,
  });
  const view = snap.view(layout.kind === 'tooSmall' ? 1 : layout.sparkWidth);
  return (
    <Dashboard view={view} layout={layout} columns={size.columns} rows={size.rows} g={glyphsFor(ascii)} help={ui.help} keyboard={keyboard} />
  );
}
