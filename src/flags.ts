import { readFileSync } from 'node:fs';
import { embedded } from './build/embedded.js';
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
    --fps N           Live: frames per second, 1 to 120 (default 6; 3 over SSH)
    --duration SEC    Live: end the session by itself after SEC seconds
    --ascii           Draw sparklines, borders and symbols with ASCII only (live, --snapshot;
                      refused with --json, --list and --validate, whose text it does not change)
    --no-color        No colours in the live view or --snapshot (NO_COLOR=1 does the same).
                      Accepted in every mode, so scripts and aliases can always pass it
    --list            List the built-in scenarios with a one-line summary each
    --validate F...   Check scenario files; report every problem (exit 0 if all valid, else 2)
    --debug           Print stack traces for internal errors
    --help            Show this help
    --version         Show the version

  Recording and export
    --record F.cast   Live: record the session, exactly as drawn, as an asciicast v2 file
                      (asciinema play F.cast); F.html: a web page that plays it offline.
                      Needs the live view: a terminal on stdout,
                      not --json or --snapshot. Valid up to its last event even if killed.
    --csv FILE        Write the per-step series as CSV, one row per model per recorded step
                      (header step,model,loss,b,w,…). Headless: the steps the NDJSON has.
                      Live: the steps the sparklines sample (every step when stepping with s
                      or at up to 10 steps/s, about 6 a second when faster), only multiples
                      of --every K, from step 0 until r, R, n or p starts another run.
    --snapshot        Run --steps steps without the live view, then print one frame of the
                      dashboard as text (sparklines span the whole run): for READMEs and
                      slides. Colour only when stdout is a terminal (FORCE_COLOR cannot add
                      it to a file or a pipe), and there as in the live view.
    --width W         Width of --snapshot in columns, 41 to 1000 (default: the terminal's,
                      else 80)

  A flag that would do nothing in the mode named on the command line (--json, --snapshot,
  --list, --validate) is refused with a one-line reason, e.g. --fps with --json. Over a pipe
  without --json, --speed, --fps and --ascii are ignored (it is the command typed at a
  terminal, sent elsewhere); --record and --duration are refused.

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
  /** `normdrift --help` or `normdrift --version` (alone): print that and do nothing else. */
  show?: 'help' | 'version';
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

/**
 * The narrowest snapshot any scenario can draw: src/ui/layout.ts's stacked, borderless minimum
 * for the rows every scenario has (the widest label, "bias b", is 6 cells, whatever the
 * scenario or --ascii): 2 + 6 + 25 + 8 = 41. The range must not promise a width that then
 * fails as "too narrow"; test/cli/flags.test.ts checks this against the layout itself.
 * Wider than the maximum is just wasted space.
 */
export const SNAPSHOT_WIDTH = { min: 41, max: 1000 } as const;

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

/** Own keys only: `--constructor` or `--toString` must not find Object.prototype's. */
function isFlag(name: string): name is keyof typeof FLAGS {
  return Object.hasOwn(FLAGS, name);
}

/**
 * A negative number (`-1`, `-0.1`, `-.5`): after a value flag it is the value, so that
 * `--steps -1` gets the same range error as `--steps=-1` instead of "unknown option -1".
 */
const NEGATIVE_NUMBER = /^-\.?\d/;

/** Whether the token after `--flag` is that flag's value rather than another option. */
function isValue(token: string): boolean {
  return !token.startsWith('-') || token === '-' || NEGATIVE_NUMBER.test(token);
}

/** Whether `arg` is a value flag written without `=`, so that the next token may be its value. */
function takesNext(arg: string): boolean {
  if (!arg.startsWith('--') || arg.includes('=')) return false;
  const name = arg.slice(2);
  return isFlag(name) && FLAGS[name].type === 'string';
}

/** Every option-looking argument must be a known flag (values start with '-' only as numbers). */
function rejectUnknown(argv: string[]): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') break;
    if (takesNext(arg) && i + 1 < argv.length && isValue(argv[i + 1])) {
      i++;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') continue;
    const name = arg.replace(/^--?/, '').split('=')[0];
    const plain = name.replace(/^no-/, '');
    const known =
      arg.startsWith('--') && isFlag(plain) && (name === plain || FLAGS[plain].type === 'boolean');
    if (!known && !(arg === '--help' || arg === '--version')) throw new UsageError(`unknown option ${arg.split('=')[0]}`);
  }
}

type Raw = { [K in keyof typeof FLAGS]: (typeof FLAGS)[K]['type'] extends 'boolean' ? boolean : string | undefined };

/**
 * The arguments as flags and positionals, GNU style: `--flag value` or `--flag=value`, `--flag`
 * and `--no-flag` for switches, `--` before positionals that look like flags. A value flag given
 * nothing (at the end, or before another flag) is '', for its own check to explain; given twice,
 * it is a usage error. A small parser of our own because a general one (meow and its yargs) cost
 * the start-up of every run tens of milliseconds to load.
 */
