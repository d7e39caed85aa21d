import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import xterm from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { AsciicastWriter } from '../../src/output/asciicast.js';
import { CsvWriter, csvHeader, toCsv } from '../../src/output/csv.js';
import { parseScenario } from '../../src/scenario/load.js';
import { Pair } from '../../src/session/pair.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'normdrift-out-'));

describe('CSV', () => {
  const s = parseScenario(
    'title: t\nsummary: s\ndata: {n: 8, dims: 2}\nmodel: {affine: true, normalize: standardize}\ntraining: {runningMomentum: 0.1}\n',
    'x.yaml',
  );
  const shape = { dims: 2, affine: true, running: true };

  it('has the tidy header: one column per quantity, vectors split per component', () => {
    expect(csvHeader(shape).join(',')).toBe(
      'step,model,loss,b,w1,w2,meanX,varX,xhatProbe,gradB,gradW1,gradW2,gamma,beta,gradGamma,gradBeta,runningMean,runningVar,evalLoss,diverged',
    );
    expect(csvHeader({ dims: 1, affine: false, running: false }).join(',')).toBe(
      'step,model,loss,b,w,meanX,varX,xhatProbe,gradB,gradW,diverged',
    );
  });

  it('writes one row per model per step, values at full precision, parsable back', () => {
    const pair = new Pair(s);
    const rows = [];
    for (let t = 0; t < 3; t++) {
      const st = pair.states();
      rows.push(st.naive, st.backprop);
      pair.advance(1);
    }
    const text = toCsv(rows, shape);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    const header = lines[0].split(',');
    const first = Object.fromEntries(lines[1].split(',').map((v, i) => [header[i], v]));
    expect(first.step).toBe('0');
    expect(first.model).toBe('naive');
    expect(Number(first.loss)).toBe(rows[0].loss);
    expect(Number(first.w2)).toBe(rows[0].w[1]);
    expect(lines[2].split(',')[1]).toBe('backprop');
  });

  it('streams to a file and leaves empty cells for non-finite values', () => {
    const path = join(tmp(), 'series.csv');
    const pair = new Pair(s);
    const w = new CsvWriter(path, shape);
    const st = pair.states().naive;
    w.write({ ...st, loss: NaN });
    w.close();
    const [, row] = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(row.split(',')[2]).toBe('');
    expect(row).not.toMatch(/NaN|Infinity/);
  });
});

describe('asciicast v2', () => {
  it('writes a header and one event per line as it happens, valid even if never closed', async () => {
    const path = join(tmp(), 'demo.cast');
    let clock = 0n;
    const cast = new AsciicastWriter(path, { width: 40, height: 5, title: 'test' }, () => clock);
    clock = 500_000_000n;
    cast.output('\u001b[?1049hhello');
    clock = 1_250_000_000n;
    cast.resize(50, 6);
    cast.output('\r\nworld ✓');
    // not closed: as after SIGKILL
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(header).toMatchObject({ version: 2, width: 40, height: 5, title: 'test' });
    expect(typeof header.timestamp).toBe('number');
    const events = lines.slice(1).map((l) => JSON.parse(l) as [number, string, string]);
    expect(events).toEqual([
      [0.5, 'o', '\u001b[?1049hhello'],
      [1.25, 'r', '50x6'],
      [1.25, 'o', '\r\nworld ✓'],
    ]);
    // Replays to a screen
    const term = new xterm.Terminal({ cols: 40, rows: 5, allowProposedApi: true });
    for (const [, kind, data] of events) if (kind === 'o') await new Promise<void>((r) => term.write(data, r));
    const screen = Array.from({ length: 5 }, (_, i) => term.buffer.active.getLine(i)?.translateToString(true) ?? '');
    expect(screen.slice(0, 2)).toEqual(['hello', 'world ✓']);
    cast.close();
  });
});
