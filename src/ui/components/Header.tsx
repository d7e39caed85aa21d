import { formatCount } from '../../session/format.js';
import { MAX_SPEED } from '../../session/clock.js';
import type { LiveView } from '../../session/live.js';
import type { Glyphs } from '../glyphs.js';
import { cellWidth, pad, safeText, toAscii, truncate } from '../text.js';
import type { Segment } from './Segments.js';

/**
 * "step 240 · 60 steps/s · seed 42": the clock, as the header's right-hand side. A still frame
 * (--snapshot) has no clock running: "step 500 · seed 42".
 */
function clockText(v: LiveView, g: Glyphs, still = false): string {
  let speed: string;
  if (v.paused) speed = 'paused';
  else if (v.speed === MAX_SPEED) speed = `max ≈${formatCount(v.rate)} steps/s`;
  else if (v.behind) speed = `≈${formatCount(v.rate)} steps/s (max)`;
  else speed = `${formatCount(v.speed)} step${v.speed === 1 ? '' : 's'}/s`;
  const s = (still ? [`step ${v.step}`, `seed ${v.seed}`] : [`step ${v.step}`, speed, `seed ${v.seed}`]).join(g.sep);
  return g.ascii ? toAscii(s) : s;
}

/** The title on the left, the clock on the right. */
export function headerLine(view: LiveView, width: number, g: Glyphs, still = false): Segment[] {
  const right = clockText(view, g, still);
  const rawTitle = `normdrift${g.sep}${safeText(view.title)}`;
  const title = g.ascii ? toAscii(rawTitle) : rawTitle;
  // Live, room for the clock at its widest for a while (a 6-digit step, a 5-character rate), so
  // the title is not cut at a new place each time the step gains a digit or the rate a character.
  const widest = still ? right : clockText({ ...view, step: Math.max(view.step, 999_999), rate: Math.max(view.rate, 1.5e6) }, g);
  const room = width - Math.max(cellWidth(right), cellWidth(widest)) - 3;
  const left = room >= 12 ? pad(truncate(title, room, g.ellipsis), room) : '';
  return [
    { text: ' ' },
    { text: left, bold: true },
    { text: left ? ' ' : '' },
    { text: pad(right, width - 2 - cellWidth(left) - (left ? 1 : 0), 'right'), bold: view.paused && !still },
    { text: ' ' },
  ];
}
