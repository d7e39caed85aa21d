import type { LiveView } from '../../session/live.js';
import type { Glyphs } from '../glyphs.js';
import { safeText, toAscii, wrap } from '../text.js';
import type { Segment } from './Segments.js';

/**
 * The caption block, at most `lines` lines and at least `minLines` (padded): a notice about the
 * last command first, then the scenario's narration, then the live sentence, each whole when
 * there is room. With little room the live sentence wins: it is the one derived from what is on
 * screen.
 */
export function captionLines(view: LiveView, width: number, lines: number, g: Glyphs, minLines = 0): Segment[][] {
  const t = (s: string) => (g.ascii ? toAscii(s) : s);
  const w = width - 2;
  const notice = view.notice ? wrap(t(view.notice), w, 1, g.ellipsis) : [];
  const narration = view.caption.narration ? t(safeText(view.caption.narration)) : null;
  const live = t(view.caption.live);
  const liveFull = wrap(live, w, lines, g.ellipsis);
  const narrFull = narration ? wrap(narration, w, lines, g.ellipsis) : [];
  let budget = lines;
  const take = (want: number) => {
    const n = Math.max(0, Math.min(want, budget));
    budget -= n;
    return n;
  };
  const noticeN = take(notice.length);
  let liveN = take(Math.min(1, liveFull.length));
  let narrN = take(Math.min(1, narrFull.length));
  liveN += take(liveFull.length - liveN);
  narrN += take(narrFull.length - narrN);
  const out: Segment[][] = [];
  for (const l of notice.slice(0, noticeN)) out.push([{ text: ' ' }, { text: l, color: 'magenta' }]);
  // Wrapped again only when cut short: the ellipsis goes where the room ends.
  const granted = (text: string, full: string[], n: number) => (n >= full.length ? full : wrap(text, w, n, g.ellipsis));
  const narr = narration ? granted(narration, narrFull, narrN) : [];
  for (const l of narr) out.push([{ text: ' ' }, { text: l, italic: true }]);
  for (const l of granted(live, liveFull, liveN)) out.push([{ text: ' ' }, { text: l }]);
  while (out.length < Math.min(minLines, lines)) out.push([{ text: '' }]);
  return out;
}

/**
 * The scenario's summary in `lines` lines at most, after a blank line unless what comes before
 * already ends in one (`blankBefore`).
 */
export function aboutLines(summary: string, width: number, lines: number, g: Glyphs, blankBefore = false): Segment[][] {
  const gap = blankBefore ? 0 : 1;
  // Two lines of text at least, or it is not worth showing.
  if (lines - gap < 2) return [];
  const text = g.ascii ? toAscii(safeText(summary)) : safeText(summary);
  const wrapped = wrap(text, width - 2, lines - gap, g.ellipsis);
  const blank: Segment[][] = gap ? [[{ text: '' }]] : [];
  return [...blank, ...wrapped.map((l): Segment[] => [{ text: ' ' }, { text: l, dim: true }])];
}
