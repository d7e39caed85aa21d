import { Box, Text } from 'ink';
import { memo } from 'react';
import type { GradientRule } from '../../engine/normalize.js';
import type { ChartModel } from '../../session/chart-model.js';
import { LABEL_WIDTH } from '../../session/scale.js';
import { columnAxis } from '../chart/axis.js';
import { LineChart } from '../chart/LineChart.js';
import type { ChartGlyphs } from '../chart/plot.js';

/** Where nothing finite is left to draw (every column a gap): any range draws the gaps. */
const EMPTY_RANGE = { lo: -1, hi: 1 };

export interface PanelChartProps {
  model: ChartModel;
  rule: GradientRule;
  /** The panel's colour (Panel.tsx's PANEL_COLOR; passed in, as Panel imports this file). */
  color: string;
  /** Plot cells and rows (layout.ts's ChartLayout). */
  width: number;
  height: number;
  glyphs: ChartGlyphs;
}

/**
 * One quantity's multi-row chart in one panel. Its props change only when a sample lands (the
 * session hands out the same ChartModel until then), so between samples it is not drawn again.
 */
export const PanelChart = memo(function PanelChart({ model, rule, color, width, height, glyphs }: PanelChartProps) {
  const columns = model.columns[rule];
  // Labels on each panel when the scale is its own; on the naive panel only when shared, the
  // backprop panel keeping the column blank so both plots line up.
  const yAxis = model.scale.shared && rule === 'backprop' ? 'blank' : true;
  return (
    <LineChart
      series={[{ columns, color }]}
      range={model.scale.panels[rule] ?? EMPTY_RANGE}
      transform={model.scale.transform}
      width={width}
      height={height}
      glyphs={glyphs}
      yAxis={yAxis}
    />
  );
});

export interface StepAxisProps {
  /** Any of the panel's charts: they all span the same steps. */
  model: ChartModel;
  rule: GradientRule;
  width: number;
  glyphs: ChartGlyphs;
  /** Steps to mark (beats, events): a plain list, whatever the source. */
  markers: readonly number[];
}

/**
 * The step axis at the foot of a panel's charts, once for all of them: the line with the marked
 * steps, then the first, middle and last step, from the columns drawn (axis.ts's columnAxis).
 */
export const StepAxis = memo(function StepAxis({ model, rule, width, glyphs, markers }: StepAxisProps) {
  const a = glyphs.axis;
  const x = columnAxis(model.columns[rule], width, glyphs.xPerCell, markers, a.horizontal, a.marker);
  const pad = ' '.repeat(LABEL_WIDTH);
  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate">
        {pad + a.corner + x.line}
      </Text>
      <Text dimColor wrap="truncate">
        {pad + ' ' + x.labels}
      </Text>
    </Box>
  );
});
