import { openOutputFile } from '../output/files.js';

/**
 * Diagnostics hook: with NORMDRIFT_STATS=FILE in the environment, the live view appends one JSON
 * line per frame Ink renders, for `npm run bench` (test/bench/live-*.bench.ts) to read:
 *
 *   {"t":1234.5,"step":240,"render":1.92,"bytes":51234,"ink":402113}
 *
 * t: milliseconds since the process started; step: the session's step; render: Ink's own
 * per-frame render time (its onRender's renderTime: building the output string, not writing
 * it); bytes: everything written to the terminal so far; ink: everything Ink's standard
 * renderer handed over so far (what Ink alone would have written: see TerminalScreen.inkBytes).
 * The totals are read as Ink finishes the frame (for a frame its throttle holds back, they
 * include it only from the next line on), so differences over a run of frames are exact.
 *
 * It costs one small synchronous write per frame, and nothing at all without the variable.
 */
export interface FrameStats {
  onRender(o: { renderTime: number }): void;
  close(): void;
}

export function frameStats(
  path: string | undefined,
  read: () => { step: number; bytes: number; ink: number },
): FrameStats | undefined {
  if (!path) return undefined;
  // Whole lines or nothing (a full disk stops the figures, never the view): see OutputFile.
  const file = openOutputFile('NORMDRIFT_STATS', path);
  let open = true;
  return {
    onRender({ renderTime }) {
      const t = performance.now();
      // Ink writes the frame right after calling onRender, in the same synchronous run.
      queueMicrotask(() => {
        if (!open) return;
        const r = read();
        file.write(JSON.stringify({ t: +t.toFixed(1), step: r.step, render: +renderTime.toFixed(3), bytes: r.bytes, ink: r.ink }) + '\n');
      });
    },
    close() {
      if (!open) return;
      open = false;
      file.close();
    },
  };
}
