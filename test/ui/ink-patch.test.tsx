/**
 * The patches to Ink in patches/ink+6.8.0.patch, each checked through Ink itself: these fail on
 * an unpatched Ink 6.8.
 */
import xterm from '@xterm/headless';
import { Box, render, renderToString, Text } from 'ink';
import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Ink's own modules, past its package exports (they are what the patch changes). */
const inkModule = (file: string) => import(new URL(`../../node_modules/ink/build/${file}`, import.meta.url).href);

/** A terminal Ink can write to: everything written goes into a headless xterm. */
class XtermStdout extends EventEmitter {
  readonly isTTY = true;
  // convertEol: a pty's output processing (onlcr) turns Ink's \n into \r\n.
  readonly term: xterm.Terminal;
  private pending = Promise.resolve();
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
    this.term = new xterm.Terminal({ cols: columns, rows, allowProposedApi: true, convertEol: true });
  }
  write(data: string): boolean {
    this.pending = this.pending.then(() => new Promise<void>((r) => this.term.write(data, r)));
    return true;
  }
  async screen(): Promise<string[]> {
    await this.pending;
    const b = this.term.buffer.active;
    return Array.from({ length: this.rows }, (_, i) => b.getLine(b.viewportY + i)?.translateToString(true) ?? '');
  }
}

const settle = () => new Promise((r) => setTimeout(r, 4));

describe('Ink patch: incremental rendering (vadimdemedes/ink#910)', () => {
  it('redraws each frame in place: after many frames the screen holds one frame, at the top', async () => {
    const FRAMES = 12;
    const fixture = fileURLToPath(new URL('./fixtures/ink-frames.mjs', import.meta.url));
    const env = { ...process.env };
    delete env.CI;
    delete env.CONTINUOUS_INTEGRATION;
    const written = JSON.parse(execFileSync(process.execPath, [fixture, String(FRAMES)], { env, encoding: 'utf8' })) as string;
    const stdout = new XtermStdout(40, 20);
    stdout.write(written);
    const screen = await stdout.screen();
    // Unpatched, each frame climbs one line too few and lands a line lower: after 12 frames the
    // frame starts rows below the top, over what the earlier frames left there.
    expect(screen.filter((l) => l === 'header')).toHaveLength(1);
    expect(screen.slice(0, 4)).toEqual(['header', `frame ${FRAMES}`, 'even', 'footer']);
  });
});

describe('Ink patch: bounded text-measurement caches (vadimdemedes/ink#986)', () => {
  it('measure-text and wrap-text keep at most MAX_CACHED texts however many distinct ones are drawn', async () => {
    const measure = await inkModule('measure-text.js');
    const wrap = await inkModule('wrap-text.js');
    expect(measure.MAX_CACHED).toBeGreaterThan(0);
    for (let i = 0; i < 2500; i++)
      renderToString(
        <Box flexDirection="column" width={12}>
          <Text>step {i}</Text>
          {/* Longer than its box: wrapped, through wrap-text's cache. */}
          <Text wrap="truncate">a long line that is cut {i}</Text>
        </Box>,
        { columns: 40 },
      );
    expect(measure.cacheSize()).toBeGreaterThan(100);
    expect(measure.cacheSize()).toBeLessThanOrEqual(measure.MAX_CACHED);
    expect(wrap.cacheSize()).toBeGreaterThan(100);
    expect(wrap.cacheSize()).toBeLessThanOrEqual(wrap.MAX_CACHED);
  });
});

describe('Ink patch: the render pass reads text widths from the measurement cache', () => {
  it('does not segment a text again that layout has measured already', async () => {
    // string-width segments non-ASCII text into graphemes with Intl.Segmenter: count the calls.
    const proto = Intl.Segmenter.prototype;
    const segment = proto.segment;
    let calls = 0;
    proto.segment = function (this: Intl.Segmenter, input: string) {
      if (input.includes('жжж')) calls++;
      return segment.call(this, input);
    };
    try {
      const stdout = new XtermStdout(40, 10);
      const View = ({ n }: { n: number }) => (
        <Box flexDirection="column">
          <Text>жжж БББ</Text>
          <Text>count {n}</Text>
        </Box>
      );
      let frames = 0;
      const inst = render(<View n={0} />, {
        stdout: stdout as unknown as NodeJS.WriteStream,
        patchConsole: false,
        exitOnCtrlC: false,
        maxFps: 1000,
        onRender: () => void frames++,
      });
      await settle();
      calls = 0;
      frames = 0;
      // The Cyrillic text (outside string-width's fast path for narrow text, so each measure
      // segments it) does not change: layout does not measure it again, and the render pass
      // reads its width from the cache. The output step measures its characters from caches kept
      // across frames (the output.js hunk); unpatched, it measures them once a frame and
      // widest-line segments the text a second time.
      for (let n = 1; n <= 5; n++) {
        inst.rerender(<View n={n} />);
        await settle();
      }
      inst.unmount();
      expect(frames).toBeGreaterThanOrEqual(5);
      expect(calls).toBe(0);
    } finally {
      proto.segment = segment;
    }
  });
});

