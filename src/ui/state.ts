import { EXIT } from '../exit.js';
import type { SessionCommand } from '../session/live.js';
import { isSessionCommand, type Command } from './keys.js';

/**
 * The live view's own state (what is not the session's): whether the help is open. A reducer, so
 * its transitions are tested without rendering; keys reach it through the table in keys.ts.
 */

export interface LiveUiState {
  help: boolean;
}

export type LiveUiAction = 'toggleHelp' | 'closeHelp';

export const initialUiState: LiveUiState = { help: false };

export function liveUiReducer(state: LiveUiState, action: LiveUiAction): LiveUiState {
  switch (action) {
    case 'toggleHelp':
      return { ...state, help: !state.help };
    case 'closeHelp':
      return state.help ? { ...state, help: false } : state;
  }
}

/** Where a command from the key table goes: the session, the view's own state, or the exit. */
export type Route =
  | { to: 'session'; command: SessionCommand }
  | { to: 'ui'; action: LiveUiAction }
  | { to: 'exit'; code: number }
  | { to: 'suspend' };

export function route(cmd: Command): Route {
  if (cmd === 'quit') return { to: 'exit', code: EXIT.ok };
  if (cmd === 'interrupt') return { to: 'exit', code: EXIT.interrupted };
  if (cmd === 'suspend') return { to: 'suspend' };
  if (isSessionCommand(cmd)) return { to: 'session', command: cmd };
  return { to: 'ui', action: cmd };
}
