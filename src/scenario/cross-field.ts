import { LIMITS } from './limits.js';

/**
 * Relations between fields: lengths that must agree with data.dims or with each other, enough
 * examples, a batch no larger than the data.
 *
 * This reads the file's raw values rather than zod's output because zod only refines a value
 * whose every field is valid: a file with a misspelt key and a short list would otherwise report
 * the key, be fixed, and only then report the list. Each relation is checked when the values it
 * involves are themselves usable, and skipped otherwise (their own problem is reported by zod).
 */
export interface CrossFieldIssue {
  path: Array<string | number>;
  message: string;
  input: unknown;
}

/** The same defaults as the schema's, for values a file leaves out. */
const DEFAULT_DIMS = 1;
const DEFAULT_N = 64;

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function wholeIn(v: unknown, min: number, max: number): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
}

function plural(k: number, one: string, many: string): string {
  return `${k} ${k === 1 ? one : many}`;
}

export function crossFieldIssues(raw: unknown): CrossFieldIssue[] {
  const issues: CrossFieldIssue[] = [];
  const top = record(raw);
  if (!top) return issues;
  const data = top.data === undefined ? {} : record(top.data);
  if (!data) return issues;

  const dims = data.dims === undefined ? DEFAULT_DIMS : wholeIn(data.dims, 1, LIMITS.dims);
  const uList = Array.isArray(data.u) ? (data.u as unknown[]) : undefined;
  const yList = Array.isArray(data.y) ? (data.y as unknown[]) : undefined;

  if (uList && dims !== undefined) {
    uList.forEach((row, i) => {
      const len = Array.isArray(row) ? row.length : typeof row === 'number' ? 1 : undefined;
      if (len !== undefined && len !== dims)
        issues.push({
          path: ['data', 'u', i],
          message: `has ${plural(len, 'value', 'values')} but data.dims is ${dims}`,
          input: row,
        });
    });
  }

  if (uList && yList && uList.length !== yList.length)
    issues.push({
      path: ['data', 'y'],
      message: `has ${plural(yList.length, 'target', 'targets')} but data.u has ${plural(uList.length, 'example', 'examples')}`,
      input: yList.length,
    });

  // The number of examples: inline lists fix it, otherwise data.n (whose own range zod checks).
  const n = uList
    ? uList.length
    : yList
      ? yList.length
      : data.n === undefined
        ? DEFAULT_N
        : wholeIn(data.n, 2, LIMITS.examples);
  const listed = uList ? 'u' : yList ? 'y' : undefined;
  if (listed && n !== undefined && n < 2)
    issues.push({
      path: ['data', listed],
      message: 'needs at least 2 examples: the batch mean of one example is the example itself',
      input: n,
    });

  const targets = record(data.y);
  if (targets && Array.isArray(targets.slope) && dims !== undefined && targets.slope.length !== dims)
    issues.push({
      path: ['data', 'y', 'slope'],
      message: `has ${plural(targets.slope.length, 'value', 'values')} but data.dims is ${dims}`,
      input: targets.slope,
    });

  const weight = record(record(top.model)?.weight);
  if (weight && Array.isArray(weight.init) && dims !== undefined && weight.init.length !== dims)
    issues.push({
      path: ['model', 'weight', 'init'],
      message: `has ${plural(weight.init.length, 'value', 'values')} but data.dims is ${dims}`,
      input: weight.init,
    });

  const batch = wholeIn(record(top.training)?.batch, 2, Infinity);
  if (batch !== undefined && n !== undefined && n >= 2 && batch > n)
    issues.push({
      path: ['training', 'batch'],
      message: `is larger than the data set (${plural(n, 'example', 'examples')})`,
      input: batch,
    });

  return issues;
}
