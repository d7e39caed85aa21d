import { sanitize } from '../text/sanitize.js';

/** Problems found in one scenario file, each already formatted for a person. */
export class ScenarioError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ScenarioError';
    this.problems = problems;
  }
}

/** Wrong flags or arguments: exit 2 like an invalid scenario. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A short, single-line rendering of a value a person wrote, for "(got X)". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  let text: string;
  try {
    text = JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? describeValue(v) : v)) ?? String(value);
  } catch {
    text = String(value);
  }
  text = sanitize(text);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
