#!/usr/bin/env node
import { describeFatal, EXIT, exitCodeFor } from './exit.js';
import { parseFlags } from './flags.js';
import { runHeadless } from './output/ndjson.js';
import { resolveScenario } from './scenario/builtins.js';
import { listBuiltins, validateFiles } from './scenario/library.js';
import { applyOverrides, Pair } from './session/pair.js';
import { defaultFps, prepareLiveEnv } from './ui/env.js';

/** Buffered stdout for NDJSON: one write per ~64 KB instead of one per line. */
function lineWriter(): { write: (line: string) => void; flush: () => void } {
  let buf = '';
  return {
    write(line) {
      buf += line + '\n';
      if (buf.length >= 1 << 16) {
        process.stdout.write(buf);
        buf = '';
      }
    },
    flush() {
      if (buf) process.stdout.write(buf);
      buf = '';
    },
  };
}

async function main(argv: string[]): Promise<number> {
  const opts = parseFlags(argv);
  if (opts.list) {
    process.stdout.write(listBuiltins(process.stdout.columns || 100).join('\n') + '\n');
    return EXIT.ok;
  }
  if (opts.validate) {
    const { ok, lines } = validateFiles(opts.validate);
    (ok ? process.stdout : process.stderr).write(lines.join('\n') + '\n');
    return ok ? EXIT.ok : EXIT.usage;
  }
  const resolved = resolveScenario(opts.scenario);
  const scenario = applyOverrides(resolved.scenario, opts);
  // A person at a terminal gets the live view; a pipe or a file gets NDJSON. stdin does not
  // decide: with no keyboard the view still runs, without keys.
  if (!opts.json && process.stdout.isTTY === true) {
    prepareLiveEnv({ color: opts.color });
    // Imported only now: Ink and chalk read the environment when first loaded, and headless
    // runs should not pay for loading React.
    const { runLive } = await import('./ui/live.js');
    return runLive({
      initial: {
        name: resolved.name,
        arg: resolved.builtin ? resolved.name : (opts.scenario ?? resolved.name),
        builtin: resolved.builtin,
        scenario,
      },
      fps: opts.fps ?? defaultFps(),
      ascii: opts.ascii,
      speed: opts.speed,
    });
  }
  const pair = new Pair(scenario);
  const out = lineWriter();
  runHeadless(pair, { name: resolved.name, steps: scenario.training.steps, every: opts.every }, out.write);
  out.flush();
  return EXIT.ok;
}

// A reader that stops early (`normdrift --json | head -1`) is not an error. A terminal that hung
// up (EIO) under the live view is handled by the view itself.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(EXIT.ok);
  if (err.code === 'EIO') return;
  throw err;
});

const debug = process.argv.includes('--debug');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(describeFatal(err, debug) + '\n');
    process.exitCode = exitCodeFor(err);
  },
);
