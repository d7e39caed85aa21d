import type { GradientRule } from '../../engine/normalize.js';
import { formatDelta, formatNumber, NUMBER_WIDTH } from '../../session/format.js';
import type { LiveView } from '../../session/live.js';
import type { RowModel } from '../../session/rows.js';
import { rowLabel, type Glyphs } from '../glyphs.js';
import { DELTA_WIDTH, FLAG_WIDTH, type PanelLayout } from '../layout.js';
import { sparkline } from '../spark.js';
import { cellWidth, pad, toAscii, truncate, wrap } from '../text.js';
import type { Colour, Segment } from './Segments.js';

export const PANEL_COLOR: Record<GradientRule, Colour> = { naive: 'yellow', backprop: 'cyan' };

/** What each network does, in the panel's title. */
function panelTitle(rule: GradientRule, normalize: LiveView['normalize']): string {
  const stats = normalize === 'center' ? 'E[x]' : 'E[x] and Var[x]';
  return rule === 'naive' ? `naive: ${stats} held constant in the gradient` : `backprop: gradient flows through ${stats}`;
}

/** One row's cells after the label, as fixed-width strings; null for a diverged model. */
function rowCells(row: RowModel, rule: GradientRule, sparkWidth: number, g: Glyphs) {
  const cell = row.cells[rule];
  if (cell === null) return null;
  const t = (s: string) => (g.ascii ? toAscii(s) : s);
  return {
    spark: sparkline(cell.values, row.range, sparkWidth, cell.flat, g),
    value: pad(t(formatNumber(cell.current, row.magnitude)), NUMBER_WIDTH, 'right'),
    delta: pad(t(g.delta + formatDelta(cell.delta, row.magnitude, row.noise)), DELTA_WIDTH),
    flat: pad(cell.flat ? 'flat' : '', FLAG_WIDTH),
    quiet: cell.deltaKind !== 'moved',
  };
}

/** A horizontal border of exactly `width` cells with `text` set into it. */
function borderLine(left: string, right: string, text: string, width: number, g: Glyphs): string {
  const inner = width - 2;
  if (inner < 0) return '';
  const label = text && inner >= 6 ? `${g.horizontal} ${truncate(text, inner - 4, g.ellipsis)} ` : '';
  return left + label + g.horizontal.repeat(Math.max(0, inner - cellWidth(label))) + right;
}

export interface PanelProps {
  rule: GradientRule;
  view: LiveView;
  layout: PanelLayout;
  g: Glyphs;
  /** Set into the bottom border (bordered layouts only). */
  note?: string;
}

/** The lines of one panel, each exactly layout.panelWidth cells. */
export function panelLines(p: PanelProps): Segment[][] {
  const { rule, view, layout, g } = p;
  const t = (s: string) => (g.ascii ? toAscii(s) : s);
  const color = PANEL_COLOR[rule];
  const width = layout.panelWidth;
  const inner = width - (layout.bordered ? 4 : 2);
  const divergedAt = view.divergedAt[rule];
  const title = t(panelTitle(rule, view.normalize) + (divergedAt !== null ? ` · diverged at step ${divergedAt}` : ''));
  const rows = new Map(view.rows.map((r) => [r.key, r]));
  const vbar = g.ascii ? '|' : '│';
  const frame = (content: Segment[]): Segment[] =>
    layout.bordered
      ? [{ text: vbar, color }, { text: ' ' }, ...content, { text: ' ' }, { text: vbar, color }]
      : [{ text: ' ' }, ...content, { text: ' ' }];

  const lines: Segment[][] = [];
  if (layout.bordered) lines.push([{ text: borderLine(g.corner.topLeft, g.corner.topRight, title, width, g), color }]);
  else {
    // No bottom border to carry the note: it goes after the title.
    // The title gives way to it: "rows hidden" is what explains a panel shorter than expected.
    const note = p.note ? t(` (${p.note})`) : '';
    const room = cellWidth(note) <= inner / 2 ? inner - cellWidth(note) : inner;
    const head = room < inner ? truncate(title, room, g.ellipsis) + note : truncate(title + note, inner, g.ellipsis);
    lines.push(frame([{ text: pad(head, inner), color, bold: true }]));
  }

  if (divergedAt !== null) {
    // Same height as the rows it replaces, so the layout does not jump when a model diverges.
    // The explanation wraps into the rows below: they are empty anyway.
    const rowsLeft = layout.shown.length - 1;
    const message: Segment[] = [
      { text: truncate(`diverged at step ${divergedAt}`, inner, g.ellipsis), color: 'red', bold: true },
      ...wrap(t('A value overflowed or hit 0/0; this network stopped updating.'), inner, rowsLeft, g.ellipsis).map(
        (text): Segment => ({ text, dim: true }),
      ),
    ];
    for (let i = 0; i < layout.shown.length; i++) {
      const m = message[i];
      lines.push(frame([m ? { ...m, text: pad(m.text, inner) } : { text: pad('', inner) }]));
    }
  } else {
    for (const key of layout.shown) {
      const label = pad(t(rowLabel(key, { ascii: g.ascii, probe: view.probe, dims: view.dims })), layout.labelWidth);
      const row = rows.get(key);
      const c = row ? rowCells(row, rule, layout.sparkWidth, g) : null;
      lines.push(
        frame([
          { text: `${label} ` },
          { text: c?.spark ?? pad('', layout.sparkWidth), color },
          { text: ` ${c?.value ?? pad('', NUMBER_WIDTH)} ` },
          { text: c?.delta ?? pad('', DELTA_WIDTH), dim: c?.quiet },
          { text: ' ' },
          { text: c?.flat ?? pad('', FLAG_WIDTH), color: 'green' },
        ]),
      );
    }
  }
  if (layout.bordered)
    lines.push([
      { text: borderLine(g.ascii ? '+' : '╰', g.ascii ? '+' : '╯', p.note ? t(p.note) : '', width, g), color },
    ]);
  return lines;
}
