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
import { templateProblem } from '../session/captions.js';
import { crossFieldIssues, type CrossFieldIssue } from './cross-field.js';
import { describeValue, ScenarioError } from './errors.js';
import { sanitize } from '../text/sanitize.js';
import { phrase } from './messages.js';
import { decodeScenario, readScenarioBytes, readScenarioBytesAsync, textProblem } from './read.js';
import { LIMITS, scenarioSchema, type Scenario } from './schema.js';

type Issue = z.core.$ZodIssue;
type Path = PropertyKey[];

/** One problem, placed in the file: `offset` orders the list, `text` is what a person reads. */
interface Problem {
  offset: number;
  text: string;
}

/**
 * Reads, parses and validates a scenario file; throws ScenarioError listing every problem.
 * `onWait` is told when a named pipe has kept it waiting for a writer for a second.
 */
export function loadScenarioFile(path: string, onWait?: (shown: string) => void): Scenario {
  return parseScenario(decodeScenario(readScenarioBytes(path, onWait), path), path);
}

/**
 * As loadScenarioFile, without blocking the program while a named pipe waits for its writer:
 * `onWait` is told after a second, so the wait is never silent.
 */
export async function loadScenarioFileAsync(path: string, onWait?: (shown: string) => void): Promise<Scenario> {
  return parseScenario(decodeScenario(await readScenarioBytesAsync(path, onWait), path), path);
}

/** Parses scenario text; `source` names it in error messages. */
export function parseScenario(text: string, source: string): Scenario {
  const name = sanitize(source);
  // Invisible culprits first (a raw NUL, a doubled BOM, CR-only line ends): one line that names
  // them, instead of the parser's errors about what they did to the text around them.
  const invisible = textProblem(text, source);
  if (invisible !== null) throw new ScenarioError([invisible]);
  const lineCounter = new LineCounter();
  // logLevel 'error': no process warnings from yaml; keys that are lists or mappings, which it
  // would warn about, are reported below as problems of the file. resolveKnownTags false: only
  // the core schema's tags (!!str, !!int, …) mean anything; !!binary, !!set, !!timestamp and
  // custom tags are reported, not turned into Buffers, Sets and Dates or silently dropped.
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
    logLevel: 'error',
    resolveKnownTags: false,
  });
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
  // The parser's other warnings (an unknown %directive, an ambiguous `*a:`) are problems too:
  // a file is read as written or refused, never read with a part of it ignored.
  const warned = doc.warnings.filter((w) => w.code !== 'TAG_RESOLVE_FAILED');
  if (warned.length > 0)
    throw new ScenarioError(warned.map((w) => `${at(w.pos[0])}: not valid YAML: ${sanitize(firstLine(w.message))}`));
  const tags = unknownTags(doc);
  if (tags.length > 0)
    throw new ScenarioError(
      tags.map(
        (t) =>
          `${at(t.offset)}: ${fieldName(t.path)}: unknown YAML tag ${sanitize(t.tag)}; scenario values are plain numbers, text, true/false, lists and mappings (got ${describeValue(t.tag)})`,
      ),
    );
  const undefinedAliases = danglingAliases(doc);
  if (undefinedAliases.length > 0)
    throw new ScenarioError(
      undefinedAliases.map(
        (a) => `${at(a.offset)}: ${fieldName(a.path)}: undefined alias *${sanitize(a.source)}; an alias must come after its anchor &${sanitize(a.source)} (got *${sanitize(a.source)})`,
      ),
    );
  const oddKeys = collectionKeys(doc);
  if (oddKeys.length > 0)
    throw new ScenarioError(
      oddKeys.map(
        (k) =>
          k.alias
            ? `${at(k.offset)}: ${fieldName(k.path)}: a key must be a plain name, not an alias (got ${sanitize(String(k.key))})`
            : `${at(k.offset)}: ${fieldName(k.path)}: a key must be a plain name, not a list or mapping (got ${describeValue(k.key)})`,
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
  const placeholders = captionIssues(value);
  if (parsed.success && placeholders.length === 0) return parsed.data;

  const problems: Problem[] = [];
  // A caption's {expression} that would not evaluate: found now, at its line, not mid-run.
  for (const issue of placeholders) problems.push(...locate(doc, { code: 'custom', ...issue } as Issue, at));
  if (parsed.success) throw new ScenarioError(problems.sort((a, b) => a.offset - b.offset).map((p) => p.text));
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

/** Captions whose {placeholders} do not evaluate (session/captions.ts, templateProblem). */
function captionIssues(raw: unknown): CrossFieldIssue[] {
  const captions = (raw as { captions?: unknown }).captions;
  if (!Array.isArray(captions)) return [];
  const issues: CrossFieldIssue[] = [];
  captions.forEach((c: unknown, i) => {
    const text = (c as { text?: unknown } | null)?.text;
    if (typeof text !== 'string') return;
    const problem = templateProblem(text);
    if (problem !== null) issues.push({ path: ['captions', i, 'text'], message: `bad placeholder ${problem}`, input: text });
  });
  return issues;
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

/**
 * Mapping keys that are lists or mappings (`? [a, b]: 1`) or aliases (`*k : 1`): no scenario field
 * is named like that.
 */
function collectionKeys(doc: Document): Array<{ offset: number | undefined; path: Path; key: unknown; alias?: boolean }> {
  const found: Array<{ offset: number | undefined; path: Path; key: unknown; alias?: boolean }> = [];
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (isAlias(pair.key)) {
        // Reported where it is: the key a person sees is *name, not what it points to.
        found.push({ offset: pair.key.range?.[0], path: pathOf(ancestors), key: `*${pair.key.source}`, alias: true });
      } else if (pair.key !== null && !isScalar(pair.key)) {
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

/** How a tag was written: the core schema's long names back in their `!!` form. */
function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

/** Tags the parser could not resolve (it warns, then takes the value as plain text): each is a problem. */
function unknownTags(doc: Document): Array<{ offset: number; path: Path; tag: string }> {
  const found: Array<{ offset: number; path: Path; tag: string }> = [];
  const failed = doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (failed.length === 0) return found;
  const tagged: Array<{ start: number; path: Path; tag: string }> = [];
  visit(doc, {
    Node(_, node, ancestors) {
      const tag = (node as { tag?: string }).tag;
      if (tag && node.range) tagged.push({ start: node.range[0], path: pathOf([...ancestors, node]), tag });
    },
  });
  for (const w of failed) {
    // The node a tag belongs to is the first tagged node after it.
    const node = tagged.filter((n) => n.start >= w.pos[1]).sort((a, b) => a.start - b.start)[0];
    found.push({ offset: w.pos[0], path: node?.path ?? [], tag: node ? shortTag(node.tag) : firstLine(w.message) });
  }
  return found;
}

/** Aliases with no anchor before them (`*x` alone): named as such, not as an expansion limit. */
function danglingAliases(doc: Document): Array<{ offset: number | undefined; path: Path; source: string }> {
  const found: Array<{ offset: number | undefined; path: Path; source: string }> = [];
  visit(doc, {
    Alias(_, node, ancestors) {
      let target: unknown;
      try {
        target = node.resolve(doc);
      } catch {
        target = undefined;
      }
      if (target === undefined) found.push({ offset: node.range?.[0], path: pathOf([...ancestors, node]), source: node.source });
    },
  });
  return found;
}
