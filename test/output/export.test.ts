import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvExporter, exportBaseName, fileSafe, writeNewFile } from '../../src/output/export.js';
import { csvHeader, csvShape } from '../../src/output/csv.js';
import { Pair } from '../../src/session/pair.js';
import { builtin } from '../scenarios/helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'normdrift-export-'));

describe('export file names', () => {
  it('are normdrift-<scenario>-<seed>-<step>, the scenario name made safe for any file system', () => {
    expect(exportBaseName({ name: 'paper-bias', seed: 42, step: 240 })).toBe('normdrift-paper-bias-42-240');
    expect(fileSafe('my scenario (v2)')).toBe('my-scenario-v2');
    expect(fileSafe('../../etc/passwd')).toBe('etc-passwd');
    expect(fileSafe('...')).toBe('scenario');
    expect(fileSafe('x̂ drift')).toBe('x-drift');
  });
});

describe('writeNewFile', () => {
  it('never replaces an existing file: it appends -1, -2, …', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.csv'), 'mine');
    expect(writeNewFile(dir, 'a', '.csv', 'one')).toBe(join(dir, 'a-1.csv'));
    expect(writeNewFile(dir, 'a', '.csv', 'two')).toBe(join(dir, 'a-2.csv'));
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('mine');
    expect(readFileSync(join(dir, 'a-2.csv'), 'utf8')).toBe('two');
  });

  it('says why in words when the directory cannot take it', () => {
    const dir = join(tmp(), 'gone');
    expect(() => writeNewFile(dir, 'a', '.csv', 'x')).toThrow(/^no such directory \(writing \.\/a\.csv\)$/);
    const file = join(tmp(), 'plain');
    writeFileSync(file, '');
    expect(() => writeNewFile(file, 'a', '.csv', 'x')).toThrow(/^no such directory/);
  });
});

describe('csvExporter (the live view’s e)', () => {
  it('writes the rows as tidy CSV in the directory and returns the path as ./name', () => {
    const dir = tmp();
    const scenario = builtin('paper-bias');
    const pair = new Pair(scenario);
    const s0 = pair.states();
    pair.advance(3);
    const s3 = pair.states();
    const shownPath = csvExporter(dir)({ rows: [s0.naive, s0.backprop, s3.naive, s3.backprop], scenario, name: 'paper-bias', seed: 42, step: 3 });
    expect(shownPath).toBe('./normdrift-paper-bias-42-3.csv');
    expect(readdirSync(dir)).toEqual(['normdrift-paper-bias-42-3.csv']);
    const lines = readFileSync(join(dir, 'normdrift-paper-bias-42-3.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(csvHeader(csvShape(scenario)).join(','));
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['0,naive', '0,backprop', '3,naive', '3,backprop']);
    expect(Number(lines[3].split(',')[3])).toBe(s3.naive.b);
    // Pressing e again at the same step keeps the first file.
    expect(csvExporter(dir)({ rows: [], scenario, name: 'paper-bias', seed: 42, step: 3 })).toBe('./normdrift-paper-bias-42-3-1.csv');
  });
});
