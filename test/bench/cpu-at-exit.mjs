// @ts-check
/**
 * Loaded with `node --import` ahead of a process the bench times: at exit it writes the
 * process's own CPU time (user + system, µs, start-up included) to stderr as one JSON line, so a
 * figure can be per CPU-second of the process, which other work on a shared machine does not
 * stretch the way it stretches wall time.
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  writeSync(2, `\n${JSON.stringify({ cpuMicros: user + system })}\n`);
});
