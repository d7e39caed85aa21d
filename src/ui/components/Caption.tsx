import { Box, Text } from 'ink';
import { memo } from 'react';
import type { LiveView } from '../../session/live.js';
import { safeText } from '../../text/sanitize.js';
import type { Glyphs } from '../glyphs.js';
import { toAscii, wrap } from '../../text/cells.js';

/** The caption block's text, already wrapped: what <Caption> draws and the layout counts. */
export interface CaptionText {
  /** About the last command ("exported 4 rows to …"). */
  notice: string[];
  /** The latest event found in the numbers ("step 138 · naive w flipped sign, …"): one line. */
  event: string[];
  /** The scenario's narration for this step. */
  narration: string[];
  /** The sentence derived from what is on screen. */
  live: string[];
  /** Empty lines after them, up to the lines kept for the caption. */
  blank: number;
}

export const captionHeight = (c: CaptionText) => c.notice.length + c.event.length + c.narration.length + c.live.length + c.blank;

/**
 * The caption in `lines` lines at most and at least `minLines` (padded), `width` cells wide: the
 * notice first, then the narration, then the live sentence, each whole when there is room. With
 * little room the live sentence wins: it is the one derived from what is on screen. Wrapped here,
 * not by <Text wrap>, because the lines it takes decide how many the summary gets.
 */
export function captionText(view: LiveView, width: number, lines: number, g: Glyphs, minLines = 0): CaptionText {
  const t = (s: string) => (g.ascii ? toAscii(s) : s);
  const w = width - 2;
  const notice = view.notice ? wrap(t(view.notice), w, 1, g.ellipsis) : [];
  const event = view.event ? wrap(t(safeText(view.event)), w, 1, g.ellipsis) : [];
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
  const eventN = take(event.length);
  liveN += take(liveFull.length - liveN);
  narrN += take(narrFull.length - narrN);
  // Wrapped again only when cut short: the ellipsis goes where the room ends.
  const granted = (text: string, full: string[], n: number) => (n >= full.length ? full : wrap(text, w, n, g.ellipsis));
  const c: CaptionText = {
    notice: notice.slice(0, noticeN),
    event: event.slice(0, eventN),
    narration: narration ? granted(narration, narrFull, narrN) : [],
    live: granted(live, liveFull, liveN),
    blank: 0,
  };
  c.blank = Math.max(0, Math.min(minLines, lines) - captionHeight(c));
  return c;
}

const sameLines = (a: string[], b: string[]) => a.length === b.length && a.every((l, i) => l === b[i]);
const sameText = (a: CaptionText, b: CaptionText) =>
  a.blank === b.blank && sameLines(a.notice, b.notice) && sameLines(a.event, b.event) && sameLines(a.narration, b.narration) && sameLines(a.live, b.live);

/**
 * The caption under the panels: notice in magenta, narration in italics, then the live sentence.
 * Drawn again only when its text changed (it is wrapped afresh every frame).
 */
export const Caption = memo(function Caption({ text }: { text: CaptionText }) {
  return (
    <Box flexDirection="column" paddingLeft={1}>
      {text.notice.map((l, i) => (
        <Text key={`n${i}`} color="magenta">
          {l}
        </Text>
      ))}
      {text.event.map((l, i) => (
        <Text key={`e${i}`} color="yellow">
          {l}
        </Text>
      ))}
      {text.narration.map((l, i) => (
        <Text key={`s${i}`} italic>
          {l}
        </Text>
      ))}
      {text.live.map((l, i) => (
        <Text key={`l${i}`}>{l}</Text>
      ))}
      {text.blank > 0 && <Box height={text.blank} />}
    </Box>
  );
}, (a, b) => sameText(a.text, b.text));

/**
 * The scenario's summary in `lines` lines at most, after a blank line unless what comes before
 * already ends in one (`blankBefore`); two lines of text at least, or nothing.
 */
export function summaryLines(summary: string, width: number, lines: number, g: Glyphs, blankBefore = false): string[] {
  const gap = blankBefore ? 0 : 1;
  if (lines - gap < 2) return [];
  // The same every frame until the terminal or the scenario changes: wrapped once, and the same
  // array, so <Summary> (memo) is not drawn again.
  const key = `${width}\0${lines}\0${gap}\0${g.ascii}\0${summary}`;
  if (lastSummary?.key !== key) {
    const text = g.ascii ? toAscii(safeText(summary)) : safeText(summary);
    lastSummary = { key, lines: [...(gap ? [''] : []), ...wrap(text, width - 2, lines - gap, g.ellipsis)] };
  }
  return lastSummary.lines;
}
let lastSummary: { key: string; lines: string[] } | undefined;

/** The summary, dimmed: what the scenario is about, for whoever walks in mid-demo. */
export const Summary = memo(function Summary({ lines }: { lines: string[] }) {
  return (
    <Box flexDirection="column" paddingLeft={1}>
      {lines.map((l, i) => (
        // An empty <Text> takes no line: a blank line is a space.
        <Text key={i} dimColor>
          {l || ' '}
        </Text>
      ))}
    </Box>
  );
});
