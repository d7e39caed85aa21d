import { useInput } from 'ink';
import { useEffect, useReducer, useRef, useState } from 'react';
import { EXIT } from '../exit.js';
import { tickInterval } from '../session/clock.js';
import type { LiveSession } from '../session/live.js';
import { Dashboard } from './components/Dashboard.js';
import { glyphsFor, rowLabel } from './glyphs.js';
import { commandsFor, isSessionCommand, type Command } from './keys.js';
import { computeLayout } from './layout.js';
import { cellWidth } from './text.js';

/** The terminal as the view sees it: its size, and word when that changes. */
export interface ScreenSize {
  readonly columns: number;
  readonly rows: number;
  onResize(listener: () => void): () => void;
}

function useScreenSize(screen: ScreenSize): { columns: number; rows: number } {
  const [size, setSize] = useState({ columns: screen.columns, rows: screen.rows });
  useEffect(() => screen.onResize(() => setSize({ columns: screen.columns, rows: screen.rows })), [screen]);
  return size;
}

export interface AppProps {
  session: LiveSession;
  screen: ScreenSize;
  fps: number;
  ascii: boolean;
  /** stdin is a terminal: keys work. Without one the view runs until a signal ends it. */
  keyboard: boolean;
  onExit: (code: number) => void;
  /** Start the training and render clocks (off in tests that drive the session by hand). */
  clocks?: boolean;
}

/**
 * The live view's state hook and input hook around the pure Dashboard: two clocks (training at
 * ~60 Hz, frames at up to `fps`), the key table, and the terminal size. It holds no math.
 */
export function App({ session, screen, fps, ascii, keyboard, onExit, clocks = true }: AppProps) {
  const size = useScreenSize(screen);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const [help, setHelp] = useState(false);
  const drawn = useRef(-1);

  // The clocks: training ticks, and a frame whenever the session changed since the last one (a
  // step, an expired notice). Keys draw at once, without waiting for either. Paused, with no
  // notice to expire, nothing changes and no clock runs at all.
  const tickMs = tickInterval(session.targetSpeed, fps, session.msPerStep);
  const frameMs = 1000 / fps;
  const ticking = clocks && ((!session.isPaused && !session.finished) || session.noticeShown);
  useEffect(() => {
    if (!ticking) return;
    const draw = () => {
      if (session.version !== drawn.current) redraw();
    };
    if (tickMs === frameMs) {
      // One wake-up per frame: the steps due, then the frame that shows them.
      const t = setInterval(() => {
        session.tick();
        draw();
      }, frameMs);
      return () => clearInterval(t);
    }
    const ticks = setInterval(() => session.tick(), tickMs);
    const frames = setInterval(draw, frameMs);
    return () => {
      clearInterval(ticks);
      clearInterval(frames);
    };
  }, [session, ticking, tickMs, frameMs]);

  // --steps N reached: end once the frame showing step N has been committed (Ink writes it on unmount).
  const finished = session.finished;
  useEffect(() => {
    if (finished) onExit(EXIT.ok);
  }, [finished, onExit]);

  const run = (cmd: Command) => {
    if (cmd === 'quit') onExit(EXIT.ok);
    else if (cmd === 'interrupt') onExit(EXIT.interrupted);
    else if (cmd === 'toggleHelp') setHelp((h) => !h);
    else if (cmd === 'closeHelp') setHelp(false);
    else if (isSessionCommand(cmd)) {
      session.dispatch(cmd);
      redraw();
    }
  };

  useInput(
    (input, key) => {
      for (const cmd of commandsFor(input, key)) run(cmd);
    },
    // Ink's useInput turns on raw mode, which throws when stdin is not a terminal.
    { isActive: keyboard },
  );

  drawn.current = session.version;
  const g = glyphsFor(ascii);
  const layout = computeLayout({
    columns: size.columns,
    rows: size.rows,
    specs: session.rows,
    labelWidth: (key) => cellWidth(rowLabel(key, { ascii, probe: session.probe, dims: session.scenario.data.dims })),
    hasNarration: session.scenario.captions.length > 0,
    maxSpark: session.historyCapacity,
  });
  const view = session.view(layout.kind === 'tooSmall' ? 1 : layout.sparkWidth);
  return (
    <Dashboard view={view} layout={layout} columns={size.columns} rows={size.rows} g={g} help={help} keyboard={keyboard} />
  );
}
