import { describe, expect, it } from 'vitest';
import { signalExitCode } from '../../src/exit.js';
import { readFileSync } from 'node:fs';
import { helpText, HELP, parseFlags, versionText } from '../../src/flags.js';
import { UsageError } from '../../src/scenario/errors.js';
import { defaultFps, looksLikeCi, prepareLiveEnv } from '../../src/ui/env.js';

describe('live flags', () => {
  it('parse --speed, --fps, --ascii and --no-color', () => {
    const o = parseFlags(['--speed', '1000', '--fps', '12', '--ascii', '--no-color']);
    expect(o).toMatchObject({ speed: 1000, fps: 12, ascii: true, color: false });
    expect(parseFlags(['--speed', 'max']).speed).toBe(Infinity);
    expect(parseFlags([])).toMatchObject({ speed: undefined, fps: undefined, ascii: false, color: true });
  });

  it('refuse out-of-range values with one clear line', () => {
    expect(() => parseFlags(['--speed', '0'])).toThrow(UsageError);
    expect(() => parseFlags(['--speed', 'fast'])).toThrow(/--speed takes steps per second from 1 to 1000000, or max \(got "fast"\)/);
    expect(() => parseFlags(['--fps', '500'])).toThrow(/--fps takes a whole number from 1 to 120/);
  });
});

describe('the argument parser', () => {
  it('reads flags GNU style: --flag value, --flag=value, --no-flag, and -- before positionals', () => {
    expect(parseFlags(['--steps', '5', '--seed=7', 'mine.yaml'])).toMatchObject({ steps: 5, seed: 7, scenario: 'mine.yaml' });
    expect(parseFlags(['--no-color']).color).toBe(false);
    expect(parseFlags(['--no-color', '--color']).color).toBe(true);
    expect(parseFlags(['--json', '--no-json']).json).toBe(false);
    expect(parseFlags(['--json=true']).json).toBe(true);
    expect(parseFlags(['--json=false']).json).toBe(false);
    expect(parseFlags(['--json', '--json']).json).toBe(true);
    expect(parseFlags(['--', '--json']).scenario).toBe('--json');
    expect(parseFlags(['-']).scenario).toBe('-');
  });

  it('gives a value flag with nothing after it (or another flag) the empty value, for its own check to explain', () => {
    expect(() => parseFlags(['--steps'])).toThrow(/^--steps takes a whole number from 0 to 1000000000 \(got ""\)$/);
    expect(() => parseFlags(['--csv', '--json'])).toThrow(/^--csv needs a file to write/);
    expect(() => parseFlags(['--steps=', '--json'])).toThrow(/\(got ""\)$/);
  });

  it('refuses unknown options, --no- before a value flag, and a value flag given twice', () => {
    for (const [argv, message] of [
      [['--Json'], /^unknown option --Json$/],
      [['-x'], /^unknown option -x$/],
      // A negative number is the flag's value (and out of range), not an unknown option.
      [['--steps', '-5'], /^--steps takes a whole number from 0 to /],
      [['--no-steps'], /^unknown option --no-steps$/],
      [['---json'], /^unknown option ---json$/],
      [['--steps=1', '--steps', '2'], /^the flag --steps can only be given once$/],
    ] as const) {
      expect(() => parseFlags([...argv]), argv.join(' ')).toThrow(UsageError);
      expect(() => parseFlags([...argv]), argv.join(' ')).toThrow(message);
    }
  });

  it('shows help or the version only when asked alone (with other flags they change nothing)', () => {
    expect(parseFlags(['--help']).show).toBe('help');
    expect(parseFlags(['--version']).show).toBe('version');
    const run = parseFlags(['--help', '--json']);
    expect(run.show).toBeUndefined();
    expect(run.json).toBe(true);
    expect(helpText()).toBe(`\n${HELP.trim().replace(/^/, '  ')}\n\n`);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(versionText()).toBe(`${pkg.version}\n`);
  });
});

