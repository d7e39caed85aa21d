import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFlags, SNAPSHOT_WIDTH } from '../../src/flags.js';
import { BUILTIN_ORDER, loadBuiltin } from '../../src/scenario/builtins.js';
import { rowSpecs } from '../../src/session/rows.js';
import { rowLabelWidth } from '../../src/session/labels.js';
import { computeLayout } from '../../src/ui/layout.js';
import { cellWidth } from '../../src/text/cells.js';
import { refusal } from './refusal.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}


describe('a negative number after a value flag is its value', () => {
  // Each pair must give the same message: the = form was always right.
  const cases: [flag: string, value: string, message: RegExp][] = [
    ['--steps', '-1', /^--steps takes a whole number from 0 to 1000000000 \(got "-1"\)$/],
    ['--lr', '-0.1', /^--lr takes a positive number \(got "-0.1"\)$/],
    ['--lr', '-.5', /^--lr takes a positive number \(got "-.5"\)$/],
    ['--seed', '-3', /^--seed takes a whole number from 0 to 9007199254740991 \(got "-3"\)$/],
    ['--every', '-2', /^--every takes a whole number from 1 to 1000000000 \(got "-2"\)$/],
    ['--speed', '-5', /^--speed takes steps per second from 1 to 1000000, or max \(got "-5"\)$/],
    ['--fps', '-1', /^--fps takes a whole number from 1 to 120 \(got "-1"\)$/],
    ['--duration', '-1', /^--duration takes a positive number \(got "-1"\)$/],
  ];

  it('--flag -N gives exactly the message --flag=-N gives', () => {
    for (const [flag, value, message] of cases) {
      const spaced = refusal([flag, value]);
      expect(spaced, `${flag} ${value}`).toMatch(message);
      expect(spaced, `${flag} ${value}`).toBe(refusal([`${flag}=${value}`]));
    }
    expect(refusal(['--snapshot', '--width', '-5'])).toBe(refusal(['--snapshot', '--width=-5']));
  });

  it('the built CLI prints the same line for both forms and exits 2', () => {
    for (const [flag, value] of [['--steps', '-1'], ['--lr', '-0.1'], ['--seed', '-3']]) {
      const spaced = run([flag, value]);
      const joined = run([`${flag}=${value}`]);
      expect(spaced.code, `${flag} ${value}`).toBe(2);
      expect(spaced.stderr).toBe(joined.stderr);
      expect(spaced.stderr).toMatch(new RegExp(`^normdrift: ${flag} takes .*\\(got "${value.replace('.', '\\.')}"\\) \\(see normdrift --help\\)\\n$`));
    }
  });

  it('a negative number is still an unknown option where no flag takes a value', () => {
    expect(refusal(['-1'])).toBe('unknown option -1');
    expect(refusal(['--json', '-1'])).toBe('unknown option -1');
    expect(refusal(['--steps=3', '-1'])).toBe('unknown option -1');
    // Only numbers are taken: another option after a value flag is still an option.
    expect(refusal(['--steps', '-x'])).toBe('unknown option -x');
    expect(refusal(['--steps', '--Json'])).toBe('unknown option --Json');
  });

  it('a valid value still parses, and names on Object.prototype are not flags', () => {
    expect(parseFlags(['--steps', '7', '--lr', '0.5']).steps).toBe(7);
    for (const name of ['--constructor', '--toString', '--__proto__', '--no-hasOwnProperty'])
      expect(refusal([name, '3']), name).toBe(`unknown option ${name}`);
  });
});

