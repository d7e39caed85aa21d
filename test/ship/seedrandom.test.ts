/**
 * Issue #15, "seedrandom at runtime": the data and batch order now come from the seedrandom
 * package itself (src/engine/rng.ts). Every seed must give the data it gave before, so every
 * built-in's NDJSON — at its own seed and at seed 7 — is checked against fingerprints saved from
 * the build with the hand-written ARC4 (fixtures/ndjson-golden.json; see golden.ts for what a
 * fingerprint covers).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fingerprint } from './golden.js';
import { ROOT, run } from './helpers.js';

interface Golden {
  builtins: Record<string, { numbersSha256: string; runs: Record<string, string> }>;
}

/** The parts of a scenario file that make its numbers: all but the words (title, summary, captions). */
function numbersOf(yamlText: string): string {
  const { title: _t, summary: _s, captions: _c, ...numbers } = parse(yamlText) as Record<string, unknown>;
  return createHash('sha256').update(JSON.stringify(numbers)).digest('hex');
}
const golden = JSON.parse(readFileSync(join(ROOT, 'test', 'ship', 'fixtures', 'ndjson-golden.json'), 'utf8')) as Golden;

describe('NDJSON of every built-in is what the build before seedrandom-at-runtime wrote', () => {
  for (const [name, saved] of Object.entries(golden.builtins))
    it(name, () => {
      const yaml = readFileSync(join(ROOT, 'scenarios', `${name}.yaml`), 'utf8');
      // A scenario whose numbers changed changes its output for reasons that are not the
      // generator's; narration may be reworded freely.
      expect(numbersOf(yaml), `scenarios/${name}.yaml's data, model or training changed since the fingerprints were saved`).toBe(saved.numbersSha256);
      for (const [seed, print] of Object.entries(saved.runs)) {
        const args = [join(ROOT, 'dist', 'cli.js'), name, '--json', ...(seed === 'default' ? [] : ['--seed', seed])];
        const r = run(process.execPath, args, { cwd: ROOT });
        expect(r.status, r.stderr).toBe(0);
        expect(fingerprint(r.stdout), `${name} at seed ${seed}`).toBe(print);
      }
    });
});
