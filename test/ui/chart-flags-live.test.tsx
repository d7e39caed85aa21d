import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import type { LiveSession } from '../../src/session/live.js';
import { cellWidth } from '../../src/text/cells.js';
import { App } from '../../src/ui/App.js';
import { initialUi, initialUiState, liveUiReducer, type ChartOptions } from '../../src/ui/state.js';
import { builtin } from '../scenarios/helpers.js';
import { session, source } from '../session/helpers.js';
import { FakeScreen, tick } from './frame.js';

/**
 * --whole-run, --log-steps, --symlog in the live view (and so in presenter mode, the same view):
 * the view starts in the state the keys w, l and y would have put it in, and the keys still
 * toggle from there.
 */

function ranTo(name: string, steps: number): LiveSession {
  const sc = builtin(name);
  const s = session({ scenario: sc, source: source({ [name]: sc }), paused: true, stopAt: steps });
  s.fastForward(4);
  return s;
}

const COLUMNS = 120;
const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

async function mount(s: LiveSession, charts?: Partial<ChartOptions>) {
  const r = render(<App session={s} screen={new FakeScreen(COLUMNS, 40)} ascii={false} keyboard={true} onExit={vi.fn()} charts={charts} />);
  // ink-testing-library's stdout is 100 columns: make it the terminal's width, and wait for Ink to
  // lay the frame out again at it (the header then spans all of it).
  Object.defineProperty(r.stdout, 'columns', { value: COLUMNS });
  r.stdout.emit('resize');
  const frame = () => r.lastFrame() ?? '';
  const laidOut = () => cellWidth(plain(frame().split('\n')[1] ?? '')) === COLUMNS;
  for (let waited = 0; waited < 5000 && !laidOut(); waited += 5) await tick();
  expect(laidOut()).toBe(true);
  const press = async (k: string) => {
    const before = frame();
    r.stdin.write(k);
    for (let waited = 0; waited < 5000 && frame() === before; waited += 5) await tick();
  };
  return { ...r, press, frame };
}

describe('initialUi', () => {
  it('is the initial state with the charts as asked, and only them', () => {
    expect(initialUi()).toEqual(initialUiState);
    expect(initialUi({ whole: true, logSteps: true, symlog: true })).toEqual({ ...initialUiState, whole: true, logSteps: true, symlog: true });
    // The same state the keys reach: w, then l, then y.
    const keyed = (['toggleWhole', 'toggleLogSteps', 'toggleSymlog'] as const).reduce(liveUiReducer, initialUiState);
    expect(initialUi({ whole: true, logSteps: true, symlog: true })).toEqual(keyed);
  });
});

describe('the live view started with the chart flags', () => {
  it('draws the frame the keys w, l, y would have drawn, and the keys go on from there', async () => {
    const s = ranTo('scale-blowup', 400);
    const keyed = await mount(s);
    expect(keyed.frame()).toContain('recent (w: whole run)');
    // Frames compared cell for cell are all redraws (y twice here): under CI=true Ink pads the rows
    // of its first frame differently from those of a redraw.
    await keyed.press('y');
    await keyed.press('y');
    const recent = keyed.frame();
    await keyed.press('w');
    await keyed.press('l');
    await keyed.press('y');
    const byKeys = keyed.frame();
    keyed.unmount();

    const flagged = await mount(s, { whole: true, logSteps: true, symlog: true });
    expect(flagged.frame()).toContain('whole run, log steps (w: recent) · symlog y');
    await flagged.press('y');
    await flagged.press('y');
    expect(flagged.frame()).toBe(byKeys);
    // w goes back to the recent window, keeping symlog.
    await flagged.press('w');
    expect(flagged.frame()).toContain('recent (w: whole run) · symlog y');
    await flagged.press('y');
    expect(flagged.frame()).toBe(recent);
    flagged.unmount();
  });

  it('the replay command starts the charts as they are drawn now: the flags given, then as w, l, y change them', async () => {
    const s = ranTo('scale-blowup', 400);
    const v = await mount(s, { whole: true, logSteps: true });
    const tail = () => s.replayCommand().replace(/^.*--speed \d+/, '');
    // The App tells the session in an effect, after the frame is drawn.
    const says = (flags: string) => vi.waitFor(() => expect(tail()).toBe(flags), { timeout: 2000, interval: 5 });
    await says(' --whole-run --log-steps');
    await v.press('y');
    await says(' --whole-run --log-steps --symlog');
    await v.press('w');
    // Log steps apply to the whole run only: back on the recent window, the flag would be refused.
    await says(' --symlog');
    await v.press('y');
    await says('');
    v.unmount();
  });

  it('--whole-run alone at step 400 of scale-blowup: the whole run, 0 to 400, where the recent window shows the last pages', async () => {
    const s = ranTo('scale-blowup', 400);
    const v = await mount(s, { whole: true });
    expect(v.frame()).toContain('whole run (w: recent)');
    expect(v.frame()).toMatch(/\s0\s+200\s+400\s/);
    v.unmount();
  });
});
