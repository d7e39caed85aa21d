import type { Scenario } from './schema.js';

// Kept apart from schema.ts: the engine, the live view and NDJSON need this one function, and
// importing it from schema.ts would load all of zod before the first frame (issue #6).

/** Inline lists fix the number of examples; otherwise data.n does. */
export function exampleCount(s: Pick<Scenario, 'data'>): number {
  if (Array.isArray(s.data.u)) return s.data.u.length;
  if (Array.isArray(s.data.y)) return s.data.y.length;
  return s.data.n;
}
