import { sanitize } from '../text/sanitize.js';
// The error types live with their exit codes, beside src/exit.ts; re-exported for the scenario reader.
export { ScenarioError, UsageError } from '../errors.js';

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
