import { readFileSync, statSync } from 'node:fs';
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import type { z } from 'zod';
import { crossFieldIssues } from './cross-field.js';
import { describeValue, ScenarioError } from './errors.js';
import { sanitize } from '../text/sanitize.js';
import { phrase } from './messages.js';
import { LIMITS, scenarioSchema, type Scenario } from './schema.js';

type Issue = z.core.$ZodIssue;
type Path = PropertyKey[];

/** One problem, placed in the file: `offset` orders the list, `text` is what a person reads. */
interface Problem {
  offset: number;
  text: string;
}

/** Reads, parses and validates a scenario file; throws ScenarioError listing every problem. */
export function loadScenarioFile(path: string): Scenario {
  const shown = sanitize(path);
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new ScenarioError([`${shown}: is a directory, not a scenario file`]);
    size = st.size;
  } catch (err) {
    if (err instanceof ScenarioError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ScenarioError([
      `${shown}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'cannot be read'}`,
    ]);
  }
  if (size > LIMITS.fileBytes)
    throw new ScenarioError([
      `${shown}: file is ${size} bytes; scenarios are limited to ${LIMITS.fileBytes} bytes (README, "Limits")`,
    ]);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ScenarioError([`${shown}: cannot be read`]);
  }
  return parseScenario(text, path);
}

