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

export const LABELS: Record<SeriesKey, SeriesLabel> = {
  bias: { row: 'bias b', asciiRow: 'bias b', name: 'b', means: 'the bias' },
  meanX: { row: 'E[x]', asciiRow: 'E[x]', name: 'E[x]', means: 'the batch mean' },
  varX: { row: 'Var[x]', asciiRow: 'Var[x]', name: 'Var[x]', means: 'the batch variance' },
  // x^ as toAscii() spells x̂ in captions and help.
  xhatProbe: { row: 'x̂ ex.#', asciiRow: 'x^ ex.#', name: 'x̂', means: 'of one example' },
  xhatSpread: { row: 'x̂ spread', asciiRow: 'x^ spread', name: 'x̂ spread', means: 'over all examples' },
  loss: { row: 'loss', asciiRow: 'loss', name: 'loss', means: 'on the full set' },
  evalLoss: { row: 'eval loss', asciiRow: 'eval loss', name: 'eval loss', means: 'with the running statistics (eval mode)' },
  gradB: { row: '∂L/∂b', asciiRow: 'dL/db', name: '∂L/∂b', means: 'the gradient each rule applies' },
  weight: { row: 'w', asciiRow: 'w', name: 'w', means: 'the weight' },
  gamma: { row: 'γ', asciiRow: 'gamma', name: 'γ', means: 'the learned scale' },
  beta: { row: 'β', asciiRow: 'beta', name: 'β', means: 'the learned shift' },
};

/** The weight of several inputs is shown by its norm. */
const WEIGHT_NORM: SeriesLabel = { row: '‖w‖', asciiRow: '|w|', name: '‖w‖', means: 'the norm of the weights' };

export function seriesLabel(key: SeriesKey, dims: number): SeriesLabel {
  return key === 'weight' && dims > 1 ? WEIGHT_NORM : LABELS[key];
}

/** A row's label in the paper's notation; `probe` is the followed example, `dims` picks w or ‖w‖. */
export function rowLabel(key: SeriesKey, o: { ascii: boolean; probe: number; dims: number }): string {
  const l = seriesLabel(key, o.dims);
  return (o.ascii ? l.asciiRow : l.row).replace('#', String(o.probe));
}
