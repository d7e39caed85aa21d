import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCENARIO_DIR } from '../../src/scenario/builtins.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { loadScenarioFile, parseScenario } from '../../src/scenario/load.js';
import { LIMITS } from '../../src/scenario/schema.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

const FULL = `title: every field
summary: One of each.
seed: 3
data:
  n: 12
  dims: 2
  u: {dist: uniform, low: -1, high: 2}
  y: {slope: [1, -1], intercept: 0.5, noise: 0.1}
model:
  weight: {init: [1, 0.5], learn: true}
  bias: {init: 0, learn: true}
  activation: tanh
  normalize: standardize
  epsilon: 0.001
  affine: true
training:
  learningRate: 0.05
  steps: 100
  batch: 4
  sampling: replacement
  runningMomentum: 0.1
captions:
  - {at: 0, text: start}
  - {at: 10, text: later}
`;

const valid = [readFileSync(join(SCENARIO_DIR, 'paper-bias.yaml'), 'utf8'), FULL];

/** What people do to files: delete lines, put a value of the wrong type, paste stray bytes. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('retype' as const),
    at: fc.nat(),
    value: fc.constantFrom('"text"', 'true', 'null', '[1, 2]', '{a: 1}', '-1', '0', '1e400', '.nan', '&x 3', '*x', '~', "'", '1.5', '99999999999'),
  }),
  fc.record({
    kind: fc.constant('inject' as const),
    at: fc.nat(),
    bytes: fc.string({ unit: fc.constantFrom('\u0000', '\u001b[2J', '\u001b]52;c;aGk=\u0007', ':', '- ', '{', '[', '\t', '\n', '"', '&a ', '*a', '!!binary ', '%YAML 1.2\n', '\uFFFD', 'é', '#') , maxLength: 6 }),
  }),
);

function mutate(text: string, ms: Array<typeof mutation extends fc.Arbitrary<infer T> ? T : never>): string {
  let lines = text.split('\n');
  for (const m of ms) {
    const i = m.at % Math.max(1, lines.length);
    if (m.kind === 'delete') lines = lines.filter((_, k) => k !== i);
    else if (m.kind === 'retype') lines[i] = lines[i].replace(/:\s*[^{\[\n]+$|:\s*$/, `: ${m.value}`);
    else {
      const joined = lines.join('\n');
      const pos = m.at % (joined.length + 1);
      lines = (joined.slice(0, pos) + m.bytes + joined.slice(pos)).split('\n');
    }
  }
  return lines.join('\n');
}

describe('mutated scenario files (fast-check)', () => {
  it('are accepted or refused with one-line errors carrying file:line:col — never anything else', () => {
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.array(mutation, { minLength: 1, maxLength: 4 }), (text, ms) => {
        const mutated = mutate(text, ms);
        try {
          parseScenario(mutated, 'm.yaml');
        } catch (err) {
          expect(err).toBeInstanceOf(ScenarioError);
          const problems = (err as ScenarioError).problems;
          expect(problems.length).toBeGreaterThan(0);
          for (const p of problems) {
            expect(p).toMatch(/^m\.yaml:\d+:\d+: /);
            expect(p).not.toMatch(/[\n\r\u0000-\u0008\u000b-\u001f\u007f]/);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('through the CLI: exit 0 or 2, no stack trace, finishes promptly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'normdrift-mut-'));
    const samples = fc.sample(fc.tuple(fc.constantFrom(...valid), fc.array(mutation, { minLength: 1, maxLength: 3 })), { numRuns: 12, seed: 42 });
    samples.forEach(([text, ms], k) => {
      const path = join(dir, `m${k}.yaml`);
      writeFileSync(path, mutate(text, ms));
      const r = spawnSync(process.execPath, [CLI, '--validate', path], { encoding: 'utf8', timeout: 10_000 });
      expect([0, 2]).toContain(r.status);
      expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
    });
  });
});

/**
 * Random bytes as a scenario file (issue 17): never a hang, never a crash (problems only, each one
 * line at `file[:line:col]:`, at most the documented number), never a file written. Half the
 * inputs are arbitrary bytes (mostly not UTF-8); half are YAML-ish pieces, so the parser, the
 * tags, anchors and the schema are reached too.
 */
const yamlish = fc
  .array(
    fc.constantFrom(
      'title', 'summary', 'data', 'n', 'u', 'y', 'model', 'training', 'steps', 'captions', 'seed',
      ':', ': ', ' ', '  ', '\n', '\r\n', '\r', '\t', '- ', '{', '}', '[', ']', ',', '&a ', '*a', '*b', '<<: ',
      '!', '!!str ', '!!binary ', '!x ', '"', "'", '#', '%YAML 1.2\n', '%TAG ! tag:x,2000:\n', '---\n', '...\n',
      '? ', '|', '>', '0', '-1', '1e9', '.nan', 'é', '\ufeff', '\u0000', '\u001b', '\u2028', '\\x1b',
    ),
    { maxLength: 60 },
  )
  .map((parts) => Buffer.from(parts.join(''), 'utf8'));
const randomFile = fc.oneof(fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)), yamlish);

describe('random bytes as a scenario file (fast-check)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'normdrift-bytes-'));
  const path = join(dir, 'r.yaml');

  function expectProblems(problems: string[], name: string): void {
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.length).toBeLessThanOrEqual(LIMITS.problems + 1);
    for (const p of problems) {
      expect(p.startsWith(`${name}:`)).toBe(true);
      expect(p).not.toMatch(/[\n\r\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/);
    }
  }

  it('in-process: a scenario or one-line problems, nothing else', () => {
    fc.assert(
      fc.property(randomFile, (bytes) => {
        writeFileSync(path, bytes);
        try {
          loadScenarioFile(path);
        } catch (err) {
          expect(err).toBeInstanceOf(ScenarioError);
          expectProblems((err as ScenarioError).problems, path);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('through the CLI: exit 0 or 2 within a bound, one-line problems, no stack, no file written', () => {
    const work = mkdtempSync(join(tmpdir(), 'normdrift-bytes-cli-'));
    const samples = fc.sample(randomFile, { numRuns: 10, seed: 17 });
    samples.forEach((bytes, k) => {
      const name = `s${k}.yaml`;
      writeFileSync(join(work, name), bytes);
      const before = statSync(join(work, name)).mtimeMs;
      for (const args of [['--validate', name], [name, '--steps', '3']]) {
        // A hang is a failure: spawnSync's timeout kills it and status is null.
        const r = spawnSync(process.execPath, [CLI, ...args], { cwd: work, encoding: 'utf8', timeout: 15_000 });
        expect(r.status, `${args.join(' ')}: ${r.stderr}`).not.toBeNull();
        expect([0, 2]).toContain(r.status);
        expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
        if (r.status === 2) expectProblems(r.stderr.trimEnd().split('\n'), name);
      }
      expect(readdirSync(work).sort()).toEqual(samples.slice(0, k + 1).map((_, i) => `s${i}.yaml`).sort());
      expect(statSync(join(work, name)).mtimeMs).toBe(before);
    });
  });
});