describe('Ink patch: the output step keeps its caches across frames (extends vadimdemedes/ink#835)', () => {
  it('a line drawn again in the next frame is not tokenized again; the caches stay bounded; the text is unchanged', async () => {
    const { default: Output, cachedLines, MAX_CACHED_LINES: MAX_CACHED } = await inkModule('output.js');
    const frame = (lines: string[]) => {
      const out = new Output({ width: 20, height: lines.length });
      lines.forEach((line, y) => out.write(0, y, line, { transformers: [] }));
      return out.get().output as string;
    };
    const lines = ['\x1b[33mb  1.250\x1b[39m end', '中文 wide', 'plain'];
    const first = frame(lines);
    const size = cachedLines();
    // A new Output, as Ink makes for every frame: the same lines come from the cache.
    expect(frame(lines)).toBe(first);
    expect(cachedLines()).toBe(size);
    expect(first.split('\n')).toEqual(['\x1b[33mb  1.250\x1b[39m end', '中文 wide', 'plain']);
    // One row changes: only it is new, and the others are still right.
    expect(frame([lines[0], '中文 wider', lines[2]]).split('\n')).toEqual(['\x1b[33mb  1.250\x1b[39m end', '中文 wider', 'plain']);
    for (let i = 0; i < 2 * MAX_CACHED; i++) frame([`step ${i}`]);
    expect(cachedLines()).toBeLessThanOrEqual(MAX_CACHED);
  });
});

describe('Ink patch: a row written alike in the next frame is kept, not built again', () => {
  it('builds only the rows whose writes changed, and their text is what Ink made of them', async () => {
    const { default: Output, builtRows } = await inkModule('output.js');
    const frame = (writes: [number, number, string][]) => {
      const out = new Output({ width: 24, height: 3 });
      for (const [x, y, text] of writes) out.write(x, y, text, { transformers: [] });
      return out.get().output as string;
    };
    const panels = (n: string): [number, number, string][] => [
      [0, 0, '\x1b[33mnaive\x1b[39m 1.250'],
      [12, 0, `\x1b[36mbackprop\x1b[39m ${n}`],
      [0, 1, '中文 wide'],
      // Written over: the later write wins where they overlap.
      [0, 2, 'xxxxxxxx'],
      [2, 2, '\x1b[2mab\x1b[22m'],
    ];
    const first = frame(panels('0'));
    expect(first.split('\n')).toEqual(['\x1b[33mnaive\x1b[39m 1.250 \x1b[36mbackprop\x1b[39m 0', '中文 wide', 'xx\x1b[2mab\x1b[22mxxxx']);
    const built = builtRows();
    // The same writes in a new Output (Ink makes one a frame): no row is built again.
    expect(frame(panels('0'))).toBe(first);
    expect(builtRows()).toBe(built);
    // One panel's number changes: that row only.
    expect(frame(panels('7')).split('\n')[0]).toBe('\x1b[33mnaive\x1b[39m 1.250 \x1b[36mbackprop\x1b[39m 7');
    expect(builtRows()).toBe(built + 1);
  });

  it('writes the same text for a row as styledCharsToString cell by cell (runs of one look merged)', async () => {
    const { default: Output } = await inkModule('output.js');
    const { styledCharsFromTokens, styledCharsToString, tokenize } = await import('@alcalzone/ansi-tokenize');
    const lines = ['\x1b[1m\x1b[33mb\x1b[39m 1.2\x1b[22m \x1b[2m≈0\x1b[22m ⣸⠁ \x1b[32mflat\x1b[39m', '\x1b[36m⣀⣀\x1b[39m\x1b[33m⠉\x1b[39m  \x1b[3mi\x1b[23m'];
    for (const line of lines) {
      const out = new Output({ width: 40, height: 1 });
      out.write(0, 0, line, { transformers: [] });
      expect(out.get().output).toBe(styledCharsToString(styledCharsFromTokens(tokenize(line))).trimEnd());
    }
  });
});

describe('Ink patch: a text node whose children did not change is not squashed again', () => {
  it('squashes only the text that changed; the frame is the same as when everything is squashed', async () => {
    const { squashCount } = await inkModule('squash-text-nodes.js');
    const { memo, useEffect, useState } = await import('react');
    const Still = memo(function Still() {
      return (
        <Text>
          <Text color="yellow">naive</Text> <Text dimColor>held constant</Text>
        </Text>
      );
    });
    // A change from inside the tree, as the live view's store makes (rerender() would render
    // Ink's own App again, whose contexts make every <Text> render again).
    let next = (_: number) => {};
    const View = () => {
      const [n, setN] = useState(0);
      useEffect(() => void (next = setN), []);
      return (
        <Box flexDirection="column">
          <Still />
          <Text>
            step <Text bold>{n}</Text>
          </Text>
        </Box>
      );
    };
    const stdout = new XtermStdout(40, 6);
    const inst = render(<View />, { stdout: stdout as unknown as NodeJS.WriteStream, patchConsole: false, exitOnCtrlC: false, maxFps: 1000 });
    await settle();
    const before = squashCount();
    next(1);
    await settle();
    const squashed = squashCount() - before;
    inst.unmount();
    // The step's text and its bold child, measured by layout and written by the render pass:
    // the same strings the second time. Unpatched there is no count, and every node is squashed
    // twice a frame.
    expect(squashed).toBeGreaterThan(0);
    expect(squashed).toBeLessThanOrEqual(2);
    expect((await stdout.screen()).slice(0, 2)).toEqual(['naive held constant', 'step 1']);
  });
});
