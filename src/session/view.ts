import type { GradientRule } from '../engine/normalize.js';
import type { StepState } from '../engine/trainer.js';
import type { Scenario } from '../scenario/schema.js';
import { caption, type Caption } from './captions.js';
import { MAX_SPEED } from './clock.js';
import type { SessionEvent } from './events.js';
import type { History } from './history.js';
import { rowModels, type RowModel, type RowSpec } from './rows.js';

/** Everything a frame shows, as data: the UI only draws it. */
export interface LiveView {
  name: string;
  title: string;
  summary: string;
  seed: number;
  learningRate: number;
  step: number;
  paused: boolean;
  /** Target steps per second; MAX_SPEED when fast-forwarding as fast as the engine goes. */
  speed: number;
  /** Steps per second actually achieved recently. */
  rate: number;
  /** The target is beyond what the engine does within the clock's budget. */
  behind: boolean;
  probe: number;
  dims: number;
  normalize: Scenario['model']['normalize'];
  /** θ in x = θ(w·u + b): the help's equations for ∂ℓ/∂b depend on it (θ′ is 1 only for the identity). */
  activation: Scenario['model']['activation'];
  divergedAt: Record<GradientRule, number | null>;
  rows: RowModel[];
  caption: Caption;
  /** A short-lived message about the last command (e.g. a scenario that failed to load). */
  notice: string | null;
  /** Position in the built-in list, for the header; null for a file outside it. */
  index: { at: number; of: number } | null;
  /** The command line that reproduces this view. */
  replay: string;
  /** What the header says in place of the speed: presenter mode, a hold for a caption, the end. */
  status: string | null;
  /** The latest event at or before this step, as one line ("step 138 · naive w flipped sign, …"). */
  event: string | null;
  /** Presenter mode is on: space goes to the next stop. */
  presenting: boolean;
  /** The events of this run up to this step, oldest first: the charts mark them. */
  events: readonly SessionEvent[];
  /** The steps at which the scenario's beats (captions) appear: the charts mark them. */
  beats: readonly number[];
}

/** What the view model reads: the session's state at one moment. */
export interface ViewInput {
  name: string;
  scenario: Scenario;
  step: number;
  paused: boolean;
  /** Reached --steps N: the numbers are still. */
  finished: boolean;
  speed: number;
  rate: number;
  behind: boolean;
  probe: number;
  divergedAt: Record<GradientRule, number | null>;
  history: History;
  historyCapacity: number;
  baseline: Record<GradientRule, StepState>;
  latest: Record<GradientRule, StepState>;
  specs: RowSpec[];
  notice: string | null;
  index: { at: number; of: number } | null;
  replay: string;
  status: string | null;
  presenting: boolean;
  events: readonly SessionEvent[];
  beats: readonly number[];
}

/**
 * The latest step's events as the view's one line: the first found at that step (the detector
 * judges a cause, a sign flip, before its effect, a loss spike), and how many more there are.
 */
export function eventLine(events: readonly SessionEvent[]): string | null {
  if (events.length === 0) return null;
  const step = events[events.length - 1].step;
  let first = events.length - 1;
  while (first > 0 && events[first - 1].step === step) first--;
  const more = events.length - 1 - first;
  return `step ${step} · ${events[first].text}${more > 0 ? ` (+${more} more)` : ''}`;
}

/** The frame's data for a sparkline `window` samples wide: a pure function of its input. */
export function viewModel(v: ViewInput, window: number): LiveView {
  const s = v.scenario;
  const diverged = { naive: v.divergedAt.naive !== null, backprop: v.divergedAt.backprop !== null };
  return {
    name: v.name,
    title: s.title,
    summary: s.summary,
    seed: s.seed,
    learningRate: s.training.learningRate,
    step: v.step,
    paused: v.paused,
    speed: v.speed,
    rate: v.rate,
    behind: v.speed === MAX_SPEED || v.behind,
    probe: v.probe,
    dims: s.data.dims,
    normalize: s.model.normalize,
    activation: s.model.activation,
    divergedAt: v.divergedAt,
    rows: rowModels(
      {
        history: v.history,
        window: Math.max(1, Math.min(window, v.historyCapacity)),
        baseline: v.baseline,
        latest: v.latest,
        diverged,
        still: v.paused || v.finished,
        normalize: s.model.normalize,
      },
      v.specs,
    ),
    caption: caption({
      scenario: s,
      step: v.step,
      baseline: v.baseline,
      latest: v.latest,
      divergedAt: v.divergedAt,
      history: v.history,
    }),
    notice: v.notice,
    index: v.index,
    replay: v.replay,
    status: v.status,
    presenting: v.presenting,
    event: eventLine(v.events),
    events: v.events,
    beats: v.beats,
  };
}
