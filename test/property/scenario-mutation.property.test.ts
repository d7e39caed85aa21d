import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCENARIO_DIR } from '../../src/scenario/builtins.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';

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