describe('flags that would do nothing in a mode asked for by name are refused', () => {
  const refused: [argv: string[], message: string][] = [
    [['--json', '--speed', '5'], "--speed sets the live view's starting speed; with --json there is no live view"],
    [['--json', '--fps', '5'], "--fps sets the live view's frame rate; with --json there is no live view"],
    [['--snapshot', '--speed', '5'], "--speed sets the live view's starting speed; with --snapshot there is no live view"],
    [['--snapshot', '--fps', '5'], "--fps sets the live view's frame rate; with --snapshot there is no live view"],
    [['--json', '--ascii'], '--ascii changes how the dashboard is drawn, and --json draws none (the NDJSON is UTF-8)'],
    [['--list', '--ascii'], '--ascii changes how the dashboard is drawn, and --list draws none'],
    [['--list', '--seed', '3'], '--list only lists the built-in scenarios and runs none, so --seed would do nothing'],
    [['--list', '--json'], '--list only lists the built-in scenarios and runs none, so --json would do nothing'],
    [['--list', '--steps', '9'], '--list only lists the built-in scenarios and runs none, so --steps would do nothing'],
    [['--list', 'paper-bias'], '--list only lists the built-in scenarios, so "paper-bias" would do nothing (run it without --list)'],
    [['--validate', 'a.yaml', '--lr', '0.5'], '--validate only checks scenario files and runs none, so --lr would do nothing'],
    [['--validate', 'a.yaml', '--speed', 'max'], '--validate only checks scenario files and runs none, so --speed would do nothing'],
    [['--validate', 'a.yaml', '--ascii'], '--ascii changes how the dashboard is drawn, and --validate draws none'],
    [['--validate', 'a.yaml', '--list'], '--list lists the built-ins and --validate checks files: choose one'],
  ];

  it('each with one line that says why', () => {
    for (const [argv, message] of refused) expect(refusal(argv), argv.join(' ')).toBe(message);
  });

  it('the built CLI exits 2 with that line and writes nothing to stdout', () => {
    for (const argv of [['--json', '--speed', '5'], ['--snapshot', '--fps', '5'], ['--list', '--seed', '3'], ['--json', '--ascii']]) {
      const r = run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(r.stderr).toMatch(/^normdrift: .* \(see normdrift --help\)\n$/);
    }
  });

  it('accepts what does something: --ascii and --no-color with --snapshot, and --no-color anywhere', () => {
    expect(refusal(['--snapshot', '--ascii', '--no-color', '--steps', '5', '--width', '90', '--seed', '3', '--lr', '0.2'])).toBeUndefined();
    // Like NO_COLOR, --no-color is a standing preference that scripts and aliases always pass.
    for (const argv of [['--json', '--no-color'], ['--list', '--no-color'], ['--validate', 'a.yaml', '--no-color']])
      expect(refusal(argv), argv.join(' ')).toBeUndefined();
    expect(refusal(['--list', '--debug'])).toBeUndefined();
    expect(refusal(['--json', '--steps', '5', '--every', '2', '--seed', '1', '--lr', '0.3', '--csv', 'x.csv'])).toBeUndefined();
  });

  it('does not refuse live flags because stdout is a pipe: `normdrift --speed 5 | cat` is NDJSON, exit 0', () => {
    const r = run(['--speed', '5', '--fps', '5', '--ascii', '--no-color', '--steps', '2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const types = r.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types).toEqual(['scenario', ...Array<string>(6).fill('step'), 'summary']);
  });

  it('--list and --validate still work on their own', () => {
    expect(run(['--list', '--no-color']).code).toBe(0);
    expect(run(['--validate', fileURLToPath(new URL('../../scenarios/paper-bias.yaml', import.meta.url))]).code).toBe(0);
  });
});

describe('--width promises only widths a snapshot can draw', () => {
  it('the range starts at the narrowest layout of every built-in, with and without --ascii', async () => {
    for (const name of BUILTIN_ORDER) {
      const scenario = await loadBuiltin(name);
      for (const ascii of [false, true]) {
        const layout = (columns: number) =>
          computeLayout({
            columns,
            rows: 1000,
            specs: rowSpecs(scenario),
            labelWidth: (key) => rowLabelWidth(key, { ascii, probe: 7, dims: scenario.data.dims }, cellWidth),
            hasNarration: scenario.captions.length > 0,
            maxSpark: 1000,
          });
        const narrow = layout(SNAPSHOT_WIDTH.min - 1);
        expect(narrow.kind, `${name} ascii=${ascii}`).toBe('tooSmall');
        expect(narrow.kind === 'tooSmall' && narrow.need.columns, `${name} ascii=${ascii}`).toBe(SNAPSHOT_WIDTH.min);
        expect(layout(SNAPSHOT_WIDTH.min).kind, `${name} ascii=${ascii}`).not.toBe('tooSmall');
      }
    }
  });

  it('--width at the minimum draws a snapshot; one less gets the range message, not "too narrow"', () => {
    const min = String(SNAPSHOT_WIDTH.min);
    for (const args of [['paper-bias'], ['batchnorm-2d', '--ascii']]) {
      const ok = run([...args, '--snapshot', '--steps', '5', '--width', min]);
      expect(ok.stderr, args.join(' ')).toBe('');
      expect(ok.code).toBe(0);
      expect(Math.max(...ok.stdout.trimEnd().split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(SNAPSHOT_WIDTH.min);
    }
    const r = run(['--snapshot', '--steps', '5', '--width', String(SNAPSHOT_WIDTH.min - 1)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`normdrift: --width takes a whole number from ${min} to 1000 (got "${SNAPSHOT_WIDTH.min - 1}") (see normdrift --help)\n`);
  });
});

describe('a switch given a value', () => {
  it('is refused with one line, whatever the value, except =true and =false which spell it out', () => {
    for (const [argv, message] of [
      [['--json=yes'], '--json is a switch and takes no value: write --json or --no-json (got --json=yes)'],
      [['--json=0'], '--json is a switch and takes no value: write --json or --no-json (got --json=0)'],
      [['--snapshot=1'], '--snapshot is a switch and takes no value: write --snapshot or --no-snapshot (got --snapshot=1)'],
      [['--list=1'], '--list is a switch and takes no value: write --list or --no-list (got --list=1)'],
      [['--ascii='], '--ascii is a switch and takes no value: write --ascii or --no-ascii (got --ascii=)'],
      [['--no-color=1'], '--color is a switch and takes no value: write --color or --no-color (got --no-color=1)'],
      [['--no-json=false'], '--json is a switch and takes no value: write --json or --no-json (got --no-json=false)'],
    ] as const)
      expect(refusal([...argv]), argv.join(' ')).toBe(message);
    expect(parseFlags(['--json=true']).json).toBe(true);
    expect(parseFlags(['--json=false']).json).toBe(false);
    expect(parseFlags(['--color=false']).color).toBe(false);
  });

  it('an unknown option is still named first, in command-line order', () => {
    expect(refusal(['--Json', '--json=yes'])).toBe('unknown option --Json');
    expect(refusal(['--json=yes', '-x'])).toBe('unknown option -x');
    expect(refusal(['-abc'])).toBe('unknown option -abc');
    expect(refusal(['--help=1'])).toBe('unknown option --help');
  });

  it('the built CLI exits 2 with that line and writes nothing to stdout (it used to run, reading the switch as off)', () => {
    for (const argv of [['--json=yes', '--steps', '2'], ['--snapshot=1'], ['--list=1']]) {
      const r = run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^normdrift: --\w+ is a switch and takes no value: .* \(see normdrift --help\)\n$/);
    }
  });
});

describe('the lecture flags (--present, --paused, --pause-at, --pause-on-events, --exit-at-end)', () => {
  it('parse, --pause-at repeatable and in order', () => {
    expect(parseFlags(['--present', '--pause-at', '118', '--pause-at=40', '--pause-on-events', '--exit-at-end', '--paused'])).toMatchObject({
      present: true,
      paused: true,
      pauseAt: [40, 118],
      pauseOnEvents: true,
      exitAtEnd: true,
    });
    expect(parseFlags([])).toMatchObject({ present: false, paused: false, pauseAt: [], pauseOnEvents: false, exitAtEnd: false });
    expect(parseFlags(['--present', '--no-present'])).toMatchObject({ present: false });
  });

  it('refuse what would do nothing, in one line', () => {
    const cases: [string[], RegExp][] = [
      [['--present', '--json'], /^--present steers the live view; with --json there is no live view$/],
      [['--pause-at', '5', '--snapshot'], /^--pause-at steers the live view; with --snapshot there is no live view$/],
      [['--exit-at-end', '--json'], /^--exit-at-end steers the live view; with --json there is no live view$/],
      [['--pause-on-events', '--list'], /^--list only lists the built-in scenarios and runs none, so --pause-on-events would do nothing$/],
      [['--pause-at', '0'], /^--pause-at takes a whole number from 1 to 1000000000 \(got "0"\)$/],
      [['--pause-at'], /^--pause-at takes a whole number/],
      [['--pause-at', '600', '--steps', '500'], /^--pause-at 600 comes after --steps 500, where the run ends: it would never pause$/],
      [['--present=yes'], /^--present is a switch and takes no value/],
    ];
    for (const [argv, message] of cases) expect(() => parseFlags(argv), argv.join(' ')).toThrow(message);
  });
});
