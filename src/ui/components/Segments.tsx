import { Box, Transform, useStdout } from 'ink';
import { memo } from 'react';
import { cellWidth, truncate } from '../text.js';

export type Colour = 'yellow' | 'cyan' | 'green' | 'red' | 'magenta';

/** A run of text with one style; a line is a list of them (no JSX whitespace surprises). */
export interface Segment {
  text: string;
  color?: Colour;
  dim?: boolean;
  bold?: boolean;
  italic?: boolean;
}

/** The SGR codes chalk (Ink's styling) uses for these looks: [on, off]. */
const COLOUR_SGR: Record<Colour, number> = { red: 31, green: 32, yellow: 33, magenta: 35, cyan: 36 };

let colourDepth: number | undefined;

/**
 * Whether the terminal gets colour: Node's own rule for it (tty.WriteStream#getColorDepth, which
 * reads FORCE_COLOR, NO_COLOR, TERM=dumb, CI and the terminal type; env.ts has already turned
 * --no-color and NO_COLOR into FORCE_COLOR=0), on the stdout the frames go to. Decided on first
 * use, so after env.ts has settled the environment, as Ink's chalk decides when it loads.
 */
function colourOn(): boolean {
  colourDepth ??= process.stdout.isTTY === true ? process.stdout.getColorDepth() : 1;
  return colourDepth > 1;
}

/**
 * A line as one string with SGR codes, the way Ink's <Text> would style each segment (chalk's
 * codes, in the order Ink's Text applies them), or plain text when there is no colour.
 */
function styleLine(segments: readonly Segment[], colour = colourOn()): string {
  let out = '';
  for (const s of segments) {
    // Spaces need no colour: skipping it saves escape codes on every frame.
    if (!colour || !(s.color || s.dim || s.bold || s.italic) || s.text.trim() === '') {
      out += s.text;
      continue;
    }
    let t = s.text;
    if (s.dim) t = `\x1b[2m${t}\x1b[22m`;
    if (s.color) t = `\x1b[${COLOUR_SGR[s.color]}m${t}\x1b[39m`;
    if (s.bold) t = `\x1b[1m${t}\x1b[22m`;
    if (s.italic) t = `\x1b[3m${t}\x1b[23m`;
    out += t;
  }
  return out;
}

/** A line's text without styles, and the cells it takes. */
function measure(segments: readonly Segment[]): { plain: string; width: number } {
  let plain = '';
  for (const s of segments) plain += s.text;
  return { plain, width: cellWidth(plain) };
}

/** Cut a line to `width` cells (a safety net: the layout makes every line fit). */
function fit(segments: readonly Segment[], width: number): readonly Segment[] {
  const out: Segment[] = [];
  let room = width;
  for (const s of segments) {
    const text = truncate(s.text, room, '');
    if (text === '') break;
    out.push({ ...s, text });
    room -= cellWidth(text);
  }
  return out;
}

/**
 * One row of the frame. Ink lays out a placeholder of the row's width, all spaces, and the row's
 * text is set in with <Transform> when Ink writes its output (Transform's contract: the same
 * width, so the layout holds). Why not <Text>{row}</Text>:
 * - Ink 6.8 measures a text whose content changed with string-width, and keeps every text it has
 *   measured in a module-level Map it never clears: a dashboard whose numbers change ten times a
 *   second would grow that Map for as long as it runs. A placeholder only changes with the width.
 * - A row whose text changed does not mark the layout dirty, so Yoga has nothing to recompute,
 *   and Ink's per-frame width check of each row takes string-width's ASCII fast path.
 * A placeholder wider than what Ink lays out in would wrap, and the row would be set in twice:
 * it is never wider than Ink's own output (narrower is harmless, each row has its line to itself).
 */
const Row = memo(function Row({ text, width }: { text: string; width: number }) {
  return <Transform transform={() => text}>{' '.repeat(Math.max(1, width))}</Transform>;
});

/** Lines of segments drawn one under the other, each cut to `width` cells. */
export function Frame({ lines, width }: { lines: readonly (readonly Segment[])[]; width: number }) {
  const inkWidth = useStdout().stdout.columns || width;
  return (
    <Box flexDirection="column">
      {lines.map((segments, i) => {
        let m = measure(segments);
        if (m.width > width) m = measure((segments = fit(segments, width)));
        return <Row key={i} text={styleLine(segments)} width={Math.min(inkWidth, m.width)} />;
      })}
    </Box>
  );
}
