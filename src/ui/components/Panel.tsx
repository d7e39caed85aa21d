import { Box, Text } from 'ink';
import { Fragment, memo } from 'react';
import type { GradientRule } from '../../engine/normalize.js';
import { formatDelta, formatNumber, NUMBER_WIDTH } from '../../session/format.js';
import type { LiveView } from '../../session/live.js';
import { TERMS_OF, type RowModel } from '../../session/rows.js';
import type { SeriesKey } from '../../session/history.js';
import { rowLabel, type Glyphs } from '../glyphs.js';
import { AXIS_ROWS, DELTA_WIDTH, FLAG_WIDTH, type PanelLayout } from '../layout.js';
import { sparkline } from '../spark.js';
import { cellWidth, pad, toAscii, truncate, wrap } from '../../text/cells.js';
import type { ChartModel } from '../../session/chart-model.js';
import type { ChartGlyphs } from '../chart/plot.js';
import { PanelChart, StepAxis } from './PanelChart.js';

export const PANEL_COLOR: Record<GradientRule, 'yellow' | 'cyan'> = { naive: 'yellow', backprop: 'cyan' };

/** What each network does, in the panel's title. */
function panelTitle(rule: GradientRule, normalize: LiveView['normalize']): string {
  const stats = normalize === 'center' ? 'E[x]' : 'E[x] and Var[x]';
  return rule === 'naive' ? `naive: ${stats} held constant in the gradient` : `backprop: gradient flows through ${stats}`;
}

/**
 * A top or bottom border of exactly `width` cells with `text` set into it ("╭─ title ───╮").
 * Ink draws a box's sides (borderStyle); it has no titled edge, so the two edges are drawn from
 * the same BoxStyle here.
 */
function edge(left: string, right: string, text: string, width: number, g: Glyphs): string {
  const inner = width - 2;
  if (inner < 0) return '';
  const line = g.border.top;
  const label = text && inner >= 6 ? `${line} ${truncate(text, inner - 4, g.ellipsis)} ` : '';
  return left + label + line.repeat(Math.max(0, inner - cellWidth(label))) + right;
}

interface RowProps {
  label: string;
  color: 'yellow' | 'cyan';
  spark: string;
  value: string;
  delta: string;
  /** The change is round-off or nothing: dimmed. */
  quiet: boolean;
  flat: string;
  /** Label, sparkline and value only (compact panels side by side). */
  compact?: boolean;
  /** Said (dimmed) after the flag: "own scale" on a charted row. */
  note?: string;
}

/**
 * One quantity: label, sparkline, value, change since the start, and `flat` when it is. Its
 * props are the strings drawn, so a row that did not change since the last frame (a flat series
 * at the same value) is not drawn again (memo).
 */
const Row = memo(function Row({ label, color, spark, value, delta, quiet, flat, compact, note }: RowProps) {
  if (compact)
    return (
      <Text wrap="truncate">
        {`${label} `}
        <Text color={color}>{spark}</Text>
        {` ${value}`}
      </Text>
    );
  return (
    <Text wrap="truncate">
      {`${label} `}
      <Text color={color}>{spark}</Text>
      {` ${value} `}
      <Text dimColor={quiet}>{delta}</Text>
      {' '}
      {/* Blank cells need no colour: no escape codes for them on every frame. */}
      <Text color={flat.trim() ? 'green' : undefined}>{flat}</Text>
      {note ? <Text dimColor>{` ${note}`}</Text> : null}
    </Text>
  );
});

/**
 * A true-gradient row in backprop's panel: its rule is the true gradient, so the row above
 * already shows it. Said in words on the line that lines up with the naive panel's true row,
 * rather than the same numbers again (drawn on the naive row's y-range, they read as another
 * quantity).
 */
const SameRow = memo(function SameRow({ label, text }: { label: string; text: string }) {
  return (
    <Text wrap="truncate">
      {`${label} `}
      <Text dimColor>{text}</Text>
    </Text>
  );
});

/** A row's cells as fixed-width strings: blank when there is nothing to show. */
function rowProps(label: string, row: RowModel | undefined, rule: GradientRule, layout: PanelLayout, g: Glyphs): RowProps {
  const t = (s: string) => (g.ascii ? toAscii(s) : s);
  const cell = row?.cells[rule] ?? null;
  return {
    label: pad(label, layout.labelWidth),
    color: PANEL_COLOR[rule],
    spark: cell && row ? sparkline(cell.values, row.range, layout.sparkWidth, cell.flat, g) : pad('', layout.sparkWidth),
    value: pad(cell && row ? t(formatNumber(cell.current, row.magnitude)) : '', NUMBER_WIDTH, 'right'),
    // The change since step 0, not the paper's Δ (one step's update): the panel's edge says so.
    delta: pad(cell && row ? t(formatDelta(cell.delta, row.magnitude, row.noise)) : '', DELTA_WIDTH),
    quiet: cell !== null && cell.deltaKind !== 'moved',
    flat: pad(cell?.flat ? 'flat' : '', FLAG_WIDTH),
    compact: layout.compact,
  };
}

/** What a panel draws its charts from: the session's models, the glyphs, and the steps to mark. */
export interface PanelCharts {
  models: ReadonlyMap<SeriesKey, ChartModel>;
  glyphs: ChartGlyphs;
  markers: readonly number[];
}

