import type { GradientRule } from '../engine/normalize.js';
import type { StepState } from '../engine/trainer.js';
import type { Scenario } from '../scenario/schema.js';
import { chartModel, type ChartModel } from './chart-model.js';
import { seriesValue, type SeriesKey } from './history.js';
import type { Pair } from './pair.js';
import { inheritedRoundOff } from './rows.js';
import type { YTransform } from './scale.js';
import type { StepAxis } from './series.js';
import { WholeRun } from './whole-run.js';

/**
 * The live session's charts: the whole-run store (whole-run.ts), fed by the session's steps and
 * samples, and the chart models a frame asks for, computed once per sample: between two samples
 * every frame gets the same ChartModel objects, so the chart components (memo) are not drawn
 * again and nothing is recomputed.
 */

/** What a frame asks for: one quantity's chart, as the view's options and its size set it. */
export interface ChartRequest {
  key: SeriesKey;
  /** The recent window (as pages, chart-model.ts's pageColumns) or the whole run. */
  span: 'page' | 'whole';
  /** The whole run's step axis: linear, or even in log(step+1). */
  axis: StepAxis;
  y: 'linear' | 'symlog';
  /** Data columns: plot cells × the glyph set's columns per cell. */
  columns: number;
  /** Plot rows (the range is snapped to ticks for them). */
  rows: number;
}

export class LiveCharts {
  private run: WholeRun;
  private samples = 0;
  private cachedAt = -1;
  private readonly cache = new Map<string, ChartModel>();

  constructor(
    keys: readonly SeriesKey[],
    pair: Pair,
    private readonly capacity: number,
  ) {
    this.run = new WholeRun(keys, pair, { recentCapacity: capacity });
  }

  /** A new run (reset, new seed, another scenario): new stores for its quantities. */
  restart(keys: readonly SeriesKey[], pair: Pair): void {
    this.run = new WholeRun(keys, pair, { recentCapacity: this.capacity });
    this.samples++;
  }

  /** Pair.advance(k), reading every step's values into the whole run. */
  advance(pair: Pair, k: number): void {
    this.run.advance(pair, k);
  }

  /** A sampled step: into the window and the run; cached charts are stale from here. */
  sample(step: number, states: Record<GradientRule, StepState>): void {
    this.run.sample(step, states);
    this.samples++;
  }

  /**
   * A seek (the presenter's re-run from step 0 to `to`): the stores are rebuilt from `pair`,
   * fresh at step 0 (WholeRun.rebuild); `onSample` receives each sampled step.
   */
  rebuild(pair: Pair, to: number, sampleEvery: number, onSample?: (step: number, states: Record<GradientRule, StepState>) => void): void {
    this.run.rebuild(pair, to, sampleEvery, onSample);
    this.samples++;
  }

  /** One quantity's chart for this frame: the same object until the next sample lands. */
  chart(req: ChartRequest, at: { latest: Record<GradientRule, StepState>; baseline: Record<GradientRule, StepState>; diverged: Record<GradientRule, boolean>; normalize: Scenario['model']['normalize'] }): ChartModel {
    if (this.cachedAt !== this.samples) {
      this.cache.clear();
      this.cachedAt = this.samples;
    }
    const id = `${req.key} ${req.span} ${req.axis} ${req.y} ${req.columns} ${req.rows}`;
    let m = this.cache.get(id);
    if (m === undefined) {
      const states = [at.latest.naive, at.latest.backprop];
      m = chartModel({
        run: this.run,
        key: req.key,
        span: req.span,
        axis: req.axis,
        columns: req.columns,
        transform: req.y === 'symlog' ? symlogFor(req.key, at.baseline) : undefined,
        noise: inheritedRoundOff(req.key, states, at.normalize),
        diverged: at.diverged,
        snapRows: req.rows,
      });
      this.cache.set(id, m);
    }
    return m;
  }
}

/**
 * symlog's linear zone: the quantity's size at step 0 (both models start alike), or 1 for one
 * that starts at 0 (b): linear while it is about its starting size, logarithmic as it drifts.
 */
function symlogFor(key: SeriesKey, baseline: Record<GradientRule, StepState>): YTransform {
  const c = Math.max(Math.abs(valueAt(baseline.naive, key)), Math.abs(valueAt(baseline.backprop, key)));
  return { kind: 'symlog', c: Number.isFinite(c) && c > 1e-6 ? c : 1 };
}

const valueAt = (s: StepState, key: SeriesKey) => seriesValue(s, key);

/**
 * The quantities worth a multi-row chart, most telling first: the parameters the scenario learns
 * (b, w), then the loss, E[x], ∂L/∂b and x̂. A parameter it does not learn is constant (b = 0 in
 * scale-blowup): its row says so, a chart of it would show round-off.
 */
export function chartKeys(s: Scenario): readonly SeriesKey[] {
  let keys = chartOrders.get(s);
  if (keys === undefined) {
    const learned: SeriesKey[] = [];
    if (s.model.bias.learn) learned.push('bias');
    if (s.model.weight.learn) learned.push('weight');
    chartOrders.set(s, (keys = [...learned, 'loss', 'meanX', 'gradB', 'trueGradB', 'xhatProbe']));
  }
  return keys;
}
const chartOrders = new WeakMap<Scenario, readonly SeriesKey[]>();

/** The steps the scenario's narration changes at (its beats), to mark on the step axis. */
export function captionSteps(s: Scenario): readonly number[] {
  // The same array for the same scenario, so the charts that mark them are not drawn again.
  let steps = beats.get(s);
  if (steps === undefined) beats.set(s, (steps = [...new Set(s.captions.map((c) => c.at).filter((t) => t > 0))].sort((x, y) => x - y)));
  return steps;
}
const beats = new WeakMap<Scenario, readonly number[]>();