function parseArgv(argv: string[]): { flags: Raw; input: string[] } {
  const flags = Object.fromEntries(
    Object.entries(FLAGS).map(([k, f]) => [k, 'default' in f ? f.default : undefined]),
  ) as Record<string, boolean | string | undefined>;
  const given = new Set<string>();
  const input: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      input.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      input.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const value = eq < 0 ? undefined : arg.slice(eq + 1);
    const plain = name.replace(/^no-/, '');
    // --help and --version count only alone (see parseFlags); elsewhere they change nothing.
    if (name === 'help' || name === 'version') continue;
    const flag = FLAGS[plain as keyof typeof FLAGS];
    if (flag.type === 'boolean') {
      // --flag=true and --flag=false spell the value out; anything else is not "true".
      flags[plain] = name === plain && (value === undefined || value === 'true');
      continue;
    }
    if (given.has(name)) throw new UsageError(`the flag --${name} can only be given once`);
    given.add(name);
    if (value !== undefined) flags[name] = value;
    else if (i + 1 < argv.length && isValue(argv[i + 1])) flags[name] = argv[++i];
    else flags[name] = '';
  }
  return { flags: flags as Raw, input };
}

/** What `--help` prints: the usage text between blank lines. */
export function helpText(): string {
  return `\n${HELP.replace(/^\n+|\n+$/g, '')}\n\n`;
}

/** What `--version` prints: the package's version. */
export function versionText(): string {
  // normdrift.mjs (npm run bundle) carries its version: no package.json above it.
  if (embedded) return `${embedded.version}\n`;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return `${pkg.version}\n`;
}

function speed(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim().toLowerCase() === 'max') return Infinity;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v) || v < 1 || v > 1_000_000)
    throw new UsageError(`--speed takes steps per second from 1 to 1000000, or max (got ${JSON.stringify(raw)})`);
  return v;
}

/**
 * Flags that shape a run, by their name on the command line. --ascii and --no-color are not
 * here: they say how to draw, not what to run; --ascii is checked on its own (it does apply to
 * --snapshot), --no-color never (see checkModes).
 */
const RUN_FLAGS = ['json', 'snapshot', 'steps', 'every', 'seed', 'lr', 'speed', 'fps', 'duration', 'record', 'csv', 'width'] as const;

/**
 * Flags that only make sense in one mode: a one-line error beats silently ignoring them. Only
 * modes asked for by name count: headless chosen because stdout is a pipe is not a conflict
 * (`normdrift --speed 5 | cat` is the command someone typed at a terminal, sent elsewhere).
 * --no-color is accepted everywhere, like NO_COLOR: scripts and aliases pass it whatever the
 * mode, and where nothing is coloured it has nothing to turn off.
 */
function checkModes(o: CliOptions, given: ReadonlySet<string>): void {
  if (o.list && o.validate) throw new UsageError('--list lists the built-ins and --validate checks files: choose one');
  // Neither runs a scenario, so everything that shapes a run would be ignored.
  if (o.list || o.validate) {
    const [mode, does] = o.list ? ['--list', 'lists the built-in scenarios'] : ['--validate', 'checks scenario files'];
    const idle = RUN_FLAGS.find((f) => given.has(f));
    if (idle) throw new UsageError(`${mode} only ${does} and runs none, so --${idle} would do nothing`);
    if (o.ascii) throw new UsageError(`--ascii changes how the dashboard is drawn, and ${mode} draws none`);
    if (o.list && o.scenario !== undefined)
      throw new UsageError(`--list only lists the built-in scenarios, so ${JSON.stringify(o.scenario)} would do nothing (run it without --list)`);
  }
  if (o.snapshot && o.json) throw new UsageError('--snapshot prints a frame and --json prints NDJSON: choose one');
  const still = o.json ? '--json' : o.snapshot ? '--snapshot' : null;
  if (still !== null) {
    if (o.speed !== undefined) throw new UsageError(`--speed sets the live view's starting speed; with ${still} there is no live view`);
    if (o.fps !== undefined) throw new UsageError(`--fps sets the live view's frame rate; with ${still} there is no live view`);
  }
  // A snapshot is drawn, so --ascii applies to it; NDJSON is not drawn (and is not made ASCII).
  if (o.json && o.ascii) throw new UsageError('--ascii changes how the dashboard is drawn, and --json draws none (the NDJSON is UTF-8)');
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
  rejectUnknown(argv);
  const cli = parseArgv(argv);
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
  // Only alone, as before: `normdrift --help --json` is a run that ignores --help.
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '--version')) return { ...o, show: argv[0] === '--help' ? 'help' : 'version' };
  const given = new Set<string>(RUN_FLAGS.filter((k) => (typeof f[k] === 'boolean' ? f[k] : f[k] !== undefined)));
  checkModes(o, given);
  return o;
}
