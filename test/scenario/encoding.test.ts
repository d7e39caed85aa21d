import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/scenario/errors.js';
import { loadScenarioFile, parseScenario } from '../../src/scenario/load.js';
import { firstNonUtf8 } from '../../src/scenario/read.js';

// Issue 17, "files that should be refused clearly": each with ONE line,
// `path:line:col: [field:] what is wrong (got X)`, pointing at the culprit even when it is invisible.

const dir = mkdtempSync(join(tmpdir(), 'normdrift-enc-'));
const HEAD = 'title: t\nsummary: s\n';

function problemsOfBytes(bytes: Buffer | string, name = 'f.yaml'): string[] {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  try {
    loadScenarioFile(path);
  } catch (err) {
    if (err instanceof ScenarioError) return err.problems.map((p) => p.replace(path, name));
    throw err;
  }
  return [];
}

function problems(text: string): string[] {
  try {
    parseScenario(text, 'f.yaml');
  } catch (err) {
    if (err instanceof ScenarioError) return err.problems;
    throw err;
  }
  return [];
}

describe('bytes that are not UTF-8', () => {
  it('Latin-1 is refused with the byte, its offset and line:col — no replacement characters', () => {
    const bytes = Buffer.concat([Buffer.from('title: t\nsummary: caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    expect(problemsOfBytes(bytes)).toEqual([
      'f.yaml:2:13: not UTF-8: byte 0xE9 at byte offset 21 is not UTF-8 text (Latin-1 or another legacy encoding?); save the file as UTF-8 (got 0xE9)',
    ]);
  });

  it('UTF-16 is named as such', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEAD, 'utf16le')]);
    expect(problemsOfBytes(bytes)).toEqual(['f.yaml:1:1: not UTF-8: the file is UTF-16 (it starts with 0xFF 0xFE); save it as UTF-8 (got 0xFF 0xFE)']);
  });

  it('the validator agrees with the WHATWG decoder on every kind of malformed sequence', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const cases = [
      [0x41],
      [0xc3, 0xa9],
      [0xc0, 0x80], // overlong NUL
      [0xe0, 0x80, 0x80], // overlong
      [0xed, 0xa0, 0x80], // a surrogate
      [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
      [0xf0, 0x9f, 0x98, 0x80], // 😀
      [0xe2, 0x82], // truncated
      [0x80],
      [0xff],
    ];
    for (const c of cases) {
      const bytes = new Uint8Array(c);
      let valid = true;
      try {
        decoder.decode(bytes);
      } catch {
        valid = false;
      }
      expect(firstNonUtf8(bytes) === -1, JSON.stringify(c)).toBe(valid);
    }
  });
});

describe('invisible culprits', () => {
  it('a raw NUL, ESC or DEL: one line at its place', () => {
    expect(problems(`${HEAD}seed: 4\u00002\n`)).toEqual([
      'f.yaml:3:8: a raw control character U+0000 is not allowed in a YAML file; remove it, or write it as an escape inside double quotes, e.g. "\\x00" (got U+0000)',
    ]);
    expect(problems(`title: a\u001b[2Jb\nsummary: s\n`)[0]).toMatch(/^f\.yaml:1:9: a raw control character U\+001B /);
    expect(problemsOfBytes(Buffer.from(`${HEAD}x\u007f: 1\n`))[0]).toMatch(/^f\.yaml:3:2: a raw control character U\+007F /);
    // Escaped in double quotes, as YAML intends, they are text (shown as placeholders later).
    expect(problems(`title: "a\\x00\\e"\nsummary: s\n`)).toEqual([]);
  });

  it('classic Mac line ends (CR alone): one line that says so, not a screenful', () => {
    const text = 'title: t\rsummary: s\rseed: 3\rdata:\r  n: 4\r';
    expect(problemsOfBytes(text)).toEqual([
      'f.yaml:1:9: line ends: a line ends with CR alone (classic Mac OS line ends); save the file with LF (Unix) or CRLF (Windows) line ends (got "\\r")',
    ]);
    // CRLF is fine.
    expect(problems('title: t\r\nsummary: s\r\n')).toEqual([]);
  });

  it('a doubled BOM is named; a single one is fine; one in the middle is named too', () => {
    expect(problemsOfBytes(Buffer.from(`\ufeff\ufeff${HEAD}`))).toEqual([
      'f.yaml:1:2: the file starts with two byte order marks (U+FEFF, invisible): remove the second (got U+FEFF U+FEFF)',
    ]);
    expect(problemsOfBytes(Buffer.from(`\ufeff${HEAD}`))).toEqual([]);
    expect(problems(`${HEAD}\ufeffseed: 1\n`)).toEqual([
      'f.yaml:3:1: a byte order mark (U+FEFF, invisible) is only allowed as the very first character; remove it (got U+FEFF)',
    ]);
  });
});

describe('YAML features a scenario does not use', () => {
  it('unknown tags are refused, not dropped; the core schema’s own tags still work', () => {
    expect(problems(`title: !foo bar\nsummary: s\n`)).toEqual([
      'f.yaml:1:8: title: unknown YAML tag !foo; scenario values are plain numbers, text, true/false, lists and mappings (got "!foo")',
    ]);
    expect(problems(`${HEAD}seed: !!binary aGk=\ndata: !!set {a}\n`)).toEqual([
      'f.yaml:3:7: seed: unknown YAML tag !!binary; scenario values are plain numbers, text, true/false, lists and mappings (got "!!binary")',
      'f.yaml:4:7: data: unknown YAML tag !!set; scenario values are plain numbers, text, true/false, lists and mappings (got "!!set")',
    ]);
    expect(problems(`${HEAD}training: {steps: !!timestamp 2001-12-14}\n`)[0]).toMatch(/^f\.yaml:3:19: training\.steps: unknown YAML tag !!timestamp;/);
    expect(problems(`title: !!str 12\nsummary: s\nseed: !!int 3\n`)).toEqual([]);
  });

  it('the parser’s other warnings are refused, not ignored', () => {
    expect(problems(`%FOO bar\n---\n${HEAD}`)).toEqual(['f.yaml:1:1: not valid YAML: Unknown directive %FOO']);
    expect(problems(`${HEAD}seed: &n 3\ndata: {n: *n:}\n`)[0]).toMatch(/^f\.yaml:4:\d+: not valid YAML: Alias ending in : is ambiguous/);
  });

  it('an undefined alias is named as such, at its place', () => {
    expect(problems(`${HEAD}seed: *x\n`)).toEqual([
      'f.yaml:3:7: seed: undefined alias *x; an alias must come after its anchor &x (got *x)',
    ]);
    // Used before its anchor counts as undefined too.
    expect(problems(`${HEAD}seed: *n\ntraining: {steps: &n 3}\n`)[0]).toMatch(/^f\.yaml:3:7: seed: undefined alias \*n;/);
  });

  it('an alias used as a key is reported where it is, not at 1:1', () => {
    expect(problems(`${HEAD}data:\n  n: &k 4\n  *k : 3\n`)).toEqual(['f.yaml:5:3: data: a key must be a plain name, not an alias (got *k)']);
  });
});
