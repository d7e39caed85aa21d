/**
 * Issue 14's budget: tall charts must not cost the SSH user. The built CLI with default settings
 * in a real pseudo-terminal (node-pty, drawn into a headless xterm), at 120×40 (the default bench
 * size, charts in the rows the summary had) and at 200×55 (the screen filled with charts), RUNS
 * sessions each, alternating sizes so that a busy machine weighs on both alike; each session is
 * measured for WINDOW_S seconds after WARMUP_S. Figures are medians, and the targets ratios of the
 * two sizes measured in the same run:
 *
 * - terminal traffic (bytes the pty delivered per second) at 200×55 within 2× of 120×40's;
 * - CPU (user + system of the process, from /proc, over wall time) within 1.5×.
 */
import { afterAll, bench, describe } from 'vitest';
import { printTable, record } from './figures.js';
import { median } from './measure.js';
import { PtyProbe } from './live/pty-probe.js';
import { steadyWindow } from './live/stats.js';

const SIZES = [
  { cols: 120, rows: 40 },
  { cols: 200, rows: 55 },
] as const;
const RUNS = 3;
const WARMUP_S = 2;
const WINDOW_S = 10;
const BYTES_TARGET = 2;
const CPU_TARGET = 1.5;

interface Run {
  bytesPerSecond: number;
  cpu: number;
}
const runs = new Map<string, Run[]>(SIZES.map((s) => [`${s.cols}×${s.rows}`, []]));

afterAll(() => {
  const small = runs.get('120×40')!;
  const big = runs.get('200×55')!;
  if (small.length === 0 || big.length === 0) {
    record({ name: 'live, 200×55 ÷ 120×40: terminal traffic', measured: 'not measured: its benchmark failed', target: `≤ ${BYTES_TARGET}×`, holds: false });
    record({ name: 'live, 200×55 ÷ 120×40: CPU', measured: 'not measured: its benchmark failed', target: `≤ ${CPU_TARGET}×`, holds: false });
  } else {
    const kb = (b: number) => `${(b / 1024).toFixed(2)} KB/s`;
    const pct = (c: number) => `${(c * 100).toFixed(1)}%`;
    const bytes = [median(small.map((r) => r.bytesPerSecond)), median(big.map((r) => r.bytesPerSecond))];
    const cpu = [median(small.map((r) => r.cpu)), median(big.map((r) => r.cpu))];
    record({
      name: 'live, 200×55 ÷ 120×40: terminal traffic',
      measured: `${(bytes[1] / bytes[0]).toFixed(2)}× (${kb(bytes[1])} ÷ ${kb(bytes[0])}; runs ${big.map((r) => kb(r.bytesPerSecond)).join(', ')} ÷ ${small.map((r) => kb(r.bytesPerSecond)).join(', ')})`,
      target: `≤ ${BYTES_TARGET}×`,
      holds: bytes[1] <= BYTES_TARGET * bytes[0],
    });
    record({
      name: 'live, 200×55 ÷ 120×40: CPU',
      measured: `${(cpu[1] / cpu[0]).toFixed(2)}× (${pct(cpu[1])} ÷ ${pct(cpu[0])} of a core; runs ${big.map((r) => pct(r.cpu)).join(', ')} ÷ ${small.map((r) => pct(r.cpu)).join(', ')})`,
      target: `≤ ${CPU_TARGET}×`,
      holds: cpu[1] <= CPU_TARGET * cpu[0],
    });
  }
  printTable();
});

async function session(cols: number, rows: number): Promise<Run> {
  const p = new PtyProbe({ argv: ['dist/cli.js'], cols, rows });
  try {
    const w = await steadyWindow(p, rows, WARMUP_S, WINDOW_S);
    p.write('q');
    await p.exited;
    return { bytesPerSecond: w.bytesPerSecond, cpu: w.cpu };
  } finally {
    p.dispose();
  }
}

describe(`live, default settings: 120×40 and 200×55 in a pty, ${WINDOW_S} s each, alternating`, () => {
  bench(
    'one session at each size',
    async () => {
      for (const s of SIZES) runs.get(`${s.cols}×${s.rows}`)!.push(await session(s.cols, s.rows));
    },
    { iterations: RUNS, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
