import { constants } from 'node:os';

/**
 * The signals the live view catches to give the terminal back before the process ends (its
 * alternate screen, hidden cursor, raw mode and bracketed paste would otherwise outlive it). Each
 * is one whose default action ends the process and that a program can catch; the view restores
 * the terminal and exits 128 + the signal's number, as the shell reports a death by that signal.
 *
 * Left alone, each for a reason:
 * - SIGKILL, SIGSTOP: cannot be caught.
 * - SIGSEGV, SIGBUS, SIGFPE, SIGILL (and SIGABRT, SIGTRAP, SIGSYS): a crash, where Node says it is
 *   not safe to run JavaScript; the core dump is worth more than a tidy exit.
 * - SIGPIPE, SIGXFSZ: Node ignores both, so they end nothing (a write then fails with EPIPE or
 *   EFBIG, which the writers report).
 * - SIGUSR1: Node's own: it starts the inspector (`kill -USR1` to attach a debugger), and ends
 *   nothing. A listener would take that away.
 * - SIGPROF: V8's sampling profiler (--cpu-prof, --prof) runs on it; a listener would replace its
 *   handler.
 * - SIGWINCH (a resize), SIGCHLD, SIGURG, SIGCONT: ignored by default. SIGTSTP, SIGTTIN, SIGTTOU
 *   stop the process: job control (SIGTSTP is caught for that, see live.ts).
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
  'SIGPOLL',
  'SIGPWR',
  'SIGSTKFLT',
] as const;

/** The ending signals this platform has (by name; SIGPOLL is SIGIO's other name on Linux). */
export function endingSignals(): NodeJS.Signals[] {
  const known = constants.signals as Record<string, number | undefined>;
  const seen = new Set<number>();
  const out: NodeJS.Signals[] = [];
  for (const s of ENDING) {
    const n = known[s];
    if (n === undefined || seen.has(n)) continue;
    seen.add(n);
    out.push(s as NodeJS.Signals);
  }
  return out;
}
