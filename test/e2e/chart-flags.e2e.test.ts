import { afterEach, describe, expect, it } from 'vitest';
import { spawnLive, type Live } from './pty.js';

/**
 * --whole-run, --log-steps, --symlog in the built CLI, in a real terminal: the live view (and so
 * a recording or a presenter) opens on them, and the command it prints at the end carries them.
 */

let live: Live | undefined;
afterEach(() => live?.dispose());

describe('chart flags, live', () => {
  it('the view opens on the whole run, log steps and symlog, and the replay command says so', async () => {
    live = spawnLive({ cols: 120, rows: 40, args: ['scale-blowup', '--whole-run', '--log-steps', '--symlog', '--present'] });
    const first = await live.waitFor((t) => /╰─ whole run, log steps \(w: recent\) · symlog y/.test(t), 'the charts on the whole run');
    expect(first[0]).toMatch(/step 0 · presenter · stop 1\//);
    live.write('w');
    await live.waitFor((t) => /╰─ recent \(w: whole run\) · symlog y/.test(t), 'w back to the recent window');
    live.write('q');
    expect((await live.exited).exitCode).toBe(0);
    // The command that reproduces the view as it was left: w took it back to the recent window.
    expect(live.raw()).toMatch(/normdrift scale-blowup --seed 193 --lr 0\.1 --speed 60 --symlog {3}# stopped at step 0/);
  });
});
