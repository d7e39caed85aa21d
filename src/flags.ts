import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

// The usage text has its own file; re-exported for those who print it.
export { HELP, helpText, versionText } from './usage.js';

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
  /** `normdrift explain [scenario]`: print the close-up of one step and exit. */
  explain: boolean;
  /** explain: the step to show (default 0). */
  step: number | undefined;
  /** explain: Markdown instead of terminal text. */
  markdown: boolean;
  /** --json: add each step's batch and the training set (README, "Reproduce a run"). */
  batches: boolean;
  /** Live: presenter mode from the start (--present). */
  present: boolean;
  /** Live: start paused (--paused). */
  paused: boolean;
  /** Live: steps to pause at (--pause-at N, repeatable), in order. */
  pauseAt: number[];
  /** Live: pause at every event found in the numbers (--pause-on-events). */
  pauseOnEvents: boolean;
  /** Live: at --steps N or --duration end at once instead of holding the last frame (--exit-at-end). */
  exitAtEnd: boolean;
  /**
   * The charts' options at the start (keys w, l and y toggle them live): the whole run instead of
   * the recent window (--whole-run), its step axis in log(step+1) (--log-steps), y on symlog
   * (--symlog). With --snapshot they draw the charts into the frame.
   */
  chart: ChartFlags;
  /** `normdrift --help` or `normdrift --version` (alone): print that and do nothing else. */
  show?: 'help' | 'version';
}

/** --whole-run, --log-steps, --symlog: what the charts show (src/ui/state.ts's LiveUiState fields). */
export interface ChartFlags {
  whole: boolean;
  logSteps: boolean;
  symlog: boolean;
}

/**
 * Every flag, in one table, as node:util parseArgs declares them; numbers are taken as strings
 * and checked here for clear errors. --help and --version count only alone (see parseFlags).
 */
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
  step: { type: 'string' },
  markdown: { type: 'boolean', default: false },
  batches: { type: 'boolean', default: false },
  present: { type: 'boolean', default: false },
  paused: { type: 'boolean', default: false },
  'pause-at': { type: 'string', multiple: true },
  'pause-on-events': { type: 'boolean', default: false },
  'exit-at-end': { type: 'boolean', default: false },
  'whole-run': { type: 'boolean', default: false },
  'log-steps': { type: 'boolean', default: false },
  symlog: { type: 'boolean', default: false },
  help: { type: 'boolean' },
  version: { type: 'boolean' },
} as const;

type FlagName = Exclude<keyof typeof FLAGS, 'help' | 'version'>;

/**
 * The narrowest snapshot any scenario can draw: src/ui/layout.ts's stacked, borderless minimum
 * for the rows every scenario has (the widest label, "bias b", is 6 cells, whatever the
 * scenario or --ascii): 2 + 6 + 25 + 8 = 41. The range must not promise a width that then
 * fails as "too narrow"; test/cli/flags.test.ts checks this against the layout itself.
 * Wider than the maximum is just wasted space.
 */
export const SNAPSHOT_WIDTH = { min: 41, max: 1000 } as const;

/**
 * A snapshot with charts (--whole-run, --symlog) is laid out as the live view in a terminal this
 * tall when stdout is not one (a terminal's own height otherwise): the charts fill what is left.
 */
export const SNAPSHOT_ROWS = 40;

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
function isFlag(name: string): name is FlagName {
  return Object.hasOwn(FLAGS, name) && name !== 'help' && name !== 'version';
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

/**
 * Value flags written `--flag value` become `--flag=value`, GNU style, before parseArgs sees
 * them: the next argument is the value only when it is not an option (a negative number is a
 * value), and a value flag with nothing after it (at the end, or before another flag) is
 * `--flag=`, for its own check to explain. parseArgs would take `--steps --json` as steps
 * "--json", and refuse `--steps -1` as ambiguous.
 */
function joinValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : null;
    if (name !== null && isFlag(name) && FLAGS[name].type === 'string') {
      const next = i + 1 < argv.length && isValue(argv[i + 1]) ? argv[++i] : '';
      out.push(`--${name}=${next}`);
    } else out.push(arg);
  }
  return out;
}

type Raw = {
  [K in FlagName]: (typeof FLAGS)[K] extends { multiple: true } ? string[] : (typeof FLAGS)[K]['type'] extends 'boolean' ? boolean : string | undefined;
};

/** Value flags that may be given more than once (each value kept, in order). */
const isRepeatable = (name: FlagName): boolean => 'multiple' in FLAGS[name];

/**
 * The arguments as flags and positionals: node:util parseArgs splits them into tokens (`--flag`,
 * `--flag=value`, `--` before positionals that look like flags); this reads the tokens with the
 * rules parseArgs has no switch for on Node 20: `--no-flag` for switches, a switch given a value
 * is refused (only `=true` and `=false` spell one out), a value flag given twice is refused, and
 * the messages are ours. Every unknown option is refused first, in command-line order.
 */
