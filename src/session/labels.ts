import type { GradientRule } from '../engine/normalize.js';
import type { SeriesKey } from './history.js';

/**
 * The one table of what each series is called: in a panel's row (`row`, with an ASCII spelling
 * for --ascii), in a caption's sentence (`name`: "the naive step moved b by …"), and what it
 * means, for the help's key to the rows. Rows, captions and help all read it here.
 */
export interface SeriesLabel {
  /** Row label; `#` stands for the followed example's index. */
  row: string;
  asciiRow: string;
  /** The quantity's name in a sentence. */
  name: string;
  /** For the help's key to the rows, after the name: "b the bias", "loss on the full set". */
  means: string;
}

interface LabelEntry extends SeriesLabel {
  /** The spelling with several inputs, where the weight is shown by its norm (and so its gradient). */
  several?: SeriesLabel;
  /**
   * The gradient each model's own rule computes: the naive panel's is the naive rule's estimate
   * (the statistics held constant), not the gradient of the loss. A leading "~" says so
   * (~∂L/∂b, "estimated"), one cell, so the narrowest layout stays as narrow (--width's minimum).
   */
  estimate?: true;
}

const LABELS: Record<SeriesKey, LabelEntry> = {
  bias: { row: 'bias b', asciiRow: 'bias b', name: 'b', means: 'the bias' },
  meanX: { row: 'E[x]', asciiRow: 'E[x]', name: 'E[x]', means: 'the batch mean' },
  varX: { row: 'Var[x]', asciiRow: 'Var[x]', name: 'Var[x]', means: 'the batch variance' },
  // x^ as toAscii() spells x̂ in captions and help.
  xhatProbe: { row: 'x̂ ex.#', asciiRow: 'x^ ex.#', name: 'x̂', means: 'of one example' },
  xhatSpread: { row: 'x̂ spread', asciiRow: 'x^ spread', name: 'x̂ spread', means: 'over all examples' },
  loss: { row: 'loss', asciiRow: 'loss', name: 'loss', means: 'on the full set' },
  evalLoss: { row: 'eval loss', asciiRow: 'eval loss', name: 'eval loss', means: 'with the running statistics (eval mode)' },
  gradB: {
    row: '∂L/∂b',
    asciiRow: 'dL/db',
    name: '∂L/∂b',
    means: "the gradient each rule applies; the naive panel's ~∂L/∂b is the naive rule's estimate, with the statistics held constant",
    estimate: true,
  },
  // The true gradient in both panels, on the line under the gradient applied (its row, "↳ true",
  // belongs to the row above): beside the naive estimate it is what the estimate misses; in
  // backprop's panel it is the gradient applied. Six cells, as the estimate's label: a longer
  // one (∂L/∂b true) would widen the label column past x̂ spread's nine and cost a 100-column
  // terminal its side-by-side borders.
  trueGradB: {
    row: '↳ true',
    asciiRow: '-> true',
    name: 'the true ∂L/∂b',
    means: "(the row marked true under ∂L/∂b) at each model's parameters and batch, through the statistics, as backprop computes and applies it; in the naive panel it is what the estimate above it should have been: 0 where the loss does not depend on b",
  },
  // One step's update, the paper's Δb: not the change since step 0 (the rows' second number).
  deltaB: { row: 'Δb', asciiRow: 'delta_b', name: 'Δb', means: "one step's update to b, −η·∂L/∂b (the next step's)" },
  weight: {
    row: 'w',
    asciiRow: 'w',
    name: 'w',
    means: 'the weight',
    several: { row: '‖w‖', asciiRow: '|w|', name: '‖w‖', means: 'the norm of the weights' },
  },
  gradW: {
    row: '∂L/∂w',
    asciiRow: 'dL/dw',
    name: '∂L/∂w',
    means: 'the gradient each rule applies to w',
    several: { row: '‖∂L/∂w‖', asciiRow: '|dL/dw|', name: '‖∂L/∂w‖', means: 'the norm of the gradient each rule applies to w' },
    estimate: true,
  },
  trueGradW: {
    row: '↳ true',
    asciiRow: '-> true',
    name: 'the true ∂L/∂w',
    means: "(the row marked true under ∂L/∂w) at each model's parameters and batch, through the statistics, as backprop computes and applies it",
    several: { row: '↳ true', asciiRow: '-> true', name: 'the true ‖∂L/∂w‖', means: "(the row marked true under ‖∂L/∂w‖) at each model's parameters and batch, through the statistics" },
  },
  radialGradW: {
    row: 'w·∂L/∂w',
    asciiRow: 'w*dL/dw',
    name: 'w·∂L/∂w',
    means: 'the gradient along w, which changes ‖w‖',
    estimate: true,
  },
  trueRadialGradW: {
    row: '↳ true',
    asciiRow: '-> true',
    name: 'the true w·∂L/∂w',
    means: "(the row marked true under w·∂L/∂w) at each model's parameters: 0 when standardizing without ε, since L(c·w) = L(w)",
  },
  gamma: { row: 'γ', asciiRow: 'gamma', name: 'γ', means: 'the learned scale' },
  beta: { row: 'β', asciiRow: 'beta', name: 'β', means: 'the learned shift' },
};

export function seriesLabel(key: SeriesKey, dims: number): SeriesLabel {
  const l = LABELS[key];
  return dims > 1 && l.several ? l.several : l;
}

/** A row's label in the paper's notation; `probe` is the followed example, `dims` picks w or ‖w‖, `rule` the panel. */
export function rowLabel(key: SeriesKey, o: { ascii: boolean; probe: number; dims: number; rule?: GradientRule }): string {
  const l = seriesLabel(key, o.dims);
  const label = (o.ascii ? l.asciiRow : l.row).replace('#', String(o.probe));
  return o.rule === 'naive' && LABELS[key].estimate ? `~${label}` : label;
}

/** The widest label a row has in either panel, for the layout. */
export function rowLabelWidth(key: SeriesKey, o: { ascii: boolean; probe: number; dims: number }, width: (s: string) => number): number {
  return Math.max(width(rowLabel(key, { ...o, rule: 'naive' })), width(rowLabel(key, { ...o, rule: 'backprop' })));
}

/**
 * --ascii's one spelling of the notation, for every view and explain: Δ (a change) is "delta_"
 * and ∂ (a derivative) is "d", so Δb and ∂L/∂b never read alike (delta_b, dL/db); text/cells.ts's
 * toAscii spells the rest.
 */
export const ASCII_DELTA = 'delta_';