describe('environment before Ink loads', () => {
  it('NO_COLOR (non-empty) and --no-color become FORCE_COLOR=0; an explicit FORCE_COLOR wins over NO_COLOR', () => {
    const a: NodeJS.ProcessEnv = { NO_COLOR: '1' };
    prepareLiveEnv({ color: true }, a);
    expect(a.FORCE_COLOR).toBe('0');
    const b: NodeJS.ProcessEnv = { NO_COLOR: '' };
    prepareLiveEnv({ color: true }, b);
    expect(b.FORCE_COLOR).toBeUndefined();
    const c: NodeJS.ProcessEnv = { NO_COLOR: '1', FORCE_COLOR: '1' };
    prepareLiveEnv({ color: true }, c);
    expect(c.FORCE_COLOR).toBe('1');
    const d: NodeJS.ProcessEnv = { FORCE_COLOR: '3' };
    prepareLiveEnv({ color: false }, d);
    expect(d.FORCE_COLOR).toBe('0');
  });

  it('drops CI markers (Ink would paint nothing until exit) and picks React’s production build', () => {
    const e: NodeJS.ProcessEnv = { CI: 'true', CONTINUOUS_INTEGRATION: '1' };
    expect(looksLikeCi(e)).toBe(true);
    prepareLiveEnv({ color: true }, e);
    expect(looksLikeCi(e)).toBe(false);
    expect(e.CI).toBeUndefined();
    expect(e.NODE_ENV).toBe('production');
    expect(looksLikeCi({ CI: 'false' })).toBe(false);
    expect(looksLikeCi({ CI: '0' })).toBe(false);
  });

  it('renders fewer frames over SSH', () => {
    expect(defaultFps({})).toBe(6);
    expect(defaultFps({ SSH_CONNECTION: '10.0.0.1 5555 10.0.0.2 22' })).toBe(3);
  });
});

describe('exit codes for signals', () => {
  it('are 128 + the signal number', () => {
    expect(signalExitCode('SIGINT')).toBe(130);
    expect(signalExitCode('SIGTERM')).toBe(143);
    expect(signalExitCode('SIGHUP')).toBe(129);
  });
});

describe('recording and export flags', () => {
  it('parse --record, --csv, --snapshot, --width and --duration', () => {
    expect(parseFlags(['--record', 'demo.cast', '--csv', 'run.csv', '--duration', '2.5', '--steps', '300'])).toMatchObject({
      record: 'demo.cast',
      csv: 'run.csv',
      duration: 2.5,
      steps: 300,
      snapshot: false,
      width: undefined,
    });
    expect(parseFlags(['--snapshot', '--width', '100', '--csv', 's.csv'])).toMatchObject({ snapshot: true, width: 100, csv: 's.csv' });
    expect(parseFlags(['--json', '--csv', 'x.csv', '--every', '5'])).toMatchObject({ json: true, csv: 'x.csv', every: 5 });
  });

  it('refuse bad values and flags that do nothing in the chosen mode, in one line each', () => {
    const cases: [string[], RegExp][] = [
      [['--record'], /^--record needs a file to record to/],
      [['--csv', '--json'], /^--csv needs a file to write/],
      [['--duration', '0'], /^--duration takes a positive number \(got "0"\)/],
      [['--duration', '1e9'], /^--duration takes seconds up to 1000000/],
      [['--width', '20', '--snapshot'], /^--width takes a whole number from 41 to 1000 \(got "20"\)/],
      [['--width', '100'], /^--width sets the width of --snapshot/],
      [['--snapshot', '--json'], /^--snapshot prints a frame and --json prints NDJSON: choose one/],
      [['--record', 'a.cast', '--json'], /^--record records the live view, and --json has none/],
      [['--record', 'a.cast', '--snapshot'], /^--record records the live view, and --snapshot has none/],
      [['--duration', '3', '--json'], /^--duration ends a live session; --json runs stop after --steps N/],
      [['--duration', '3', '--snapshot'], /^--duration ends a live session; --snapshot runs stop after --steps N/],
      [['--record', 'x', '--csv', 'x'], /^--record and --csv both name "x"/],
      [['--csv', 'a', '--csv', 'b'], /^the flag --csv can only be given once$/],
    ];
    for (const [argv, message] of cases) {
      let err: unknown;
      try {
        parseFlags(argv);
      } catch (e) {
        err = e;
      }
      expect(err, argv.join(' ')).toBeInstanceOf(UsageError);
      expect((err as Error).message, argv.join(' ')).toMatch(message);
    }
  });
});
