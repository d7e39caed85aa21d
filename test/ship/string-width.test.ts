/**
 * patches/string-width+8.3.0.patch: string-width asks V8's \p{RGI_Emoji} (about 35 ms of CPU to
 * compile at its first use, in the live view's first frame) only for clusters of more than one
 * code point. For one code point it asks Emoji_Presentation and Regional_Indicator instead; the
 * oracle here is the regex it replaces, over every code point, and the widths of clusters of each
 * kind of RGI emoji sequence.
 */
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';

describe('string-width with the RGI emoji pre-filter', () => {
  it('for every single code point, Emoji_Presentation and not a regional indicator is exactly RGI_Emoji', () => {
    // The v flag (sets of strings) is past the tests' TypeScript target: built at run time.
    const rgi = new RegExp('^\\p{RGI_Emoji}$', 'v');
    const presentation = /^\p{Emoji_Presentation}$/u;
    const regional = /^\p{Regional_Indicator}$/u;
    const differ: string[] = [];
    let emoji = 0;
    for (let c = 0; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const s = String.fromCodePoint(c);
      const expected = rgi.test(s);
      if (expected) emoji++;
      if (expected !== (presentation.test(s) && !regional.test(s))) differ.push(c.toString(16));
    }
    expect(differ).toEqual([]);
    expect(emoji).toBeGreaterThan(1000);
  });

  it('measures emoji of every kind as two cells, and text and lone components as the terminal does', () => {
    const two = ['😀', '✔️', '1️⃣', '🇸🇪', '👍🏽', '👩‍👩‍👦‍👦', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '🏻'];
    for (const e of two) expect(stringWidth(e), e).toBe(2);
    expect(stringWidth('✔')).toBe(1);
    expect(stringWidth('🇸')).toBe(1);
    expect(stringWidth('╭─ naive ─╮ ▁▂▃ · step 1')).toBe(24);
    expect(stringWidth('漢字')).toBe(4);
  });
});
