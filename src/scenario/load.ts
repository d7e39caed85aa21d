import { readFileSync, statSync } from 'node:fs';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { describeValue, ScenarioError } from './errors.js';
import { LIMITS, scenarioSchema, type Scenario } from './schema.js';

type Issue = z.core.$ZodIssue;
type Path = PropertyKey[];

/** Reads, parses and validates a scenario file; throws ScenarioError listing every problem. */
export function loadScenarioFile(path: string): Scenario {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new ScenarioError([`${path}: is a directory, not a scenario file`]);
    size = st.size;
  } catch (err) {
    if (err instanceof ScenarioError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ScenarioError([
      `${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'cannot be read'}`,
    ]);
  }
  if (size > LIMITS.fileBytes)
    throw new ScenarioError([`${path}: file is ${size} bytes; scenarios are limited to ${LIMITS.fileBytes} bytes`]);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ScenarioError([`${path}: cannot be read`]);
  }
  return parseScenario(text, path);
}

/** Parses scenario text; `source` names it in error messages. */
export function parseScenario(text: string, source: string): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return `${source}:1:1`;
    const { line, col } = lineCounter.linePos(offset);
    return `${source}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.map((e) => `${at(e.pos[0])}: not valid YAML: ${firstLine(e.message)}`),
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: LIMITS.aliases });
  } catch (err) {
    throw new ScenarioError([`${at(0)}: ${firstLine((err as Error).message)} (aliases are limited to ${LIMITS.aliases})`]);
  }
  if (value === null || value === undefined) throw new ScenarioError([`${at(0)}: the file is empty`]);
  if (typeof value !== 'object' || Array.isArray(value))
    throw new ScenarioError([
      `${at(doc.contents?.range?.[0])}: a scenario must be a mapping of keys (title, summary, data, …) (got ${describeValue(value)})`,
    ]);
  const parsed = scenarioSchema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  const problems = flatten(parsed.error.issues, []).map((issue) => {
    const { path, offset, message } = locate(doc, issue);
    return `${at(offset)}: ${fieldName(path)}: ${message}`;
  });
  throw new ScenarioError([...new Set(problems)]);
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

/** Unions report every branch; keep the branch that got past the type check, if exactly one did. */
function flatten(issues: readonly Issue[], prefix: Path): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const plausible = issue.errors.filter(
        (branch) => !branch.some((e) => e.path.length === 0 && (e.code === 'invalid_type' || e.code === 'invalid_value' || e.code === 'invalid_union')),
      );
      if (plausible.length === 1) {
        out.push(...flatten(plausible[0], path));
        continue;
      }
    }
    out.push({ ...issue, path } as Issue);
  }
  return out;
}

function fieldName(path: Path): string {
  if (path.length === 0) return '(top level)';
  let name = '';
  for (const p of path) name += typeof p === 'number' ? `[${p}]` : name ? `.${String(p)}` : String(p);
  return name;
}

function locate(doc: Document, issue: Issue): { path: Path; offset: number | undefined; message: string } {
  const path = issue.path as Path;
  const input = (issue as { input?: unknown }).input;
  let message: string;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0];
      const parent = doc.getIn(path, true) as YamlNode | undefined;
      let offset = parent?.range?.[0];
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
        if (pair && isScalar(pair.key)) offset = pair.key.range?.[0];
      }
      const extra = issue.keys.length > 1 ? ` (and ${issue.keys.slice(1).join(', ')})` : '';
      return {
        path: [...path, key],
        offset,
        message: `unknown key${extra}; check the spelling against README's scenario format (got ${describeValue(key)})`,
      };
    }
    case 'invalid_type':
      message =
        input === undefined ? `is required (expected ${expectedName(issue.expected)})` : `expected ${expectedName(issue.expected)}`;
      break;
    case 'too_small':
      message = issue.origin === 'array' || issue.origin === 'string'
        ? `needs at least ${String(issue.minimum)} ${issue.origin === 'array' ? 'items' : 'characters'}`
        : issue.origin === 'number' && issue.minimum === 0 && !issue.inclusive
          ? 'must be positive'
          : `must be ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
      break;
    case 'too_big':
      message = issue.origin === 'array' || issue.origin === 'string'
        ? `allows at most ${String(issue.maximum)} ${issue.origin === 'array' ? 'items' : 'characters'} (README, "Limits")`
        : `must be ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
      break;
    case 'invalid_value':
      message = `must be one of ${issue.values.map((v) => String(v)).join(' | ')}`;
      break;
    case 'invalid_union':
      message = 'has the wrong form';
      break;
    default:
      message = issue.message;
  }
  // A missing field has no node of its own: point at the mapping that should hold it.
  let node = doc.getIn(path, true) as YamlNode | undefined;
  let probe = path;
  while (!node && probe.length > 0) {
    probe = probe.slice(0, -1);
    node = (probe.length ? doc.getIn(probe, true) : doc.contents) as YamlNode | undefined;
  }
  const value = input !== undefined ? input : issue.code === 'invalid_type' ? undefined : doc.getIn(path);
  return { path, offset: node?.range?.[0], message: `${message} (got ${describeValue(value)})` };
}

function expectedName(expected: string): string {
  switch (expected) {
    case 'int':
      return 'a whole number';
    case 'number':
      return 'a finite number';
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