/** A diverged model: the step it diverged at, and why its rows are empty, in the rows' place. */
function Diverged({ at, inner, rows, g }: { at: number; inner: number; rows: number; g: Glyphs }) {
  const t = (s: string) => (g.ascii ? toAscii(s) : s);
  // Wrapped into the rows below the first: they are empty anyway, and the panel keeps its height.
  const why = wrap(t('A value overflowed or hit 0/0; this network stopped updating.'), inner, rows - 1, g.ellipsis);
  return (
    <Box flexDirection="column" height={rows}>
      <Text color="red" bold wrap="truncate">
        {truncate(`diverged at step ${at}`, inner, g.ellipsis)}
      </Text>
      {why.map((line, i) => (
        <Text key={i} dimColor>
          {line}
        </Text>
      ))}
    </Box>
  );
}

export interface PanelProps {
  rule: GradientRule;
  view: LiveView;
  layout: PanelLayout;
  g: Glyphs;
  /** Said in the bottom border (bordered), or after the title: "3 rows hidden". */
  note?: string;
  /** What the numbers are, in the bottom border when it has room ("value · change since step 0"). */
  legend?: string;
  /** Multi-row charts under their rows (layout.chart's quantities). */
  charts?: PanelCharts;
}

/** One network's panel, exactly layout.panelWidth cells wide: a title and a row per quantity. */
export function Panel({ rule, view, layout, g, note, legend, charts }: PanelProps) {
  const t = (s: string) => (g.ascii ? toAscii(s) : s);
  const color = PANEL_COLOR[rule];
  const width = layout.panelWidth;
  const inner = width - (layout.bordered ? 4 : 2);
  const divergedAt = view.divergedAt[rule];
  const title = t(panelTitle(rule, view.normalize) + (divergedAt !== null ? ` · diverged at step ${divergedAt}` : ''));
  const rows = new Map(view.rows.map((r) => [r.key, r]));
  const label = (key: SeriesKey) => t(rowLabel(key, { ascii: g.ascii, probe: view.probe, dims: view.dims, rule }));
  const body =
    divergedAt !== null ? (
      // As tall as the other panel: its rows, and its charts and their step axis when drawn.
      <Diverged at={divergedAt} inner={inner} rows={layout.shown.length + (layout.chart && charts ? layout.chart.keys.length * layout.chart.height + AXIS_ROWS : 0)} g={g} />
    ) : (
      layout.shown.map((key) => {
        const own = rule === 'backprop' ? TERMS_OF[key] : undefined;
        if (own !== undefined) {
          const same = <SameRow label={pad(label(key), layout.labelWidth)} text={t(`= ${label(own)} above: the true gradient`)} />;
          const charted = layout.chart && charts?.models.has(key);
          if (!charted || !layout.chart) return <Fragment key={key}>{same}</Fragment>;
          // The naive panel draws its chart here: the same rows, left blank, keep the two aligned.
          return (
            <Fragment key={key}>
              {same}
              <Box height={layout.chart.height} />
            </Fragment>
          );
        }
        const props = rowProps(label(key), rows.get(key), rule, layout, g);
        const model = layout.chart && charts?.models.get(key);
        if (!model || !layout.chart || !charts) return <Row key={key} {...props} />;
        const c = layout.chart;
        // The chart under it is the row's history: no sparkline (and no blank cells in its place,
        // which Ink would lay out every frame); the row says whether this panel has its own
        // y-scale (the two panels' heights do not compare then).
        return (
          <Fragment key={key}>
            <Row {...props} spark="" note={model.scale.shared ? undefined : t('own scale')} />
            <PanelChart
              model={model}
              rule={rule}
              color={color}
              width={c.plotWidth}
              height={c.height}
              glyphs={charts.glyphs}
            />
          </Fragment>
        );
      })
    );
  const last = layout.chart && charts?.models.get(layout.chart.keys[layout.chart.keys.length - 1]);
  const axis =
    divergedAt === null && last && layout.chart && charts ? (
      <StepAxis model={last} rule={rule} width={layout.chart.plotWidth} glyphs={charts.glyphs} markers={charts.markers} />
    ) : null;

  if (!layout.bordered) {
    // No bottom border to carry the note: it goes after the title, which gives way to it ("rows
    // hidden" is what explains a panel shorter than expected).
    const said = note ? t(` (${note})`) : '';
    const room = cellWidth(said) <= inner / 2 ? inner - cellWidth(said) : inner;
    const head = room < inner ? truncate(title, room, g.ellipsis) + said : truncate(title + said, inner, g.ellipsis);
    return (
      <Box flexDirection="column" width={width} paddingX={1}>
        <Text color={color} bold>
          {head}
        </Text>
        {body}
        {axis}
      </Box>
    );
  }
  const b = g.border;
  return (
    <Box flexDirection="column" width={width}>
      <Text color={color}>{edge(b.topLeft, b.topRight, title, width, g)}</Text>
      <Box flexDirection="column" borderStyle={b} borderColor={color} borderTop={false} borderBottom={false} paddingX={1}>
        {body}
        {axis}
      </Box>
      <Text color={color}>{edge(b.bottomLeft, b.bottomRight, t([note, legend].filter(Boolean).join(g.sep)), width, g)}</Text>
    </Box>
  );
}
