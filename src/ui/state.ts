import { EXIT } from '../exit.js';
import type { SessionCommand } from '../session/live.js';
import { isSessionCommand, type Command } from './keys.js';

/**
 * The live view's own state (what is not the session's): whether the help is open and how far it
 * is scrolled, and what the multi-row charts show. A reducer, so
 * its transitions are tested without rendering; keys reach it through the table in keys.ts.
 */

export interface LiveUiState {
  help: boolean;
  /** The help's first line shown (it scrolls when taller than the window). */
  helpTop: number;
  /** The charts: the recent window, or the whole run. */
  whole: boolean;
  /** The whole run's step axis even in log(step+1). */
  logSteps: boolean;
  /** The charts' y on symlog. */
  symlog: boolean;
}

/** The help scrolled by `by` lines, kept within [0, max] (max: the lines below the first page). */
export interface HelpScroll {
  scrollHelp: number;
  max: number;
}

export type LiveUiAction = 'toggleHelp' | 'closeHelp' | 'toggleWhole' | 'toggleLogSteps' | 'toggleSymlog' | HelpScroll;

export const initialUiState: LiveUiState = { help: false, helpTop: 0, whole: false, logSteps: false, symlog: false };

export function liveUiReducer(state: LiveUiState, action: LiveUiAction): LiveUiState {
  if (typeof action === 'object') {
    const top = Math.max(0, Math.min(action.max, state.helpTop + action.scrollHelp));
    return state.help && top !== state.helpTop ? { ...state, helpTop: top } : state;
  }
  switch (action) {
    case 'toggleHelp':
      return { ...state, help: !state.help, helpTop: 0 };
    case 'closeHelp':
      return state.help ? { ...state, help: false, helpTop: 0 } : state;
    case 'toggleWhole':
      return { ...state, whole: !state.whole };
    case 'toggleLogSteps':
      return { ...state, logSteps: !state.logSteps };
    case 'toggleSymlog':
      return { ...state, symlog: !state.symlog };
  }
}

/** Where a command from the key table goes: the session, the view's own state, or the exit. */
export type Route =
  | { to: 'session'; command: SessionCommand }
  | { to: 'ui'; action: LiveUiAction }
  | { to: 'exit'; code: number }
  /** Scroll the help by lines or pages: the view knows how many lines a page and the help have. */
  | { to: 'helpScroll'; by: -1 | 1; page: boolean };

export function route(cmd: Command): Route {
  if (cmd === 'quit') return { to: 'exit', code: EXIT.ok };
  if (cmd === 'interrupt') return { to: 'exit', code: EXIT.interrupted };
  if (isSessionCommand(cmd)) return { to: 'session', command: cmd };
  if (cmd === 'helpUp' || cmd === 'helpDown') return { to: 'helpScroll', by: cmd === 'helpUp' ? -1 : 1, page: false };
  if (cmd === 'helpPageUp' || cmd === 'helpPageDown') return { to: 'helpScroll', by: cmd === 'helpPageUp' ? -1 : 1, page: true };
  return { to: 'ui', action: cmd };
}
