import { describe, expect, it } from 'vitest';
import { BINDINGS } from '../../src/ui/keys.js';
import { initialUiState, liveUiReducer, route } from '../../src/ui/state.js';

describe("the live view's own state, without rendering", () => {
  it('? toggles the help, esc closes it (and leaves a closed help as it is)', () => {
    const open = liveUiReducer(initialUiState, 'toggleHelp');
    expect(open.help).toBe(true);
    expect(liveUiReducer(open, 'toggleHelp').help).toBe(false);
    expect(liveUiReducer(open, 'closeHelp').help).toBe(false);
    expect(liveUiReducer(initialUiState, 'closeHelp')).toBe(initialUiState);
  });

  it('every command in the key table goes somewhere: the session, the view, or the exit code', () => {
    expect(route('quit')).toEqual({ to: 'exit', code: 0 });
    expect(route('interrupt')).toEqual({ to: 'exit', code: 130 });
    expect(route('toggleHelp')).toEqual({ to: 'ui', action: 'toggleHelp' });
    expect(route('nextScenario')).toEqual({ to: 'session', command: 'nextScenario' });
    const sessionCommands = BINDINGS.filter((b) => route(b.command).to === 'session').map((b) => b.command);
    expect(sessionCommands).toEqual(['togglePause', 'step', 'faster', 'slower', 'reset', 'newSeed', 'nextScenario', 'prevScenario', 'export', 'present', 'prevStop', 'nextStop', 'stepBack']);
  });
});
