// The error types live with their exit codes, beside src/exit.ts; re-exported for the scenario reader.
export { ScenarioError, UsageError } from '../errors.js';

/**
 * Text from a file or a command line, made safe to print on one terminal line: control
 * characters (C0, DEL, C1), line and paragraph separators and bidirectional overrides become
 * visible \uXXXX escapes instead of acting on the terminal.
 */
export function sanitize(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
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
