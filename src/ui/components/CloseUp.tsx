import { Box, Text, type TextProps } from 'ink';
import type { GradientRule } from '../../engine/normalize.js';
import { blockLines, divergedBlocks, modelSections, num, preludeBlocks, type Block, type TextLine } from '../../output/explain.js';
import type { CloseUp as CloseUpModel, ModelCloseUp } from '../../session/closeup.js';
import { safeText } from '../../text/sanitize.js';
import { cellWidth, pad, toAscii, truncate } from '../../text/cells.js';
import type { Glyphs } from '../glyphs.js';
import { PANEL_COLOR } from './Panel.js';

/**
 * The close-up (key c): one training step of both models, worked example by example, with the
 * paper's identity filled in. A pure function of the close-up model (session/closeup.ts) and the
 * space it has: the same blocks `normdrift explain` prints (output/explain.ts), laid out as lines,
 * plus bars of xᵢ and x̂ᵢ before and after the step. Wide terminals show the models side by side;
 * narrow ones one above the other, scrolled with ↑/↓.
 */

type Look = Pick<TextProps, 'color' | 'bold' | 'dimColor'>;

/** A line of the close-up: text in one look, or a row of bars in segments. */
export interface CloseUpLine {
  parts: { text: string; look?: Look }[];
}

/** Side by side from this width: two columns of an equation-wide 75 cells each. */
export const SIDE_BY_SIDE = 150;
/** Cells per bar. */
const BAR = 10;

/** Rows of examples to list: more when the terminal has the room. */
export function closeUpRows(rows: number): number {
  return rows >= 45 ? 8 : 5;
}

const plain = (text: string, look?: Look): CloseUpLine => ({ parts: [{ text, look }] });

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/**
 * A bar of `BAR` cells whose end is v's place on the scale [lo, hi]: a shift of every example by
 * one number moves every bar's end by the same amount. Eighths of a cell in Unicode, so a small
 * Δb still shows; whole cells in ASCII.
 */
export function bar(v: number, lo: number, hi: number, g: Glyphs): string {
  const empty = g.ascii ? '.' : ' ';
  if (!Number.isFinite(v) || !(hi > lo)) return empty.repeat(BAR);
  const steps = g.ascii ? 1 : 8;
  const n = Math.max(0, Math.min(BAR * steps, Math.round(((v - lo) / (hi - lo)) * BAR * steps)));
  const full = Math.floor(n / steps);
  const part = g.ascii ? '' : EIGHTHS[n % steps];
  return (g.ascii ? '#' : '█').repeat(full) + part + empty.repeat(BAR - full - (part ? 1 : 0));
}

/** A scale for the bars: the values' range, with a tenth of it below so the smallest still shows. */
function range(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const span = hi - lo || Math.abs(hi) || 1;
  return [lo - span / 10, hi];
}

/** Per-example bars: xᵢ before and after the step on one scale, x̂ᵢ before and after on another. */
function barLines(m: ModelCloseUp, g: Glyphs, color: Look['color']): CloseUpLine[] {
  const t = (s: string) => (g.ascii ? toAscii(s) : s);
  const [xlo, xhi] = range(m.examples.flatMap((e) => [e.x, e.xNext]));
  const [hlo, hhi] = range(m.examples.flatMap((e) => [e.xhat, e.xhatNext]));
  const iw = Math.max(1, ...m.examples.map((e) => String(e.index).length));
  const arrow = g.ascii ? '->' : '→';
  const head = `  ${pad('i', iw)}  ${pad(t('xᵢ before'), BAR)} ${pad(arrow, 2)} ${pad(t('after'), BAR)}   ${pad(t('x̂ᵢ before'), BAR)} ${pad(arrow, 2)} ${t('after')}`;
  const lines: CloseUpLine[] = [plain(''), plain(head, { dimColor: true })];
  for (const e of m.examples) {
    lines.push({
      parts: [
        { text: `  ${pad(String(e.index), iw)}  ` },
        { text: bar(e.x, xlo, xhi, g), look: { color } },
        { text: `    ` },
        { text: bar(e.xNext, xlo, xhi, g), look: { color } },
        { text: '   ' },
        { text: bar(e.xhat, hlo, hhi, g), look: { color: 'green' } },
        { text: '    ' },
        { text: bar(e.xhatNext, hlo, hhi, g), look: { color: 'green' } },
      ],
    });
  }
  lines.push(plain(t(`  a bar ends at the value: x on ${num(xlo)} … ${num(xhi)}, x̂ on ${num(hlo)} … ${num(hhi)}`), { dimColor: true }));
  return lines;
}

function styled(l: TextLine, rule: GradientRule | null): CloseUpLine {
  if (l.kind === 'h1') return plain(l.text, { bold: true });
  if (l.kind === 'h2') return plain(l.text, rule ? { color: PANEL_COLOR[rule], bold: true } : { bold: true });
  if (l.kind === 'table' && l.text.trimStart().startsWith('i ')) return plain(l.text, { dimColor: true });
  return plain(l.text);
}

/**
 * One model's column. The answer first: the paper's identity with this step's numbers and what
 * breaks it, then E[x + Δb] = E[x] + Δb, then where Δb comes from (∂ℓ/∂x̂), then the examples
 * it is computed from, with bars of xᵢ and x̂ᵢ before and after the step.
 */
