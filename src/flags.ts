import meow from 'meow';
import { UsageError } from './scenario/errors.js';

export const HELP = `
  Usage
    $ normdrift [scenario | file.yaml] [options]

  Trains two copies of one tiny network side by side: "naive" treats the batch statistics as
  constants in its gradient, "backprop" differentiates through them (Ioffe & Szegedy 2015).
  With no scenario it opens the paper's example (paper-bias) live in the terminal.

  Options
    --json            Headless: write NDJSON (one object per line) to stdout.
                      Also used automatically when stdout is not a terminal.
    --steps N         Headless and --snapshot: steps to run (default: the scenario's
                      training.steps). Live: end the session by itself after step N.
    --every K         Record only every K-th step in NDJSON and CSV (default 1)
    --seed S          Seed for data and batch order (overrides the file)
    --lr X            Learning rate (overrides the file)
    --speed N         Live: steps per second to start at, 1 to 1000000, or max (default 60)
    --fps N           Live: frames per second, 1 to 120 (default 10; 5 over SSH)
    --duration SEC    Live: end the session by itself after SEC seconds
    --ascii           Draw sparklines, borders and symbols with ASCII only (live, --snapshot)
    --no-color        No colours (NO_COLOR=1 does the same)
    --list            List the built-in scenarios with a one-line summary each
    --validate F...   Check scenario files; report every problem (exit 0 if all valid, else 2)
    --debug           Print stack traces for internal errors
    --help            Show this help
    --version         Show the version

  Recording and export
    --record F.cast   Live: record the session, exactly as drawn, as an asciicast v2 file
                      (asciinema play F.cast). Needs the live view: a terminal on stdout,
                      not --json or --snapshot. Valid up to its last event even if killed.
    --csv FILE        Write the per-step series as CSV, one row per model per recorded step
                      (header step,model,loss,b,w,…). Headless: the steps the NDJSON has.
                      Live: the steps the sparklines sample (every step when stepping with s
                      or at up to 10 steps/s, about 6 a second when faster), only multiples
                      of --every K, from step 0 until r, R, n or p starts another run.
    --snapshot        Run --steps steps without the live view, then print one frame of the
                      dashboard as text (sparklines span the whole run): for READMEs and
                      slides. Colour only when stdout is a terminal; none under NO_COLOR.
    --width W         Width of --snapshot in columns (default: the terminal's, else 80)

  Keys (live)
    space pause · s step · +/- speed · r reset · R new seed · n/p next/previous scenario
    e export the series so far to ./normdrift-<scenario>-<seed>-<step>.csv · ? help · q quit
    The help overlay (?) and the end of every live run show the command that replays the view.

  Examples
    $ normdrift
    $ normdrift --ascii --speed 1000
    $ normdrift --record demo.cast --duration 20
    $ normdrift scale-blowup --snapshot --steps 300 --width 100 > snapshot.txt
    $ normdrift --json --steps 1000 --every 100 --csv series.csv | head
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
  /** Live: asciicast file to record the session to. */
  record: string | undefined;
  /** CSV file for the per-step series (live, headless or --snapshot). */
  csv: string | undefined;
  snapshot: boolean;
  /** --snapshot width in columns; undefined: the terminal's. */
  width: number | undefined;
  /** Live: seconds after which the session ends by itself. */
  duration: number | undefined;
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
  record: { type: 'string' },
  csv: { type: 'string' },
  snapshot: { type: 'boolean', default: false },
  width: { type: 'string' },
  duration: { type: 'string' },
} as const;

/** A snapshot narrower than this cannot hold two readable panels; wider is just wasted space. */
export const SNAPSHOT_WIDTH = { min: 40, max: 1000 } as const;

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

/** Timers overflow past 2³¹ ms (~24 days) and fire at once: cap well below that. */
const MAX_DURATION = 1_000_000;

function seconds(raw: string | undefined): number | undefined {
  const v = positive('duration', raw);
  if (v !== undefined && v > MAX_DURATION)
    throw new UsageError(`--duration takes seconds up to ${MAX_DURATION} (got ${JSON.stringify(raw)})`);
  return v;
}

/** A file name flag: `--csv` with nothing after it (or `--csv --json`) arrives as ''. */
function file(name: string, raw: string | undefined, what: string): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === '') throw new UsageError(`--${name} needs ${what}`);
  return raw;
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

/** Flags that only make sense in one mode: a one-line error beats silently ignoring them. */
function checkModes(o: CliOptions): void {
  if (o.snapshot && o.json) throw new UsageError('--snapshot prints a frame and --json prints NDJSON: choose one');
  if (o.record !== undefined && o.json)
    throw new UsageError('--record records the live view, and --json has none (use --csv FILE for the numbers)');
  if (o.record !== undefined && o.snapshot)
    throw new UsageError('--record records the live view, and --snapshot has none (redirect its output instead)');
  if (o.duration !== undefined && (o.json || o.snapshot))
    throw new UsageError(`--duration ends a live session; ${o.json ? '--json' : '--snapshot'} runs stop after --steps N`);
  if (o.width !== undefined && !o.snapshot)
    throw new UsageError('--width sets the width of --snapshot (the live view uses the terminal\'s)');
  if (o.record !== undefined && o.csv !== undefined && o.record === o.csv)
    throw new UsageError(`--record and --csv both name ${JSON.stringify(o.record)}: give them different files`);
}

export function parseFlags(argv: string[]): CliOptions {
  rejectUnknown(argv, Object.keys(FLAGS));
  let cli;
  try {
    cli = meow(HELP, {
      importMeta: import.meta,
      argv,
      allowUnknownFlags: true,
      // The usage text says what normdrift is; package.json's description above it would repeat it.
      description: false,
      flags: FLAGS,
    });
  } catch (err) {
    // e.g. "The flag --csv can only be set once.": a usage error like any other.
    const message = err instanceof Error ? err.message : String(err);
    throw new UsageError(message.replace(/^The /, 'the ').replace(/\.$/, '').replace('be set', 'be given'));
  }
  const f = cli.flags;
  if (f.validate && cli.input.length === 0) throw new UsageError('--validate needs at least one scenario file');
  if (!f.validate && cli.input.length > 1)
    throw new UsageError(`expected at most one scenario (got ${cli.input.map((s) => JSON.stringify(s)).join(' ')})`);
  const o: CliOptions = {
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
    record: file('record', f.record, 'a file to record to, e.g. --record demo.cast'),
    csv: file('csv', f.csv, 'a file to write, e.g. --csv series.csv'),
    snapshot: f.snapshot,
    width: integer('width', f.width, SNAPSHOT_WIDTH.min, SNAPSHOT_WIDTH.max),
    duration: seconds(f.duration),
  };
  checkModes(o);
  return o;
}
