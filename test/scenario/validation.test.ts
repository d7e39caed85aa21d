import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/scenario/errors.js';
import { loadScenarioFile, parseScenario } from '../../src/scenario/load.js';
import { LIMITS } from '../../src/scenario/schema.js';

/**
 * Every kind of mistake a scenario file can hold, each reported as
 * `file:line:col: field: what is wrong (got X)`, one line per problem, all problems at once.
 */

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const HEAD = 'title: t\nsummary: s\n';

/** The problems parseScenario reports for `text` (which must be invalid). */
function problems(text: string): string[] {
  try {
    parseScenario(text, 'f.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).problems;
  }
  throw new Error('expected the scenario to be refused');
}

const dir = mkdtempSync(join(tmpdir(), 'normdrift-validate-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function validate(...paths: string[]) {
  return spawnSync(process.execPath, [CLI, '--validate', ...paths], { encoding: 'utf8', timeout: 20_000 });
}

describe('scenario validation', () => {
  it('not YAML: the parser\'s complaint, at its position', () => {
    expect(problems('title: [unclosed\n')).toEqual([
      'f.yaml:2:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('empty, or only comments', () => {
    expect(problems('')).toEqual(['f.yaml:1:1: the file is empty']);
    expect(problems('# nothing here\n')).toEqual(['f.yaml:1:1: the file is empty']);
  });

  it('not a mapping', () => {
    expect(problems('- a\n- b\n')).toEqual([
      'f.yaml:1:1: a scenario must be a mapping of keys (title, summary, data, …) (got ["a","b"])',
    ]);
    expect(problems('42\n')).toEqual(['f.yaml:1:1: a scenario must be a mapping of keys (title, summary, data, …) (got 42)']);
  });

  it('unknown keys: one line each, at the key', () => {
    expect(problems(`${HEAD}data:\n  n: 10\n  colour: red\nmodel:\n  wieght: {init: 1}\n`)).toEqual([
      'f.yaml:5:3: data.colour: unknown key; check the spelling against README\'s scenario format (got "colour")',
      'f.yaml:7:3: model.wieght: unknown key; check the spelling against README\'s scenario format (got "wieght")',
    ]);
    expect(problems(`${HEAD}seeds: 1\nstep: 3\n`)).toEqual([
      'f.yaml:3:1: seeds: unknown key; check the spelling against README\'s scenario format (got "seeds")',
      'f.yaml:4:1: step: unknown key; check the spelling against README\'s scenario format (got "step")',
    ]);
  });

  it('wrong types', () => {
    expect(problems(`${HEAD}data:\n  n: ten\n  u: 5\nmodel:\n  affine: yes\ntraining: fast\n`)).toEqual([
      'f.yaml:4:6: data.n: expected a whole number (got "ten")',
      'f.yaml:5:6: data.u: must be {dist: normal | uniform, …} or a list of inputs (got 5)',
      'f.yaml:7:11: model.affine: expected true or false (got "yes")',
      'f.yaml:8:11: training: expected a mapping (got "fast")',
    ]);
  });

  it('missing required fields point at the mapping that should hold them', () => {
    expect(problems('summary: s\n')).toEqual(['f.yaml:1:1: title: is required (expected text) (got nothing)']);
    expect(problems(`${HEAD}captions:\n  - {text: hi}\n`)).toEqual([
      'f.yaml:4:5: captions[0].at: is required (expected a number) (got nothing)',
    ]);
  });

  it('non-finite numbers: .inf, .nan, 1e400', () => {
    expect(problems(`${HEAD}seed: .nan\ndata:\n  u: {dist: normal, mean: .inf}\n  y: [1, 2, 1e400]\n`)).toEqual([
      'f.yaml:3:7: seed: expected a whole number (got .nan)',
      'f.yaml:5:27: data.u.mean: must be a finite number (got .inf)',
      'f.yaml:6:13: data.y[2]: must be a finite number (got .inf)',
    ]);
  });

  it('non-positive learning rate', () => {
    expect(problems(`${HEAD}training:\n  learningRate: 0\n`)).toEqual(['f.yaml:4:17: training.learningRate: must be positive (got 0)']);
    expect(problems(`${HEAD}training:\n  learningRate: -0.5\n`)).toEqual([
      'f.yaml:4:17: training.learningRate: must be positive (got -0.5)',
    ]);
  });

  it('non-integer steps or batch', () => {
    expect(problems(`${HEAD}training:\n  steps: 1.5\n  batch: 2.5\n`)).toEqual([
      'f.yaml:4:10: training.steps: expected a whole number (got 1.5)',
      'f.yaml:5:10: training.batch: must be full or a whole number ≥ 2 (got 2.5)',
    ]);
    expect(problems(`${HEAD}training:\n  batch: fulll\n`)).toEqual([
      'f.yaml:4:10: training.batch: must be full or a whole number ≥ 2 (got "fulll")',
    ]);
    expect(problems(`${HEAD}training:\n  batch: 1\n`)).toEqual(['f.yaml:4:10: training.batch: must be ≥ 2 (got 1)']);
  });

  it('batch larger than the data, generated or inline', () => {
    expect(problems(`${HEAD}data:\n  n: 10\ntraining:\n  batch: 11\n`)).toEqual([
      'f.yaml:6:10: training.batch: is larger than the data set (10 examples) (got 11)',
    ]);
    expect(problems(`${HEAD}data:\n  u: [1, 2, 3]\n  y: [1, 2, 3]\ntraining:\n  batch: 4\n`)).toEqual([
      'f.yaml:7:10: training.batch: is larger than the data set (3 examples) (got 4)',
    ]);
  });

  it('mismatched lengths: u rows vs dims, u vs y, slope vs dims, weight vs dims — each at its node', () => {
    expect(
      problems(
        `${HEAD}data:\n  dims: 2\n  u: [[1, 2], [3], 4]\n  y: [1, 2]\nmodel:\n  weight: {init: [1, 2, 3]}\n`,
      ),
    ).toEqual([
      'f.yaml:5:15: data.u[1]: has 1 value but data.dims is 2 (got [3])',
      'f.yaml:5:20: data.u[2]: has 1 value but data.dims is 2 (got 4)',
      'f.yaml:6:6: data.y: has 2 targets but data.u has 3 examples (got 2)',
      'f.yaml:8:18: model.weight.init: has 3 values but data.dims is 2 (got [1,2,3])',
    ]);
    expect(problems(`${HEAD}data:\n  dims: 3\n  y: {slope: [1, 2]}\n`)).toEqual([
      'f.yaml:5:14: data.y.slope: has 2 values but data.dims is 3 (got [1,2])',
    ]);
  });

  it('fewer than 2 examples', () => {
    const why = 'needs at least 2 examples: the batch mean of one example is the example itself';
    expect(problems(`${HEAD}data:\n  u: [1]\n  y: [1]\n`)).toEqual([`f.yaml:4:6: data.u: ${why} (got 1)`]);
    expect(problems(`${HEAD}data:\n  y: [3]\n`)).toEqual([`f.yaml:4:6: data.y: ${why} (got 1)`]);
    expect(problems(`${HEAD}data:\n  n: 1\n`)).toEqual([`f.yaml:4:6: data.n: ${why} (got 1)`]);
  });

  it('negative ε, std or noise', () => {
    expect(problems(`${HEAD}data:\n  u: {dist: normal, std: -1}\n  y: {noise: -0.1}\nmodel:\n  epsilon: -1e-5\n`)).toEqual([
      'f.yaml:4:26: data.u.std: must be ≥ 0 (got -1)',
      'f.yaml:5:14: data.y.noise: must be ≥ 0 (got -0.1)',
      'f.yaml:7:12: model.epsilon: must be ≥ 0 (got -0.00001)',
    ]);
  });

  it('unknown activation, normalize or dist', () => {
    expect(problems(`${HEAD}data:\n  u: {dist: cauchy}\nmodel:\n  activation: sigmoid\n  normalize: whiten\n`)).toEqual([
      'f.yaml:4:13: data.u.dist: must be one of normal | uniform (got "cauchy")',
      'f.yaml:6:15: model.activation: must be one of identity | tanh | relu (got "sigmoid")',
      'f.yaml:7:14: model.normalize: must be one of center | standardize (got "whiten")',
    ]);
    expect(problems(`${HEAD}data:\n  u: {mean: 1}\n`)).toEqual([
      'f.yaml:4:6: data.u.dist: must be one of normal | uniform (got nothing)',
    ]);
  });

  it('negative caption steps', () => {
    expect(problems(`${HEAD}captions:\n  - {at: -5, text: hi}\n  - {at: 2.5, text: there}\n`)).toEqual([
      'f.yaml:4:10: captions[0].at: must be ≥ 0 (got -5)',
      'f.yaml:5:10: captions[1].at: expected a whole number (got 2.5)',
    ]);
  });

  it('duplicate keys, at the second one, with the field path', () => {
    expect(problems('title: t\nsummary: s\ntitle: u\nmodel:\n  weight: {init: 1, init: 2}\n')).toEqual([
      'f.yaml:3:1: title: duplicate key; each key may appear once (got "title")',
      'f.yaml:5:21: model.weight.init: duplicate key; each key may appear once (got "init")',
    ]);
  });

  it('alias bombs are refused before they expand', () => {
    const levels = ['a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]'];
    for (const k of ['b', 'c', 'd', 'e', 'f', 'g']) {
      const prev = String.fromCharCode(k.charCodeAt(0) - 1);
      levels.push(`${k}: &${k} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const started = Date.now();
    const p = problems(`${HEAD}${levels.join('\n')}\n`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(p).toEqual([
      `f.yaml:4:8: b[0]: aliases expand too far; at most ${LIMITS.aliases} expansions are allowed (README, "Limits") (got 60 aliases)`,
    ]);
  });

  it('sizes beyond the documented limits', () => {
    expect(problems(`${HEAD}data:\n  n: 100001\n  dims: 9\ntraining:\n  steps: 1000000001\n`)).toEqual([
      'f.yaml:4:6: data.n: must be ≤ 100000 (got 100001)',
      'f.yaml:5:9: data.dims: must be ≤ 8 (got 9)',
      'f.yaml:7:10: training.steps: must be ≤ 1000000000 (got 1000000001)',
    ]);
    expect(problems(`title: ${'x'.repeat(LIMITS.titleChars + 1)}\nsummary: s\n`)).toEqual([
      `f.yaml:1:8: title: allows at most ${LIMITS.titleChars} characters (README, "Limits") (got "${'x'.repeat(36)}…)`,
    ]);
    const captions = Array.from({ length: LIMITS.captions + 1 }, (_, i) => `  - {at: ${i}, text: c}`).join('\n');
    expect(problems(`${HEAD}captions:\n${captions}\n`)[0]).toMatch(
      new RegExp(`^f\\.yaml:4:3: captions: allows at most ${LIMITS.captions} items \\(README, "Limits"\\) \\(got `),
    );
    const many = Array(LIMITS.examples + 1).fill(0).join(',');
    expect(problems(`${HEAD}data:\n  y: [${many}]\n`)[0]).toMatch(
      /^f\.yaml:4:6: data\.y: allows at most 100000 items \(README, "Limits"\) \(got /,
    );
    const text = `${HEAD}# ${'x'.repeat(LIMITS.fileBytes)}\n`;
    const big = file('big.yaml', text);
    expect(() => loadScenarioFile(big)).toThrow(
      `${big}: file is ${Buffer.byteLength(text)} bytes; scenarios are limited to ${LIMITS.fileBytes} bytes (README, "Limits")`,
    );
  });

  it('a path that does not exist, or is a directory', () => {
    const missing = join(dir, 'nope.yaml');
    expect(() => loadScenarioFile(missing)).toThrow(`${missing}: no such file`);
    const sub = join(dir, 'sub.yaml');
    mkdirSync(sub);
    expect(() => loadScenarioFile(sub)).toThrow(`${sub}: is a directory, not a scenario file`);
  });

  it('several problems at once: field errors and cross-field relations together, in file order', () => {
    const text = `${HEAD}data:\n  n: ten\n  dims: 2\n  u: [[1, 2], [3]]\n  y: [1, 2, 3]\ntraining:\n  learningRate: -1\n  batch: 5\nmodel:\n  weight: {init: [1, 2, 3]}\n  colour: red\n`;
    expect(problems(text)).toEqual([
      'f.yaml:4:6: data.n: expected a whole number (got "ten")',
      'f.yaml:6:15: data.u[1]: has 1 value but data.dims is 2 (got [3])',
      'f.yaml:7:6: data.y: has 3 targets but data.u has 2 examples (got 3)',
      'f.yaml:9:17: training.learningRate: must be positive (got -1)',
      'f.yaml:10:10: training.batch: is larger than the data set (2 examples) (got 5)',
      'f.yaml:12:18: model.weight.init: has 3 values but data.dims is 2 (got [1,2,3])',
      'f.yaml:13:3: model.colour: unknown key; check the spelling against README\'s scenario format (got "colour")',
    ]);
  });

  it('relations are skipped when a value they involve is itself invalid', () => {
    // dims is out of range: the rows are not compared with it, only dims is reported.
    expect(problems(`${HEAD}data:\n  dims: 0\n  u: [[1, 2], [3, 4]]\n  y: [1, 2]\n`)).toEqual([
      'f.yaml:4:9: data.dims: must be ≥ 1 (got 0)',
    ]);
  });

  it('(got X) never carries control characters; text fields accept them (the view shows placeholders)', () => {
    const p = problems('title: "\\e[2Jhi\\a"\nsummary: s\ncaptions:\n  - {at: 0, text: "a\\u202Eb"}\nseed: "\\e]52;c;aGk=\\a"\n');
    expect(p).toEqual(['f.yaml:5:7: seed: expected a whole number (got "\\u001b]52;c;aGk=\\u0007")']);
    for (const line of p) expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    const s = parseScenario('title: "\\e]0;pwned\\a"\nsummary: "one\\ntwo"\n', 'f.yaml');
    expect(s.title).toBe('\u001b]0;pwned\u0007');
  });

  it('keys that are lists or mappings are refused (no process warning)', () => {
    expect(problems(`${HEAD}? [a, b]\n: 1\n`)).toEqual([
      'f.yaml:3:3: (top level): a key must be a plain name, not a list or mapping (got ["a","b"])',
    ]);
  });

  it(`a flood of problems is cut at ${LIMITS.problems}, with a line saying how many more`, () => {
    const p = problems(`${HEAD}data:\n  y: [${Array(80).fill('x').join(', ')}]\n`);
    expect(p).toHaveLength(LIMITS.problems + 1);
    expect(p[LIMITS.problems]).toBe(`f.yaml:1:1: …and 30 more problems (only the first ${LIMITS.problems} are listed)`);
  });

  describe('through the CLI', () => {
    it('exit 2, every problem on stderr as file:line:col: field:, no stack trace', () => {
      const bad = file('bad.yaml', `${HEAD}data:\n  n: 1\nmodel:\n  activation: sigmoid\n`);
      const r = validate(bad);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `${bad}:4:6: data.n: needs at least 2 examples: the batch mean of one example is the example itself (got 1)\n` +
          `${bad}:6:15: model.activation: must be one of identity | tanh | relu (got "sigmoid")\n`,
      );
    });

    it('several files: each is reported, exit 2 if any is invalid, 0 if all are valid', () => {
      const good = file('good.yaml', `${HEAD}`);
      const dup = file('dup.yaml', 'title: t\ntitle: u\nsummary: s\n');
      const both = validate(good, dup, join(dir, 'missing.yaml'));
      expect(both.status).toBe(2);
      expect(both.stderr).toBe(
        `${good}: ok (t)\n${dup}:2:1: title: duplicate key; each key may appear once (got "title")\n${join(dir, 'missing.yaml')}: no such file\n`,
      );
      const ok = validate(good, good);
      expect(ok.status).toBe(0);
      expect(ok.stdout).toBe(`${good}: ok (t)\n${good}: ok (t)\n`);
    });

    it('a directory, and an alias bomb, refused promptly without a stack trace', () => {
      const bomb = file(
        'bomb.yaml',
        `${HEAD}a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`,
      );
      const r = validate(dir, bomb);
      expect(r.status).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(`${dir}: is a directory, not a scenario file`);
      expect(r.stderr.split('\n')[1]).toMatch(new RegExp(`^${bomb.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:8: b\\[0\\]: aliases expand too far`));
      expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
    });
  });
});
