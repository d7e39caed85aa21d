import type { Scenario } from '../scenario/schema.js';

/**
 * Beats: every scenario caption is one, and a room must be able to read it. Below --speed max
 * the training clock may not show the next beat before the one on screen has been up for its
 * reading time; it runs freely until the step before the next beat and holds there if the text
 * is still being read. A caption with `pause: true` stops the run where it appears, at any speed,
 * until the presenter lets it go on. Pure functions of (beats, step, wall-clock times): the live
 * session's clock asks pace() each tick; tests drive it with a fake clock.
 */

/** Reading speed for narration with formulas in it, and the least time any caption stays up. */
export const READING = { wordsPerMinute: 200, floorMs: 3000 } as const;

export interface Beat {
  /** Position among the beats (not among the captions: see beatsOf). */
  index: number;
  /** The step from which it is shown. */
  at: number;
  text: string;
  pause: boolean;
  /** How long it must stay on screen below --speed max. */
  readingMs: number;
}

/** Words at READING.wordsPerMinute, never under READING.floorMs. */
export function readingMs(text: string): number {
  const words = text.split(/\s+/).filter((w) => w.length > 0).length;
  return Math.max(READING.floorMs, Math.ceil((words * 60_000) / READING.wordsPerMinute));
}

/**
 * The beats of a scenario, in step order. Captions sharing a step show only the last of them
 * (as narrationAt does), so that one is the beat.
 */
export function beatsOf(captions: Scenario['captions']): Beat[] {
  const byStep = new Map<number, Scenario['captions'][number]>();
  for (const c of captions) byStep.set(c.at, c);
  return [...byStep.values()]
    .sort((a, b) => a.at - b.at)
    .map((c, index) => ({ index, at: c.at, text: c.text, pause: c.pause === true, readingMs: readingMs(c.text) }));
}

/** Index of the beat on screen at `step`: the last one with at ≤ step; −1 before the first. */
export function beatAt(beats: readonly Beat[], step: number): number {
  let lo = 0;
  let hi = beats.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (beats[mid].at <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Which beat is on screen and since when (wall-clock ms): what pace() measures reading from. */
export interface Shown {
  index: number;
  since: number;
}

/** Update `Shown` after the clock moved (or jumped) to `step` at wall-clock `now`. */
export function noteBeat(beats: readonly Beat[], step: number, prev: Shown | null, now: number): Shown {
  const index = beatAt(beats, step);
  return prev !== null && prev.index === index ? prev : { index, since: now };
}

export interface PaceInput {
  step: number;
  shown: Shown;
  now: number;
  /** Steps per second; Infinity for --speed max (no reading holds, pauses still stop). */
  speed: number;
  /** Index of the last pause beat the presenter let go on from; −1 if none. */
  released: number;
}

export interface Pace {
  /** The highest step the clock may reach now (Infinity: no limit). */
  ceiling: number;
  /** The clock is held for reading at the ceiling: how much longer, in ms (0: not holding). */
  holdMs: number;
  /** A `pause: true` beat is on screen and not yet let go: the run is paused. */
  paused: boolean;
  /** What the header says about it, or null. */
  header: string | null;
}

/** Whether the training clock may move, how far, and what the header says. */
export function pace(beats: readonly Beat[], p: PaceInput): Pace {
  const cur = p.shown.index;
  if (cur >= 0 && beats[cur].pause && p.released < cur)
    return { ceiling: p.step, holdMs: 0, paused: true, header: 'paused at the caption: space goes on' };
  // A pause beat ahead is landed on, never stepped over.
  let ceiling = Infinity;
  for (let i = cur + 1; i < beats.length; i++)
    if (beats[i].pause && i > p.released) {
      ceiling = beats[i].at;
      break;
    }
  if (Number.isFinite(p.speed) && cur + 1 < beats.length) {
    const left = cur >= 0 ? beats[cur].readingMs - (p.now - p.shown.since) : 0;
    if (left > 0) {
      // Still being read: run up to the step before the next beat, and wait there.
      const last = beats[cur + 1].at - 1;
      if (last < ceiling) ceiling = last;
      if (p.step >= ceiling && ceiling === last)
        return { ceiling, holdMs: left, paused: false, header: `holding for the caption · ${Math.ceil(left / 1000)} s` };
    } else if (cur + 2 < beats.length) {
      // Read: the next beat may appear, and must be read in its turn before the one after it.
      const last = beats[cur + 2].at - 1;
      if (last < ceiling) ceiling = last;
    }
  }
  return { ceiling, holdMs: 0, paused: false, header: null };
}