/** Parses scenario text; `source` names it in error messages. */
export function parseScenario(text: string, source: string): Scenario {
  const name = sanitize(source);
  const lineCounter = new LineCounter();
  // logLevel 'error': no process warnings from yaml; keys that are lists or mappings, which it
  // would warn about, are reported below as problems of the file.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, logLevel: 'error' });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return `${name}:1:1`;
    const { line, col } = lineCounter.linePos(offset);
    return `${name}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.map((e) => {
        if (e.code === 'DUPLICATE_KEY') {
          const path = pathOfKeyAt(doc, e.pos[0]);
          const key = path[path.length - 1];
          return `${at(e.pos[0])}: ${fieldName(path)}: duplicate key; each key may appear once (got ${describeValue(key)})`;
        }
        return `${at(e.pos[0])}: not valid YAML: ${sanitize(firstLine(e.message))}`;
      }),
    );
  }
  const oddKeys = collectionKeys(doc);
  if (oddKeys.length > 0)
    throw new ScenarioError(
      oddKeys.map(
        (k) => `${at(k.offset)}: ${fieldName(k.path)}: a key must be a plain name, not a list or mapping (got ${describeValue(k.key)})`,
      ),
    );
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: LIMITS.aliases });
  } catch (err) {
    // On a document that parsed, toJS fails only when aliases expand too far.
    if (!/alias/i.test((err as Error).message)) throw err;
    const alias = aliases(doc);
    throw new ScenarioError([
      `${at(alias.first?.offset)}: ${fieldName(alias.first?.path ?? [])}: aliases expand too far; at most ${LIMITS.aliases} expansions are allowed (README, "Limits") (got ${alias.count} aliases)`,
    ]);
  }
  if (value === null || value === undefined) throw new ScenarioError([`${at(0)}: the file is empty`]);
  if (typeof value !== 'object' || Array.isArray(value))
    throw new ScenarioError([
      `${at(doc.contents?.range?.[0])}: a scenario must be a mapping of keys (title, summary, data, …) (got ${describeValue(value)})`,
    ]);
  const parsed = scenarioSchema.safeParse(value, { reportInput: true, error: phrase });
  if (parsed.success) return parsed.data;

  const problems: Problem[] = [];
  for (const issue of flatten(parsed.error.issues, [])) problems.push(...locate(doc, issue, at));
  // Zod refines only a value whose every field is valid; check the relations on the raw file as
  // well, so lengths and sizes are reported in the same pass as the fields' own problems.
  for (const issue of crossFieldIssues(value))
    problems.push(...locate(doc, { code: 'custom', ...issue } as Issue, at));

  const seen = new Set<string>();
  const unique = problems
    .filter((p) => !seen.has(p.text) && seen.add(p.text))
    .sort((a, b) => a.offset - b.offset)
    .map((p) => p.text);
  if (unique.length > LIMITS.problems) {
    const rest = unique.length - LIMITS.problems;
    unique.length = LIMITS.problems;
    unique.push(`${at(0)}: …and ${rest} more problems (only the first ${LIMITS.problems} are listed)`);
  }
  throw new ScenarioError(unique);
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
        (branch) =>
          !branch.some(
            (e) => e.path.length === 0 && (e.code === 'invalid_type' || e.code === 'invalid_value' || e.code === 'invalid_union'),
          ),
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
  return sanitize(name);
}

/** The file's own text for a value, short and on one line. */
function got(value: unknown): string {
  return `(got ${describeValue(value)})`;
}

function locate(doc: Document, issue: Issue, at: (offset: number | undefined) => string): Problem[] {
  const path = issue.path as Path;
  if (issue.code === 'unrecognized_keys') {
    // One line per key, each at the key itself.
    const parent = doc.getIn(path, true) as YamlNode | undefined;
    return issue.keys.map((key) => {
      let offset = parent?.range?.[0];
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
        if (pair && isScalar(pair.key)) offset = pair.key.range?.[0];
      }
      return { offset: offset ?? 0, text: `${at(offset)}: ${fieldName([...path, key])}: ${issue.message} ${got(key)}` };
    });
  }
  // A missing field has no node of its own: point at the mapping that should hold it.
  let node = doc.getIn(path, true) as YamlNode | undefined;
  let probe = path;
  while (!node && probe.length > 0) {
    probe = probe.slice(0, -1);
    node = (probe.length ? doc.getIn(probe, true) : doc.contents) as YamlNode | undefined;
  }
  const offset = node?.range?.[0];
  let value: unknown;
  if (issue.code === 'invalid_union' && Array.isArray((issue as { options?: unknown[] }).options)) {
    // A discriminator that matched no option: show the discriminator, not the whole mapping.
    value = doc.getIn(path);
  } else {
    const input = (issue as { input?: unknown }).input;
    value = input !== undefined ? input : issue.code === 'invalid_type' ? undefined : doc.getIn(path);
  }
  return [{ offset: offset ?? 0, text: `${at(offset)}: ${fieldName(path)}: ${issue.message} ${got(value)}` }];
}

/** The path of keys leading to the mapping key that starts at `offset`. */
function pathOfKeyAt(doc: Document, offset: number): Path {
  let found: Path = [];
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        found = [...pathOf(ancestors), pair.key.value as PropertyKey];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Mapping keys that are lists or mappings (`? [a, b]: 1`): no scenario field is named like that. */
function collectionKeys(doc: Document): Array<{ offset: number | undefined; path: Path; key: unknown }> {
  const found: Array<{ offset: number | undefined; path: Path; key: unknown }> = [];
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (pair.key !== null && !isScalar(pair.key) && !isAlias(pair.key)) {
        const key = pair.key as YamlNode;
        found.push({ offset: key.range?.[0], path: pathOf(ancestors), key: key.toJSON() });
      }
    },
  });
  return found;
}

/** How many aliases there are and where the first is, to point at when they expand too far. */
function aliases(doc: Document): { count: number; first: { offset: number | undefined; path: Path } | undefined } {
  let count = 0;
  let first: { offset: number | undefined; path: Path } | undefined;
  visit(doc, {
    Alias(_, node, ancestors) {
      count++;
      first ??= { offset: node.range?.[0], path: pathOf([...ancestors, node]) };
    },
  });
  return { count, first };
}

/** Field path of a node from its visitor ancestors: keys of pairs, indexes in sequences. */
function pathOf(ancestors: readonly unknown[]): Path {
  const path: Path = [];
  ancestors.forEach((a, i) => {
    if (isPair(a) && isScalar(a.key)) path.push(a.key.value as PropertyKey);
    else if (isSeq(a)) {
      const child = ancestors[i + 1];
      const k = a.items.indexOf(child as never);
      if (k >= 0) path.push(k);
    }
  });
  return path;
}
