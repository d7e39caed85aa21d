import { EXIT } from '../exit.js';
import type { SessionCommand } from '../session/live.js';
import { isSessionCommand, type Command } from './keys.js';

/**
 * The live view's own state (what is not the session's): whether the help is open and how far it
 * is scrolled, the close-up, and what the multi-row charts show. A reducer, so its transitions
 * are tested without rendering; keys reach it through the table in keys.ts.
 */

export interface LiveUiState {
  help: boolean;
  /** The help's first line shown (it scrolls when taller than the window). */
  helpTop: number;
  /**
   * The close-up is open: `resume` says the run was running when it opened (and paused for it),
   * so closing it resumes; `scroll` is its first line shown.
   */
  closeUp: { resume: boolean; scroll: number } | null;
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

export type LiveUiAction =
  | 'toggleHelp'
  | 'closeHelp'
  | 'toggleWhole'
  | 'toggleLogSteps'
  | 'toggleSymlog'
  | HelpScroll
  | { type: 'openCloseUp'; resume: boolean }
  | { type: 'closeCloseUp' }
  /** Scroll the close-up by `by` lines, within [0, max]. */
  | { type: 'scroll'; by: number; max: number };

export const initialUiState: LiveUiState = { help: false, helpTop: 0, closeUp: null, whole: false, logSteps: false, symlog: false };

/** What the charts show at the start: --whole-run, --log-steps, --symlog (keys w, l, y after). */
export type ChartOptions = Pick<LiveUiState, 'whole' | 'logSteps' | 'symlog'>;

/** The state the view starts in: the help and the close-up closed, the charts as the flags ask. */
/** The flags that start the charts as they are (the replay command carries them). */
export function chartFlags(c: ChartOptions): string[] {
  return [...(c.whole ? ['--whole-run'] : []), ...(c.whole && c.logSteps ? ['--log-steps'] : []), ...(c.symlog ? ['--symlog'] : [])];
}

export function initialUi(charts?: Partial<ChartOptions>): LiveUiState {
  return { ...initialUiState, ...charts };
}

export function liveUiReducer(state: LiveUiState, action: LiveUiAction): LiveUiState {
  if (typeof action === 'object') {
    if ('scrollHelp' in action) {
      const top = Math.max(0, Math.min(action.max, state.helpTop + action.scrollHelp));
      return state.help && top !== state.helpTop ? { ...state, helpTop: top } : state;
    }
    switch (action.type) {
      case 'openCloseUp':
        return { ...state, help: false, helpTop: 0, closeUp: { resume: action.resume, scroll: 0 } };
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
  | { to: 'ui'; action: 'toggleHelp' | 'closeHelp' | 'toggleWhole' | 'toggleLogSteps' | 'toggleSymlog' }
  | { to: 'closeUp' }
  /** Scroll what is open (the close-up, else the help) by lines or pages. */
  | { to: 'scroll'; by: -1 | 1; page: boolean }
  | { to: 'exit'; code: number }
  | { to: 'suspend' };

export function route(cmd: Command): Route {
  if (cmd === 'quit') return { to: 'exit', code: EXIT.ok };
  if (cmd === 'interrupt') return { to: 'exit', code: EXIT.interrupted };
  if (cmd === 'suspend') return { to: 'suspend' };
  if (isSessionCommand(cmd)) return { to: 'session', command: cmd };
  if (cmd === 'toggleCloseUp') return { to: 'closeUp' };
  if (cmd === 'scrollUp' || cmd === 'scrollDown') return { to: 'scroll', by: cmd === 'scrollUp' ? -1 : 1, page: false };
  if (cmd === 'pageUp' || cmd === 'pageDown') return { to: 'scroll', by: cmd === 'pageUp' ? -1 : 1, page: true };
  return { to: 'ui', action: cmd };
}
