/**
 * The input-parser hunk of patches/ink+6.8.0.patch: a control character is a key of its own even
 * in the same read as other bytes. Fails on an unpatched Ink 6.8, which passes "s\x03" on as one
 * text event (the Ctrl+C is lost).
 */
import { describe, expect, it } from 'vitest';
import { commandsFor } from '../../src/ui/keys.js';

interface Parser {
  push(chunk: string): string[];
}
const { createInputParser } = (await import(new URL('../../node_modules/ink/build/input-parser.js', import.meta.url).href)) as {
  createInputParser: () => Parser;
};
const { default: parseKeypress } = (await import(new URL('../../node_modules/ink/build/parse-keypress.js', import.meta.url).href)) as {
  default: (s: string) => { name: string; ctrl: boolean; meta: boolean; sequence: string };
};

/** A read as the view's commands, the way Ink and useLiveInput turn it into keys. */
function commands(read: string): string[] {
  return createInputParser()
    .push(read)
    .flatMap((event) => {
      const k = parseKeypress(event);
      const input = k.ctrl ? k.name : k.sequence;
      return commandsFor(input, { ctrl: k.ctrl, meta: k.meta, escape: k.name === 'escape' });
    });
}

describe('Ink input parser: control characters in a read with other bytes', () => {
  it('splits a control character out of the text around it', () => {
    expect(createInputParser().push('s\x03')).toEqual(['s', '\x03']);
    expect(createInputParser().push('\x03\x03')).toEqual(['\x03', '\x03']);
    expect(createInputParser().push('ab\x1b[Ac\rd\x1a')).toEqual(['ab', '\x1b[A', 'c', '\r', 'd', '\x1a']);
  });

  it('keeps a run of printable text as one event (a paste is still one call)', () => {
    expect(createInputParser().push('hello world')).toEqual(['hello world']);
  });

  it('s then Ctrl+C typed quickly, and a double Ctrl+C, reach the key table as interrupts', () => {
    expect(commands('s\x03')).toEqual(['step', 'interrupt']);
    expect(commands('\x03\x03')).toEqual(['interrupt', 'interrupt']);
    expect(commands('n\x1a')).toEqual(['nextScenario', 'suspend']);
  });
});