function modelLines(c: CloseUpModel, rule: GradientRule, width: number, g: Glyphs): CloseUpLine[] {
  const m = c[rule];
  const o = { width, ascii: g.ascii };
  const lines = (blocks: Block[]) => blockLines(blocks, o).map((l) => styled(l, rule));
  if (m === null) return lines(divergedBlocks(rule));
  // A section's heading on one line, without the blank lines around it that explain's text has.
  const section = (blocks: Block[]) => {
    const [first, ...rest] = blocks;
    if (first?.kind !== 'h2') return lines(blocks);
    const head = blockLines([{ kind: 'p', text: first.text.charAt(0).toUpperCase() + first.text.slice(1) + ':' }], o);
    return [plain(''), ...head.map((l) => plain(l.text, { color: PANEL_COLOR[rule], bold: true })), ...lines(rest)];
  };
  const s = modelSections(c, m);
  return [
    ...lines(s.head).filter((l, i, all) => i < all.length - 1 || l.parts[0].text !== ''),
    ...section(s.identity),
    ...section(s.next),
    ...lines(s.gradients),
    plain(''),
    ...lines(s.examples),
    ...barLines(m, g, PANEL_COLOR[rule]),
  ];
}

/** Everything the close-up shows at this width, before it is cut to the height. */
export function closeUpLines(c: CloseUpModel, width: number, g: Glyphs): CloseUpLine[] {
  const w = width - 2;
  // "Where this sits in a network" first: which layer, what u is, what is at stake.
  const prelude = blockLines(preludeBlocks(c).slice(1), { width: w, ascii: g.ascii }).map((l) => styled(l, null));
  if (width < SIDE_BY_SIDE) return [...prelude, ...modelLines(c, 'naive', w, g), ...modelLines(c, 'backprop', w, g)];
  const col = Math.floor((w - 3) / 2);
  const left = modelLines(c, 'naive', col, g);
  const right = modelLines(c, 'backprop', col, g);
  const rows: CloseUpLine[] = [];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i] ?? plain('');
    const r = right[i] ?? plain('');
    const lw = l.parts.reduce((a, p) => a + cellWidth(p.text), 0);
    rows.push({ parts: [...l.parts, { text: ' '.repeat(Math.max(0, col - lw) + 3) }, ...r.parts] });
  }
  return [...prelude, ...rows];
}

/** Lines of the close-up's body: its height less the title and the keys. */
export const closeUpRoom = (height: number): number => Math.max(1, height - 2);

/** The furthest the body can scroll at this size. */
export function maxScroll(c: CloseUpModel, width: number, height: number, g: Glyphs): number {
  return Math.max(0, closeUpLines(c, width, g).length - closeUpRoom(height));
}

/**
 * The close-up's last line: where the window is and the keys, the longest version that fits
 * (words dropped, never cut: an ellipsis would read as more text to come).
 */
function keysLine(at: { from: number; to: number; of: number } | null, width: number, g: Glyphs): string {
  const t = (s: string) => (g.ascii ? toAscii(s) : s);
  const below = at ? at.of - at.to : 0;
  const more = below > 0 ? [`${g.sep}${below} more below`] : [''];
  const arrows = g.ascii ? 'up/down' : '↑/↓';
  const where = at ? [`lines ${at.from}–${at.to} of ${at.of}${g.sep}${arrows} scroll${g.sep}`, `${at.from}–${at.to}/${at.of} ${arrows}${g.sep}`] : [''];
  const step = ['s steps and shows the new numbers', 's steps'];
  const close = ['esc or c closes', 'esc closes'];
  const options: string[] = [];
  for (const w of where) for (const s of step) for (const c of close) for (const m of more) options.push(t(`${w}${s}${g.sep}${c}${m}`));
  return options.find((o) => cellWidth(o) <= width) ?? truncate(options[options.length - 1], width, g.ellipsis);
}

export interface CloseUpProps {
  c: CloseUpModel;
  width: number;
  /** Lines it may take: a title, the body, and the keys on the last. */
  height: number;
  /** First body line shown (clamped). */
  scroll: number;
  g: Glyphs;
}

export function CloseUp({ c, width, height, scroll, g }: CloseUpProps) {
  const t = (s: string) => (g.ascii ? toAscii(s) : s);
  const all = closeUpLines(c, width, g);
  const room = closeUpRoom(height);
  const top = Math.max(0, Math.min(scroll, all.length - room));
  const shown = all.slice(top, top + room);
  const below = all.length - top - shown.length;
  const title = `${safeText(c.title)}: step ${c.step} up close`;
  const keys = keysLine(all.length > room ? { from: top + 1, to: top + shown.length, of: all.length } : null, width - 2, g);
  return (
    <Box flexDirection="column" paddingLeft={1} height={height}>
      <Text bold wrap="truncate">
        {truncate(t(title), width - 2, g.ellipsis)}
      </Text>
      <Box flexDirection="column" height={room}>
        {shown.map((l, i) => (
          // An empty <Text> takes no line: a blank line is a space.
          <Text key={i} wrap="truncate">
            {l.parts.map((p, j) => (
              <Text key={j} {...p.look}>
                {j === 0 && !p.text ? ' ' : p.text}
              </Text>
            ))}
          </Text>
        ))}
      </Box>
      <Text dimColor wrap="truncate">
        {keys}
      </Text>
    </Box>
  );
}
