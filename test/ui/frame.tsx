import { renderToString } from 'ink';
import { render } from 'ink-testing-library';
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import type { LiveSession, LiveView } from '../../src/session/live.js';
import { App } from '../../src/ui/App.js';
import { Dashboard } from '../../src/ui/components/Dashboard.js';
import { glyphsFor } from '../../src/ui/glyphs.js';
import { rowLabelWidth } from '../../src/session/labels.js';
import { computeLayout } from '../../src/ui/layout.js';
import { cellWidth } from '../../src/text/cells.js';

export interface FrameOptions {
  ascii?: boolean;
  help?: boolean;
  keyboard?: boolean;
  /** Fields of the view to set by hand (a step, a speed…). */
  view?: Partial<LiveView>;
}

/** The frame for a session at a terminal size, as the live view would draw it. */
export function frame(s: LiveSession, columns: number, rows: number, o: FrameOptions = {}) {
  const ascii = o.ascii ?? false;
  const layout = computeLayout({
    columns,
    rows,
    specs: s.rows,
    labelWidth: (k) => rowLabelWidth(k, { ascii, probe: s.probe, dims: s.scenario.data.dims }, cellWidth),
    hasNarration: s.scenario.captions.length > 0,
    maxSpark: s.historyCapacity,
    // As the live view lays out its panels (side by side, compact, on a small terminal).
    compact: true,
  });
  const view = { ...s.view(layout.kind === 'tooSmall' ? 1 : layout.sparkWidth), ...o.view };
  const out = renderToString(
    <Dashboard view={view} layout={layout} columns={columns} rows={rows} g={glyphsFor(ascii)} help={o.help ?? false} keyboard={o.keyboard ?? true} />,
    { columns },
  );
  return { out, lines: out.split('\n'), layout };
}

export const tick = () => new Promise((r) => setTimeout(r, 5));

/** The terminal the App draws on, its size set by the test; resize() as a terminal's SIGWINCH. */
export class FakeScreen extends EventEmitter {
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  onResize(l: () => void) {
    this.on('r', l);
    return () => this.off('r', l);
  }
  resize(c: number, r: number) {
    this.columns = c;
    this.rows = r;
    this.emit('r');
  }
}

export interface MountOptions {
  /** The terminal's size: 100×30 unless given. */
  columns?: number;
  rows?: number;
  ascii?: boolean;
  keyboard?: boolean;
  exitAtEnd?: boolean;
}

/**
 * The App on a session, through ink-testing-library, as the live view mounts it: press(k) types
 * a key and waits for its effect, lines() is the last frame without colours.
 */
export function mountApp(s: LiveSession, o: MountOptions = {}) {
  const columns = o.columns ?? 100;
  const screen = new FakeScreen(columns, o.rows ?? 30);
  const onExit = vi.fn();
  const r = render(
    <App session={s} screen={screen} ascii={o.ascii ?? false} keyboard={o.keyboard ?? true} exitAtEnd={o.exitAtEnd} onExit={onExit} />,
  );
  if (r.stdout.columns !== columns) {
    // ink-testing-library's stdout is 100 columns, which squeezes a wider frame: make it as wide
    // as the terminal (Ink lays out again on 'resize').
    Object.defineProperty(r.stdout, 'columns', { value: columns });
    r.stdout.emit('resize');
  }
  // A key is answered asynchronously (input listener, then a render): wait for its effect — a new
  // frame or an exit — rather than a fixed few milliseconds, which a loaded CI machine can miss.
  const press = async (k: string) => {
    const before = r.lastFrame();
    const exits = onExit.mock.calls.length;
    r.stdin.write(k);
    for (let waited = 0; waited < 1000; waited += 5) {
      await tick();
      if (r.lastFrame() !== before || onExit.mock.calls.length !== exits) return;
    }
  };
  const lines = () => (r.lastFrame() ?? '').replace(/\u001b\[[0-9;]*m/g, '').split('\n');
  return { ...r, s, screen, onExit, press, lines };
}
