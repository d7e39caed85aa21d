import { formatCount } from '../../session/format.js';
import { MAX_SPEED } from '../../session/clock.js';
import type { LiveView } from '../../session/live.js';
import type { Glyphs } from '../glyphs.js';
import { Text } from 'ink';
import { safeText } from '../../text/sanitize.js';
import { cellWidth, pad, toAscii, truncate } from '../../text/cells.js';

/**
 * "step 240 · 60 steps/s · seed 42": the clock, as the header's right-hand side. A still frame
 * (--snapshot) has no clock running: "step 500 · seed 42".
 */
function clockText(v: LiveView, g: Glyphs, still = false): string {
  let speed: string;
  // Presenter mode, a hold for a caption, the end: what the run is doing says more than its speed.
  if (v.status !== null && !still) speed = v.status;
  else if (v.paused) speed = 'paused';
  else if (v.speed === MAX_SPEED) speed = `max ≈${formatCount(v.rate)} steps/s`;
  else if (v.behind) speed = `≈${formatCount(v.rate)} steps/s (max)`;
  else speed = `${formatCount(v.speed)} step${v.speed === 1 ? '' : 's'}/s`;
  const s = (still ? [`step ${v.step}`, `seed ${v.seed}`] : [`step ${v.step}`, speed, `seed ${v.seed}`]).join(g.sep);
  return g.ascii ? toAscii(s) : s;
}

/** Speeds from here on may be beyond the engine (the header then shows the rate achieved). */
const FAST_SPEED = 100_000;
/** Cells of title below which a steady cut point is not worth what it hides. */
const MIN_TITLE = 24;

/** The title on the left, the clock on the right. */
export interface HeaderProps {
  view: LiveView;
  width: number;
  g: Glyphs;
  /** A still frame (--snapshot): no clock running. */
  still?: boolean;
}

export function Header({ view, width, g, still = false }: HeaderProps) {
  const right = clockText(view, g, still);
  const rawTitle = `normdrift${g.sep}${safeText(view.title)}`;
  const title = g.ascii ? toAscii(rawTitle) : rawTitle;
  // Live, room for the clock at its widest for a while, so that the title is not cut at a new
  // place each time the step gains a digit or the rate a character: a 6-digit step, or when
  // fast-forwarding (where the rate and "(max)" come and go with the engine's pace) a 9-digit
  // step and the widest rate. Unless that would leave the title almost nothing.
  const fast = view.speed === MAX_SPEED || view.behind || view.speed >= FAST_SPEED;
  const widest = still
    ? right
    : fast
      ? clockText({ ...view, paused: false, speed: FAST_SPEED, behind: true, rate: 1.5e6, step: Math.max(view.step, 999_999_999) }, g)
      : clockText({ ...view, step: Math.max(view.step, 999_999) }, g);
  const reserved = width - Math.max(cellWidth(right), cellWidth(widest)) - 3;
  const room = reserved >= MIN_TITLE ? reserved : width - cellWidth(right) - 3;
  const left = room >= 12 ? pad(truncate(title, room, g.ellipsis), room) : '';
  return (
    <Text wrap="truncate">
      {' '}
      <Text bold>{left}</Text>
      {left ? ' ' : ''}
      <Text bold={view.paused && !still}>{pad(right, width - 2 - cellWidth(left) - (left ? 1 : 0), 'right')}</Text>
    </Text>
  );
}
