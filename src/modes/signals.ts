import { constants } from 'node:os';

/**
 * The signals the live view catches to give the terminal back before the process ends (its
 * alternate screen, hidden cursor, raw mode and bracketed paste would otherwise outlive it). Each
 * is one whose default action ends the process and that a program can catch; the view restores
 * the terminal and exits 128 + the signal's number, as the shell reports a death by that signal.
 *
 * Ink's signal-exit listens on most of these too, each under its own name, and on a signal with
 * no other listener it unmounts Ink and re-raises it (leaving our alternate screen behind), and
 * when the signal has another listener it does nothing. So every name a number has is listened
 * on (SIGIO and SIGPOLL, SIGABRT and SIGIOT): otherwise `kill -29` reached signal-exit as SIGIO
 * only, Ink unmounted, and the run ended as if q had been pressed (exit 0).
 *
 * Left alone, each for a reason:
 * - SIGKILL, SIGSTOP: cannot be caught.
 * - SIGSEGV, SIGBUS, SIGFPE, SIGILL: a crash, where Node says it is not safe to run JavaScript.
 * - SIGPIPE, SIGXFSZ: Node ignores both, so they end nothing (a write then fails with EPIPE or
 *   EFBIG, which the writers report).
 * - SIGUSR1: Node's own: it starts the inspector (`kill -USR1` to attach a debugger), and ends
 *   nothing. A listener would take that away.
 * - SIGPROF: V8's sampling profiler (--cpu-prof, --prof) runs on it; a listener would replace its
 *   handler.
 * - SIGWINCH (a resize), SIGCHLD, SIGURG, SIGCONT: ignored by default. SIGTSTP, SIGTTIN, SIGTTOU
 *   stop the process: job control (SIGTSTP is caught for that, see live.ts).
 * SIGABRT, SIGTRAP and SIGSYS are caught: signal-exit catches them anyway (and re-raises them
 * after unmounting Ink, without our screen); an abort() inside Node still ends by SIGABRT, as
 * abort() restores the default action and raises it again.
 */
const ENDING = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGQUIT',
  'SIGUSR2',
  'SIGALRM',
  'SIGVTALRM',
  'SIGXCPU',
  'SIGIO',
  'SIGPWR',
  'SIGSTKFLT',
  'SIGABRT',
  'SIGTRAP',
  'SIGSYS',
] as const;

/**
 * The ending signals this platform has, under every name each has (SIGIO is also SIGPOLL,
 * SIGABRT also SIGIOT): see above for why both.
 */
export function endingSignals(): NodeJS.Signals[] {
  const known = constants.signals as Record<string, number | undefined>;
  const numbers = new Set(ENDING.map((s) => known[s]).filter((n): n is number => n !== undefined));
  return Object.keys(known).filter((name) => numbers.has(known[name]!)) as NodeJS.Signals[];
}
