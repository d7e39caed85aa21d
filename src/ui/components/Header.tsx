import { formatCount } from '../../session/format.js';
import { MAX_SPEED } from '../../session/clock.js';
import type { LiveView } from '../../session/live.js';
import type { Glyphs } from '../glyphs.js';
import { Text } from 'ink';
import { safeText } from '../../text/sanitize.js';
import { cellWidth, pad, toAscii, truncate } from '../../text/cells.js';

/**
 * "step 240 · 60 steps/s · seed 42": the clock, as the header's right-hand side. A still frame
 * (--snapshot) has no clock running: "step 500 · seed 42". Without the seed when the scenario's
 * name would not fit beside it (the help and the replay command still say it).
 */
function clockText(v: LiveView, g: Glyphs, still = false, seed = true): string {
  let speed: string;
  // Presenter mode, a hold for a caption, the end: what the run is doing says more than its speed.
  if (v.status !== null && !still) speed = v.status;
  else if (v.paused) speed = 'paused';
  else if (v.speed === MAX_SPEED) speed = `max ≈${formatCount(v.rate)} steps/s`;
  else if (v.behind) speed = `≈${formatCount(v.rate)} steps/s (max)`;
  else speed = `${formatCount(v.speed)} step${v.speed === 1 ? '' : 's'}/s`;
  const parts = still ? [`step ${v.step}`] : [`step ${v.step}`, speed];
  const s = (seed ? [...parts, `seed ${v.seed}`] : parts).join(g.sep);
  return g.ascii ? toAscii(s) : s;
}

/** Speeds from here on may be beyond the engine (the header then shows the rate achieved). */
const FAST_SPEED = 100_000;
/** Cells of title below which a steady cut point is not worth what it hides. */
const MIN_TITLE = 24;
/** Cells of the title worth showing after the scenario's name ("paper-bias · The…"). */
const MIN_TITLE_TAIL = 4;
/** Cells of the clock kept when a long status is cut for the scenario's name ("step 1000000 · fin…"). */
const MIN_CLOCK = 20;

/** The title on the left, the clock on the right. */
export interface HeaderProps {
  view: LiveView;
  width: number;
  g: Glyphs;
  /** A still frame (--snapshot): no clock running. */
  still?: boolean;
}

export function Header({ view, width, g, still = false }: HeaderProps) {
  let right = clockText(view, g, still);
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
  let left: string;
  if (room >= MIN_TITLE) left = pad(truncate(title, room, g.ellipsis), room);
  else {
    // Short of room (60×20, or a long status at 80×24): the scenario's name, which says what is
    // running and is what one types to run it again, then as much of its title as fits; the
    // seed goes before the name does.
    const seedless = clockText(view, g, still, false);
    const name = g.ascii ? toAscii(safeText(view.name)) : safeText(view.name);
    const short = `${name}${g.sep}${g.ascii ? toAscii(safeText(view.title)) : safeText(view.title)}`;
    const fit = (r: number) => (r >= cellWidth(name) + cellWidth(g.sep) + MIN_TITLE_TAIL ? truncate(short, r, g.ellipsis) : r >= cellWidth(name) ? name : '');
    left = fit(room);
    if (left === '') {
      right = seedless;
      left = fit(width - cellWidth(right) - 3);
    }
    // A status too long for both ("finished at step N · r replay · q quit" at 60 columns): the
    // name whole, the status cut at its end, while the step stays readable.
    if (left === '' && width - cellWidth(name) - 3 >= MIN_CLOCK) {
      left = name;
      right = truncate(right, width - cellWidth(name) - 3, g.ellipsis);
    }
  }
  return (
    <Text wrap="truncate">
      {' '}
      <Text bold>{left}</Text>
      {left ? ' ' : ''}
      <Text bold={view.paused && !still}>{pad(right, width - 2 - cellWidth(left) - (left ? 1 : 0), 'right')}</Text>
    </Text>
  );
}