function parseArgv(argv: string[]): { flags: Raw; input: string[] } {
  const args = joinValues(argv);
  const { tokens } = parseArgs({ args, options: FLAGS, strict: false, allowPositionals: true, tokens: true });
  const options = tokens.filter((t) => t.kind === 'option');
  const asOption = (t: (typeof options)[number]) => {
    const negated = t.name.startsWith('no-') && isFlag(t.name.slice(3)) && FLAGS[t.name.slice(3) as FlagName].type === 'boolean';
    const name = negated ? t.name.slice(3) : t.name;
    const known = t.rawName.startsWith('--') && (negated || isFlag(name) || ((name === 'help' || name === 'version') && t.value === undefined));
    return { name, negated, known };
  };
  for (const t of options)
    // The argument as typed (a short option group `-abc` is one token per letter here).
    if (!asOption(t).known) throw new UsageError(`unknown option ${args[t.index].split('=')[0]}`);
  for (const t of options) {
    const o = asOption(t);
    if (isFlag(o.name) && FLAGS[o.name].type === 'boolean' && t.value !== undefined && (o.negated || !/^(true|false)$/.test(t.value)))
      throw new UsageError(`--${o.name} is a switch and takes no value: write --${o.name} or --no-${o.name} (got ${t.rawName}=${t.value})`);
  }
  const flags = Object.fromEntries(
    Object.entries(FLAGS).map(([k, f]) => [k, 'default' in f ? f.default : undefined]),
  ) as Record<string, boolean | string | string[] | undefined>;
  const given = new Set<string>();
  for (const t of options) {
    const { name, negated } = asOption(t);
    // --help and --version count only alone (see parseFlags); elsewhere they change nothing.
    if (!isFlag(name)) continue;
    if (FLAGS[name].type === 'boolean') {
      flags[name] = !negated && t.value !== 'false';
      continue;
    }
    if (isRepeatable(name)) {
      const list = (flags[name] ??= []) as unknown as string[];
      list.push(t.value ?? '');
      continue;
    }
    if (given.has(name)) throw new UsageError(`the flag --${name} can only be given once`);
    given.add(name);
    flags[name] = t.value ?? '';
  }
  const input = tokens.flatMap((t) => (t.kind === 'positional' ? [t.value] : []));
  return { flags: flags as Raw, input };
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
const RUN_FLAGS = [
  'json', 'snapshot', 'steps', 'every', 'seed', 'lr', 'speed', 'fps', 'duration', 'record', 'csv', 'width',
  'step', 'markdown', 'batches', 'present', 'paused', 'pause-at', 'pause-on-events', 'exit-at-end',
] as const;

/** The charts' options: they say how charts are drawn, so they need a view that draws them. */
const CHART_FLAGS = ['whole-run', 'log-steps', 'symlog'] as const;

/** Flags that steer the live view's clock: nothing to steer with --json or --snapshot. */
const LIVE_ONLY = ['present', 'paused', 'pause-at', 'pause-on-events', 'exit-at-end'] as const;

/**
 * Flags that only make sense in one mode: a one-line error beats silently ignoring them. Only
 * modes asked for by name count: headless chosen because stdout is a pipe is not a conflict
 * (`normdrift --speed 5 | cat` is the command someone typed at a terminal, sent elsewhere).
 * --no-color is accepted everywhere, like NO_COLOR: scripts and aliases pass it whatever the
 * mode, and where nothing is coloured it has nothing to turn off.
 */
function checkModes(o: CliOptions, given: ReadonlySet<string>): void {
  if (o.explain) {
    // explain prints one step of a fresh run: only what picks that run and how it is printed applies.
    const idle = RUN_FLAGS.find((f) => given.has(f) && !['seed', 'lr', 'width', 'step', 'markdown'].includes(f));
    if (idle) throw new UsageError(`explain prints one step up close and runs nothing else, so --${idle} would do nothing`);
    if (o.list || o.validate) throw new UsageError(`explain prints one step up close: ${o.list ? '--list' : '--validate'} does something else`);
    if (o.batches) throw new UsageError('--batches adds batches to --json output, which explain does not write');
    if (o.markdown && o.ascii) throw new UsageError('--ascii changes terminal text, and --markdown writes Markdown (UTF-8)');
    const chart = CHART_FLAGS.find((f) => given.has(f));
    if (chart) throw new UsageError(`--${chart} sets what the dashboard's charts show, and explain draws none`);
    if (o.markdown && o.width !== undefined) throw new UsageError('--width sets the width of explain\'s text; Markdown is not wrapped');
    return;
  }
  if (o.step !== undefined) throw new UsageError('--step picks the step `normdrift explain` shows (e.g. normdrift explain paper-bias --step 3)');
  if (o.markdown) throw new UsageError('--markdown is for `normdrift explain` (e.g. normdrift explain paper-bias --markdown)');
  if (o.batches && !o.json)
    throw new UsageError('--batches adds each step\'s batch to the NDJSON: it needs --json');
  if (o.batches && o.every > 1)
    throw new UsageError(`--batches needs every step's batch to reproduce the run, and --every ${o.every} leaves out the steps in between: drop --every`);
  if (o.list && o.validate) throw new UsageError('--list lists the built-ins and --validate checks files: choose one');
  // Neither runs a scenario, so everything that shapes a run would be ignored.
  if (o.list || o.validate) {
    const [mode, does] = o.list ? ['--list', 'lists the built-in scenarios'] : ['--validate', 'checks scenario files'];
    const idle = RUN_FLAGS.find((f) => given.has(f));
    if (idle) throw new UsageError(`${mode} only ${does} and runs none, so --${idle} would do nothing`);
    if (o.ascii) throw new UsageError(`--ascii changes how the dashboard is drawn, and ${mode} draws none`);
    const chart = CHART_FLAGS.find((f) => given.has(f));
    if (chart) throw new UsageError(`--${chart} sets what the dashboard's charts show, and ${mode} draws none`);
    if (o.list && o.scenario !== undefined)
      throw new UsageError(`--list only lists the built-in scenarios, so ${JSON.stringify(o.scenario)} would do nothing (run it without --list)`);
  }
  if (o.snapshot && o.json) throw new UsageError('--snapshot prints a frame and --json prints NDJSON: choose one');
  const still = o.json ? '--json' : o.snapshot ? '--snapshot' : null;
  if (still !== null) {
    if (o.speed !== undefined) throw new UsageError(`--speed sets the live view's starting speed; with ${still} there is no live view`);
    if (o.fps !== undefined) throw new UsageError(`--fps sets the live view's frame rate; with ${still} there is no live view`);
  }
  if (still !== null) {
    const idle = LIVE_ONLY.find((f) => given.has(f));
    if (idle) throw new UsageError(`--${idle} steers the live view; with ${still} there is no live view`);
  }
  if (o.steps !== undefined) {
    const late = o.pauseAt.find((t) => t > o.steps!);
    if (late !== undefined) throw new UsageError(`--pause-at ${late} comes after --steps ${o.steps}, where the run ends: it would never pause`);
  }
  // A snapshot is drawn, so --ascii applies to it; NDJSON is not drawn (and is not made ASCII).
  if (o.json && o.ascii) throw new UsageError('--ascii changes how the dashboard is drawn, and --json draws none (the NDJSON is UTF-8)');
  if (o.json) {
    const chart = CHART_FLAGS.find((f) => given.has(f));
    if (chart) throw new UsageError(`--${chart} sets what the dashboard's charts show, and --json draws none`);
  }
  // l changes only the whole run's step axis: alone it would change nothing on the screen.
  if (o.chart.logSteps && !o.chart.whole)
    throw new UsageError('--log-steps puts the whole run\'s step axis on a log scale: it needs --whole-run (the recent window has no log axis)');
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

/** Steps `explain --step` will run to: a fresh run up to there takes a few seconds at most. */
export const EXPLAIN_MAX_STEP = 10_000_000;

export function parseFlags(argv: string[]): CliOptions {
  const cli = parseArgv(argv);
  const f = cli.flags;
  // `explain` as the first argument is the subcommand, whatever file may be called that: a
  // scenario file named explain is run as ./explain (a path, not a bare word).
  const explain = cli.input[0] === 'explain' && !f.validate;
  if (explain) cli.input.shift();
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
    explain,
    step: integer('step', f.step, 0, EXPLAIN_MAX_STEP),
    markdown: f.markdown,
    batches: f.batches,
    present: f.present,
    paused: f.paused,
    pauseAt: (f['pause-at'] ?? []).map((v) => integer('pause-at', v, 1, 1_000_000_000)!).sort((a, b) => a - b),
    pauseOnEvents: f['pause-on-events'],
    exitAtEnd: f['exit-at-end'],
    chart: { whole: f['whole-run'], logSteps: f['log-steps'], symlog: f.symlog },
  };
  // Only alone, as before: `normdrift --help --json` is a run that ignores --help.
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '--version')) return { ...o, show: argv[0] === '--help' ? 'help' : 'version' };
  const given = new Set<string>(
    [...RUN_FLAGS, ...CHART_FLAGS].filter((k) => {
      const v = f[k];
      return typeof v === 'boolean' ? v : Array.isArray(v) ? v.length > 0 : v !== undefined;
    }),
  );
  checkModes(o, given);
  return o;
}
