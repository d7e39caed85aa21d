import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { headlessLines } from '../../src/output/ndjson.js';
import { BUILTIN_ORDER } from '../../src/scenario/builtins.js';
import { applyOverrides, Pair } from '../../src/session/pair.js';
import { builtin } from '../scenarios/helpers.js';

/*
 * The fast kernel's bits, pinned: every built-in's headless output (`--json --every 1` and a
 * sparse `--every`) hashed, as the code before issue 16's kernel work wrote it. The order in
 * which a pass adds its terms fixes the last bits of every number in the NDJSON; a change that
 * reorders a sum (or skips a pass whose value an event or a line reads) changes a digest here
 * while every tolerance-based test still passes. A deliberate change to the contract's numbers
 * updates these digests in the same commit, and says why.
 */
function digest(name: string, steps: number, every: number): string {
  const s = applyOverrides(builtin(name), { steps });
  const hash = createHash('sha256');
  for (const line of headlessLines(new Pair(s), { name, steps, every })) hash.update(line + '\n');
  return hash.digest('hex').slice(0, 16);
}

const EVERY_1: Record<string, string> = {
  'paper-bias': 'e2cd1a457de56874',
  'weight-and-bias': 'e0bb43e6542375e9',
  'scale-drift': '5b8f71f5f74220ba',
  'scale-blowup': '8492631b1bd924b1',
  'nonlinearity': 'ec1003f39ed45c8f',
  'nonlinearity-relu': '22dcfe17efd6c898',
  'minibatch': '125fc17b1836745f',
  'batchnorm-2d': '9b58123e8e762385',
};
const SPARSE: Record<string, string> = {
  'paper-bias': '3ef4b702e581c10b',
  'weight-and-bias': '616222064619f740',
  'scale-drift': '4cecc9a8a22435a3',
  'scale-blowup': 'a9a43627e2e649fc',
  'nonlinearity': 'd1e5615863d76246',
  'nonlinearity-relu': '4a4dcd85335ae633',
  'minibatch': '0b0b733f9bdbc2a7',
  'batchnorm-2d': '5300cb54f697cdf8',
};

describe('headless NDJSON, byte for byte as before the kernel was tuned', () => {
  for (const name of BUILTIN_ORDER) {
    it(`${name}: --every 1, 2000 steps`, () => expect(digest(name, 2000, 1)).toBe(EVERY_1[name]));
    it(`${name}: --every 997, 30000 steps`, () => expect(digest(name, 30000, 997)).toBe(SPARSE[name]));
  }
});
