import { useInput } from 'ink';
import { useEffect, useReducer, useState, useSyncExternalStore } from 'react';
import type { LiveSession, SessionSnapshot } from '../session/live.js';
import { commandsFor, type Command } from './keys.js';
import { initialUi, liveUiReducer, type ChartOptions, type LiveUiAction, type LiveUiState } from './state.js';

/** The terminal as the view sees it: its size, and word when that changes. */
export interface ScreenSize {
  readonly columns: number;
  readonly rows: number;
  onResize(listener: () => void): () => void;
}

export function useScreenSize(screen: ScreenSize): { columns: number; rows: number } {
  const [size, setSize] = useState({ columns: screen.columns, rows: screen.rows });
  useEffect(() => screen.onResize(() => setSize({ columns: screen.columns, rows: screen.rows })), [screen]);
  return size;
}

/** The session as React reads it: a new snapshot whenever the session publishes a change. */
export function useSession(session: LiveSession): SessionSnapshot {
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}

/**
 * The view's own state (the help, the close-up, the charts' options): a reducer, started with the
 * charts as `charts` asks (--whole-run, --log-steps, --symlog); read once, as the view mounts.
 */
export function useLiveUiState(charts?: Partial<ChartOptions>): [LiveUiState, (action: LiveUiAction) => void] {
  return useReducer(liveUiReducer, charts, initialUi);
}

/**
 * Keys to commands through the one table (keys.ts). A chunk of several keys (typed fast, pasted,
 * coalesced by SSH) is one command per key.
 */
export function useLiveInput(onCommand: (cmd: Command) => void, o: { isActive: boolean }): void {
  useInput(
    (input, key) => {
      for (const cmd of commandsFor(input, key)) onCommand(cmd);
    },
    // Ink's useInput turns on raw mode, which throws when stdin is not a terminal.
    { isActive: o.isActive },
  );
}
