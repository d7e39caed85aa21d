import type { z } from 'zod';

/**
 * How a schema problem is put to a person: the "what is wrong" part of
 * `file:line:col: field: what is wrong (got X)`. Passed to zod as the per-parse error map, so
 * the few phrasings the schema sets itself (a union's accepted forms, "expected a whole number")
 * take precedence and everything else reads the same way.
 */
export const phrase: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return `is required (expected ${expectedName(iss.expected)})`;
      if (iss.expected === 'number' && typeof iss.input === 'number') return 'must be a finite number';
      return `expected ${expectedName(iss.expected)}`;
    case 'too_small': {
      const min = String(iss.minimum);
      if (iss.origin === 'string') return iss.minimum === 1 ? 'must not be empty' : `needs at least ${min} characters`;
      if (iss.origin === 'array') return `needs at least ${min} ${iss.minimum === 1 ? 'item' : 'items'}`;
      if (iss.minimum === 0 && !iss.inclusive) return 'must be positive';
      return `must be ${iss.inclusive ? '≥' : '>'} ${min}`;
    }
    case 'too_big': {
      const max = String(iss.maximum);
      if (iss.origin === 'string') return `allows at most ${max} characters (README, "Limits")`;
      if (iss.origin === 'array') return `allows at most ${max} items (README, "Limits")`;
      return `must be ${iss.inclusive ? '≤' : '<'} ${max}`;
    }
    case 'invalid_value':
      return `must be ${iss.values.length === 1 ? '' : 'one of '}${iss.values.map((v) => String(v)).join(' | ')}`;
    case 'invalid_union': {
      // A discriminated union whose `dist` matched no option.
      const options = (iss as { options?: unknown[] }).options;
      if (Array.isArray(options)) return `must be one of ${options.map((v) => String(v)).join(' | ')}`;
      return 'has the wrong form';
    }
    case 'unrecognized_keys':
      return "unknown key; check the spelling against README's scenario format";
    default:
      return undefined;
  }
};

function expectedName(expected: string): string {
  switch (expected) {
    case 'int':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'string':
      return 'text';
    case 'boolean':
      return 'true or false';
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    default:
      return expected;
  }
}
