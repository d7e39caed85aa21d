import meow from 'meow';
import { UsageError } from './scenario/errors.js';

export const HELP = `
  Usage
    $ normdrift [scenario | file.yaml] [options]

  Trains two copies of one tiny network side by side: "naive" treats the batch statistics as
  constants in its gradient, "backprop" differentiates through them (Ioffe & Szegedy 2015).
  With no scenario it opens the paper's example (paper-bias) live in the terminal.

  Options
    --json          Headless: write NDJSON (one object per line) to stdout.
                    Also used automatically when stdout is not a terminal.
    --steps N       Steps to run headless (default: the scenario's training.steps)
    --every K       Record every K-th step in headless output (default 1)
    --seed S        Seed for data and batch order (overrides the file)
    --lr X          Learning rate (overrides the file)
    --speed N       Live: steps per second to start at, 1 to 1000000, or max (default 60)
    --fps N         Live: frames per second, 1 to 120 (default 30; 15 over SSH)
    --ascii         Live: draw sparklines, borders and symbols with ASCII only
    --no-color      Live: no colours (NO_COLOR=1 does the same)
    --list          List the built-in scenarios with a one-line summary each
    --validate F... Check scenario files; report every problem (exit 0 if all valid, else 2)
    --debug         Print stack traces for internal errors
    --help          Show this help
    --version       Show the version

  Keys (live)
    space pause · s step · +/- speed · r reset · R new seed · n/p next/previous scenario
    ? help · q quit

  Examples
    $ normdrift
    $ normdrift --ascii --speed 1000
    $ normdrift --json --steps 1000 --every 100 | head
    $ normdrift my-scenario.yaml --seed 7
    $ normdrift --validate scenarios/*.yaml
`;

export interface CliOptions {
  scenario: string | undefined;
  json: boolean;
  steps: number | undefined;
  every: number;
  seed: number | undefined;
  learningRate: number | undefined;
  list: boolean;
  /** Files to check with --validate (the positional arguments). */
  validate: string[] | null;
  debug: boolean;
  /** Live: starting steps per second (Infinity: the engine's maximum); undefined: the default. */
  speed: number | undefined;
  /** Live: frames per second; undefined: the default for this terminal. */
  fps: number | undefined;
  ascii: boolean;
  color: boolean;
}

/** Every flag, in one table; numbers are taken as strings and checked here for clear errors. */
const FLAGS = {
  json: { type: 'boolean', default: false },
  steps: { type: 'string' },
  every: { type: 'string' },
  seed: { type: 'string' },
  lr: { type: 'string' },
  list: { type: 'boolean', default: false },
  validate: { type: 'boolean', default: false },
  debug: { type: 'boolean', default: false },
  speed: { type: 'string' },
  fps: { type: 'string' },
  ascii: { type: 'boolean', default: false },
  color: { type: 'boolean', default: true },
} as const;

function integer(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v) || v < min || v > max)
    throw new UsageError(`--${name} takes a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  return v;
}

function positive(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v <= 0)
    throw new UsageError(`--${name} takes a positive number (got ${JSON.stringify(raw)})`);
  return v;
}

/** meow reports an unknown flag on two lines; DESIGN asks for one. */
function rejectUnknown(argv: string[], known: string[]): void {
  for (const arg of argv) {
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-') continue;
    const name = arg.replace(/^--?/, '').split('=')[0].replace(/^no-/, '');
    const camel = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (!known.includes(camel) && !['help', 'version'].includes(camel))
      throw new UsageError(`unknown option ${arg.split('=')[0]}`);
  }
}

function speed(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim().toLowerCase() === 'max') return Infinity;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v) || v < 1 || v > 1_000_000)
    throw new UsageError(`--speed takes steps per second from 1 to 1000000, or max (got ${JSON.stringify(raw)})`);
  return v;
}

export function parseFlags(argv: string[]): CliOptions {
  rejectUnknown(argv, Object.keys(FLAGS));
  const cli = meow(HELP, {
    importMeta: import.meta,
    argv,
    allowUnknownFlags: true,
    flags: FLAGS,
  });
  const f = cli.flags;
  if (f.validate && cli.input.length === 0) throw new UsageError('--validate needs at least one scenario file');
  if (!f.validate && cli.input.length > 1)
    throw new UsageError(`expected at most one scenario (got ${cli.input.map((s) => JSON.stringify(s)).join(' ')})`);
  return {
    scenario: cli.input[0],
    json: f.json,
    steps: integer('steps', f.steps, 0, 1_000_000_000),
    every: integer('every', f.every, 1, 1_000_000_000) ?? 1,
    seed: integer('seed', f.seed, 0, Number.MAX_SAFE_INTEGER),
    learningRate: positive('lr', f.lr),
    list: f.list,
    validate: f.validate ? cli.input : null,
    debug: f.debug,
    speed: speed(f.speed),
    fps: integer('fps', f.fps, 1, 120),
    ascii: f.ascii,
    color: f.color,
  };
}
