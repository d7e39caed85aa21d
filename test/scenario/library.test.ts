import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ORDER, builtinNames, builtinPath, SCENARIO_DIR } from '../../src/scenario/builtins.js';
import { listBuiltins } from '../../src/scenario/library.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { Pair } from '../../src/session/pair.js';
import { builtin } from '../scenarios/helpers.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 20_000 });

/** Captions share one terminal line with nothing else. */
const CAPTION_CHARS = 110;

describe('the built-in library', () => {
  const files = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.yaml'));

  it('is exactly the eight scenarios of BUILTIN_ORDER, listed in that order', () => {
    expect(files.map((f) => f.replace(/\.yaml$/, '')).sort()).toEqual([...BUILTIN_ORDER].sort());
    expect(builtinNames()).toEqual(BUILTIN_ORDER);
  });

  describe.each(BUILTIN_ORDER)('%s', (name) => {
    const path = builtinPath(name);
    const text = readFileSync(path, 'utf8');
    const s = loadScenarioFile(path);

    it('points editors at the JSON Schema on its first line', () => {
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./schema.json');
    });

    it('has a title, a summary whose first sentence fits a --list line, and narration', () => {
      expect(s.title.length).toBeGreaterThan(0);
      const first = /^(.+?[.!?])(\s|$)/.exec(s.summary.replace(/\s+/g, ' '))?.[1] ?? '';
      expect(first.length).toBeGreaterThan(20);
      expect([...first].length).toBeLessThanOrEqual(80);
      expect(s.captions.length).toBeGreaterThanOrEqual(3);
    });

    it(`narrates from step 0, in order, within the first 300 steps, ≤ ${CAPTION_CHARS} characters a caption`, () => {
      expect(s.captions[0].at).toBe(0);
      s.captions.forEach((c, i) => {
        expect([...c.text].length).toBeLessThanOrEqual(CAPTION_CHARS);
        expect(c.at).toBeLessThan(300);
        if (i > 0) expect(c.at).toBeGreaterThan(s.captions[i - 1].at);
      });
    });

    it('trains without diverging on either side for its whole headless run', () => {
      const pair = new Pair(s);
      pair.advance(s.training.steps);
      expect(pair.naive.divergedAt).toBeNull();
      expect(pair.backprop.divergedAt).toBeNull();
    });

    it('runs by name from the command line', () => {
      const r = cli(name, '--json', '--steps', '2');
      expect(r.status).toBe(0);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines[0]).toMatchObject({ type: 'scenario', name, title: s.title });
      expect(lines).toHaveLength(1 + 3 * 2 + 1);
    });
  });

  it('`--list` prints one line per built-in: name, then the first sentence of its summary', () => {
    const r = cli('--list');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(BUILTIN_ORDER.length);
    lines.forEach((line, i) => {
      const s = builtin(BUILTIN_ORDER[i]);
      const first = /^(.+?[.!?])(\s|$)/.exec(s.summary.replace(/\s+/g, ' '))?.[1];
      expect(line).toBe(`${BUILTIN_ORDER[i].padEnd(19)}${first}`);
    });
    expect(listBuiltins(100)).toEqual(lines);
  });

  it('--validate accepts every built-in', () => {
    const r = cli('--validate', ...BUILTIN_ORDER.map(builtinPath));
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(BUILTIN_ORDER.length);
  });
});

describe('files people write', () => {
  const dir = mkdtempSync(join(tmpdir(), 'normdrift-own-'));

  it('inline data, lists of lists when dims > 1, reproduce exactly the numbers written', () => {
    const path = join(dir, 'mine.yaml');
    writeFileSync(
      path,
      `title: My worked example\nsummary: Four points in two dimensions.\ndata:\n  dims: 2\n  u: [[1, 0], [0, 1], [2, 1], [1, 3]]\n  y: [1, 2, 0.5, -1]\nmodel:\n  weight: {init: [0.5, -0.5]}\n`,
    );
    const s = loadScenarioFile(path);
    const pair = new Pair(s);
    expect(pair.data.n).toBe(4);
    expect(Array.from(pair.data.u)).toEqual([1, 0, 0, 1, 2, 1, 1, 3]);
    expect(Array.from(pair.data.y)).toEqual([1, 2, 0.5, -1]);
    const r = cli(path, '--json', '--steps', '1');
    expect(r.status).toBe(0);
    const first = JSON.parse(r.stdout.split('\n')[0]) as Record<string, unknown>;
    expect(first).toMatchObject({ type: 'scenario', name: 'mine', title: 'My worked example', n: 4, dims: 2 });
  });

  it('generated data comes from the seed: same seed, same data; another seed, other data', () => {
    const path = join(dir, 'gen.yaml');
    writeFileSync(path, 'title: g\nsummary: s\nseed: 7\ndata:\n  n: 16\n');
    const a = new Pair(loadScenarioFile(path)).data;
    const b = new Pair(loadScenarioFile(path)).data;
    expect(Array.from(a.u)).toEqual(Array.from(b.u));
    const c = new Pair({ ...loadScenarioFile(path), seed: 8 }).data;
    expect(Array.from(c.u)).not.toEqual(Array.from(a.u));
  });

  it('an unknown name gets the list of built-ins; exit 2', () => {
    const r = cli('paper-bais', '--json');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(BUILTIN_ORDER.join(', '));
  });
});
