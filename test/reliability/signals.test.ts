import { constants } from 'node:os';
import { describe, expect, it } from 'vitest';
import { endingSignals } from '../../src/modes/signals.js';

describe('the signals the live view catches to restore the terminal', () => {
  const caught = endingSignals();
  it('include every catchable one that would end the process, under each of its names', () => {
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR2', 'SIGALRM', 'SIGVTALRM', 'SIGXCPU', 'SIGIO', 'SIGPOLL', 'SIGPWR', 'SIGABRT', 'SIGIOT'])
      if ((constants.signals as Record<string, number | undefined>)[s] !== undefined) expect(caught).toContain(s);
  });
  it('leave alone what Node or V8 own or ignore, what cannot be caught, resize and job control', () => {
    for (const s of ['SIGUSR1', 'SIGPROF', 'SIGPIPE', 'SIGXFSZ', 'SIGKILL', 'SIGSTOP', 'SIGSEGV', 'SIGBUS', 'SIGFPE', 'SIGILL', 'SIGWINCH', 'SIGCHLD', 'SIGCONT', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU'])
      expect(caught).not.toContain(s);
  });
});
