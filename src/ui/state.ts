import { EXIT } from '../exit.js';
import type { SessionCommand } from '../session/live.js';
import { isSessionCommand, type Command } from './keys.js';

/**
 * The live view's own state (what is not the session's): whether the help is open. A reducer, so
 * its transitions are tested without rendering; keys reach it through the table in keys.ts.
 */

export interface LiveUiState {
  help: boolean;
  /**
   * The close-up is open: `resume` says the run was running when it opened (and paused for it),
   * so closing it resumes; `scroll` is its first line shown.
   */
  closeUp: { resume: boolean; scroll: number } | null;
}

export type LiveUiAction =
  | 'toggleHelp'
  | 'closeHelp'
  | { type: 'openCloseUp'; resume: boolean }
  | { type: 'closeCloseUp' }
  /** Scroll the close-up by `by` lines, within [0, max]. */
  | { type: 'scroll'; by: number; max: number };

export const initialUiState: LiveUiState = { help: false, closeUp: null };

export function liveUiReducer(state: LiveUiState, action: LiveUiAction): LiveUiState {
  if (typeof action === 'object') {
    switch (action.type) {
      case 'openCloseUp':
        return { help: false, closeUp: { resume: action.resume, scroll: 0 } };
      case 'closeCloseUp':
        return state.closeUp ? { ...state, closeUp: null } : state;
      case 'scroll': {
        if (!state.closeUp) return state;
        const scroll = Math.max(0, Math.min(action.max, state.closeUp.scroll + action.by));
        return scroll === state.closeUp.scroll ? state : { ...state, closeUp: { ...state.closeUp, scroll } };
      }
    }
  }
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
  | { to: 'ui'; action: 'toggleHelp' | 'closeHelp' }
  | { to: 'closeUp'; command: 'toggleCloseUp' | 'scrollUp' | 'scrollDown' }
  | { to: 'exit'; code: number }
  | { to: 'suspend' };

export function route(cmd: Command): Route {
  if (cmd === 'quit') return { to: 'exit', code: EXIT.ok };
  if (cmd === 'interrupt') return { to: 'exit', code: EXIT.interrupted };
  if (cmd === 'suspend') return { to: 'suspend' };
  if (isSessionCommand(cmd)) return { to: 'session', command: cmd };
  if (cmd === 'toggleCloseUp' || cmd === 'scrollUp' || cmd === 'scrollDown') return { to: 'closeUp', command: cmd };
  return { to: 'ui', action: cmd };
}
