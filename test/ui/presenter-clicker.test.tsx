import { describe, expect, it } from 'vitest';
import { TICK_MS } from '../../src/session/clock.js';
import { FakeClock, session } from '../session/helpers.js';
import { mountApp, tick } from './frame.js';

/**
 * A presentation clicker sends PgDn and PgUp (some → and ←). In presenter mode, with neither the
 * help nor the close-up open to scroll, they go to the next and previous stop.
 */

const PGDN = '\u001b[6~';
const PGUP = '\u001b[5~';

describe('presenter mode with a clicker', () => {
  it('PgDn goes on to the next stop and PgUp back, as ] and [ do; with the help open they scroll it instead', async () => {
    const clock = new FakeClock();
    const s = session({ present: true, clock: clock.now });
    const m = mountApp(s, { columns: 100, rows: 30 });
    await tick();
    // "presenter · stop N/M", not "running to stop N/M".
    const stop = () => (m.lines()[0].match(/presenter · stop (\d+)\//) ?? [])[1];
    expect([stop(), s.step]).toEqual(['1', 0]);
    await m.press(PGDN);
    // The session runs on to the next stop as the (fake) clock lets it.
    for (let i = 0; i < 100_000 && !s.isPaused; i++) s.tick(clock.advance(TICK_MS));
    s.publish(); // as the driver does at a frame
    await tick();
    expect(s.step).toBeGreaterThan(0);
    for (let w = 0; w < 1000 && stop() !== '2'; w += 5) await tick();
    expect(stop()).toBe('2');
    await m.press(PGUP);
    expect([stop(), s.step]).toEqual(['1', 0]);
    // The help open: PgDn scrolls it, and the run stays at its stop.
    await m.press('?');
    const top = m.lines().join('\n');
    await m.press(PGDN);
    expect(m.lines().join('\n')).not.toBe(top);
    expect(s.step).toBe(0);
    m.unmount();
  });
});
