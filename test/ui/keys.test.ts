import { describe, expect, it } from 'vitest';
import { BINDINGS, commandFor, commandsFor, footerEntries, footerLine, keyName } from '../../src/ui/keys.js';
import { cellWidth } from '../../src/text/cells.js';

describe('key table', () => {
  it('binds every key at most once', () => {
    const keys = BINDINGS.flatMap((b) => b.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('maps the keys the issue names to their commands', () => {
    const table: [string, object, string][] = [
      [' ', {}, 'togglePause'],
      ['s', {}, 'step'],
      ['+', {}, 'faster'],
      ['-', {}, 'slower'],
      ['r', {}, 'reset'],
      ['R', {}, 'newSeed'],
      ['n', {}, 'nextScenario'],
      ['p', {}, 'prevScenario'],
      ['e', {}, 'export'],
      ['?', {}, 'toggleHelp'],
      ['', { escape: true }, 'closeHelp'],
      ['c', {}, 'toggleCloseUp'],
      ['', { upArrow: true }, 'scrollUp'],
      ['', { downArrow: true }, 'scrollDown'],
      ['q', {}, 'quit'],
      ['c', { ctrl: true }, 'interrupt'],
    ];
    for (const [input, key, cmd] of table) expect(commandFor(input, key)).toBe(cmd);
    expect(commandFor('x', {})).toBeNull();
    expect(keyName('C', { ctrl: true })).toBe('ctrl+c');
  });

  it('treats a chunk of typed characters as one press each', () => {
    expect(commandsFor('nnp', {})).toEqual(['nextScenario', 'nextScenario', 'prevScenario']);
    expect(commandsFor('sx', {})).toEqual(['step']);
    expect(commandsFor('c', { ctrl: true })).toEqual(['interrupt']);
  });
});

describe('footer', () => {
  it('is derived from the table, with grouped keys merged', () => {
    expect(footerEntries().map((e) => e.text)).toEqual([
      'space pause',
      's step',
      '+/- speed',
      'r reset',
      'R new seed',
      'n/p scenario',
      'e export CSV',
      'P presenter mode',
      'c explain',
      'w whole run',
      '? help',
      'q quit',
    ]);
  });

  it('in presenter mode: space goes to the next stop, and the keys between stops come first', () => {
    expect(footerEntries(true, true).map((e) => e.text)).toEqual([
      'space next',
      's step',
      '+/- speed',
      'r reset',
      'R new seed',
      'n/p scenario',
      'e export CSV',
      'P presenter off',
      '[/] stops',
      ', one step back',
      'c explain',
      'w whole run',
      '? help',
      'q quit',
    ]);
    expect(footerLine(100, ' · ', cellWidth, true, true)).toBe('space next · +/- speed · P presenter off · [/] stops · , one step back · ? help · q quit');
  });

  it('maps the arrows to the stops', () => {
    expect(commandFor('', { leftArrow: true })).toBe('prevStop');
    expect(commandFor('', { rightArrow: true })).toBe('nextStop');
    expect(commandFor(',', {})).toBe('stepBack');
    expect(commandFor('P', {})).toBe('present');
  });

  it('drops the least important entries to fit, keeping help and quit', () => {
    for (let w = 10; w <= 120; w++) {
      const line = footerLine(w, ' · ', cellWidth);
      expect(line).toContain('? help');
      expect(line).toContain('q quit');
      if (w >= 20) expect(cellWidth(line)).toBeLessThanOrEqual(w);
    }
    expect(footerLine(200, ' · ', cellWidth)).toBe(
      'space pause · s step · +/- speed · r reset · R new seed · n/p scenario · e export CSV · P presenter mode · c explain · w whole run · ? help · q quit',
    );
    // Without room for all, a new seed goes first, then export (both are in the help overlay);
    // the scenario keys and the close-up (c) stay down to 80 columns: the library is what a first
    // viewer looks for, and the close-up what the paper's reader came for.
    expect(footerLine(90, ' · ', cellWidth)).toBe('space pause · s step · +/- speed · r reset · n/p scenario · c explain · ? help · q quit');
    expect(footerLine(78, ' · ', cellWidth)).toBe('space pause · s step · +/- speed · n/p scenario · c explain · ? help · q quit');
  });

  it('says what space will do: pause while running, resume while paused', () => {
    expect(footerLine(200, ' · ', cellWidth, false)).toMatch(/^space pause · /);
    expect(footerLine(200, ' · ', cellWidth, true)).toMatch(/^space resume · /);
    expect(footerLine(78, ' · ', cellWidth, true)).toBe('space resume · s step · +/- speed · n/p scenario · c explain · ? help · q quit');
  });
});
