import React, { memo } from 'react';
import { Box, Text } from 'ink';
import { LABEL_WIDTH, type Range, type YTransform } from '../../session/scale.js';
import { columnAxis, yAxisLabels, type StepSpan } from './axis.js';
import { plot, type Cell, type ChartGlyphs, type PlotSeries } from './plot.js';
import { toAscii } from '../../text/cells.js';

export interface LineChartProps {
  /** Min/max per column (series.ts's columns), width·glyphs.xPerCell of them; drawn in order. */
  series: readonly PlotSeries[];
  /** The y-range in drawn units and its transform (scale.ts's yScale). */
  range: Range;
  transform: YTransform;
  /** Plot cells, without the label column. */
  width: number;
  /** Plot rows, without the axis rows. */
  height: number;
  glyphs: ChartGlyphs;
  /**
   * Draw the y labels (LABEL_WIDTH + 1 cells to the left); a shared scale labels one panel, and
   * the other takes 'blank': the same cells, with the axis line but no labels, so both plots line up.
   */
  yAxis?: boolean | 'blank';
  /**
   * The step axis under the plot, from the steps of the columns drawn (series.ts's columns, the
   * same as the series'), and the steps to mark (beats, events).
   */
  steps?: { columns: readonly StepSpan[]; markers?: readonly number[] };
}

/** A row's text in segments of one colour each. */
interface Segment {
  text: string;
  color?: string;
}

/** Consecutive cells of one colour as one segment, so a row is a few <Text>s, not `width` nodes. */
function segments(cells: readonly Cell[]): Segment[] {
  const parts: Segment[] = [];
  // Blank cells at the end of a row are not written: Ink's frame is blank there already, and
  // Ink's cost per frame grows with every character of text (most rows of a flat chart are blank).
  let end = cells.length;
  while (end > 0 && cells[end - 1].char === ' ') end--;
  for (let i = 0; i < end; i++) {
    const c = cells[i];
    const last = parts[parts.length - 1];
    // A blank cell looks the same in any colour: it joins the segment before it, so a chart of
    // one series is one segment a row (fewer nodes for Ink to lay out every frame).
    if (last && (last.color === c.color || c.char === ' ')) last.text += c.char;
    else if (last && last.text.trim() === '' && last.color !== c.color) {
      last.text += c.char;
      last.color = c.color;
    } else parts.push({ text: c.char, color: c.color });
  }
  return parts;
}

const sameSegments = (a: readonly Segment[], b: readonly Segment[]) => a.length === b.length && a.every((s, i) => s.text === b[i].text && s.color === b[i].color);

/**
 * One plot row: its y label and axis edge, then its segments. A sample changes a few rows of a
 * chart (the newest column's): the others are the same strings and are not drawn again (memo).
 */
const ChartRow = memo(
  function ChartRow({ label, parts }: { label: string; parts: readonly Segment[] }) {
    return (
      <Text wrap="truncate">
        <Text dimColor>{label}</Text>
        {parts.map((p, i) => (
          <Text key={i} color={p.color}>
            {p.text}
          </Text>
        ))}
      </Text>
    );
  },
  (a, b) => a.label === b.label && sameSegments(a.parts, b.parts),
);

/** The labels' minus signs (U+2212) as '-' in the ASCII glyph set: --ascii draws ASCII only. */
function asciiLabels(y: { labels: string[]; offset: string | null }, g: ChartGlyphs): { labels: string[]; offset: string | null } {
  if (g.name !== 'ascii') return y;
  return { labels: y.labels.map(toAscii), offset: y.offset === null ? null : toAscii(y.offset) };
}

/**
 * A multi-row line chart: y labels, the plot, and the step axis with its markers and labels.
 * Pure: everything comes in as props; the wrap is off so a row never spills onto the next.
 */
export function LineChart({ series, range, transform, width, height, glyphs, yAxis = true, steps }: LineChartProps): React.ReactElement {
  const rows = plot(series, range, transform, width, height, glyphs);
  const y = yAxis === true ? asciiLabels(yAxisLabels(range, transform, height), glyphs) : yAxis === 'blank' ? { labels: new Array<string>(height).fill(' '.repeat(LABEL_WIDTH)), offset: null } : null;
  const pad = yAxis ? ' '.repeat(LABEL_WIDTH) : '';
  const a = glyphs.axis;
  const x = steps ? columnAxis(steps.columns, width, glyphs.xPerCell, steps.markers ?? [], a.horizontal, a.marker) : null;
  return (
    <Box flexDirection="column">
      {y?.offset ? (
        <Text dimColor wrap="truncate">
          {`${pad}${a.vertical}${y.offset} +`}
        </Text>
      ) : null}
      {rows.map((cells, r) => {
        const label = y ? y.labels[r] : '';
        const edge = y ? (label.trim() ? a.tick : a.vertical) : '';
        return <ChartRow key={r} label={label + edge} parts={segments(cells)} />;
      })}
      {x ? (
        <>
          <Text dimColor wrap="truncate">
            {(yAxis ? pad + a.corner : '') + x.line}
          </Text>
          <Text dimColor wrap="truncate">
            {(yAxis ? pad + ' ' : '') + x.labels}
          </Text>
        </>
      ) : null}
    </Box>
  );
}
