import { Box, Text, type TextProps } from 'ink';
import { whereItSits } from '../../session/closeup.js';
import { seriesLabel } from '../../session/labels.js';
import type { LiveView } from '../../session/live.js';
import { safeText } from '../../text/sanitize.js';
import type { Glyphs } from '../glyphs.js';
import { BINDINGS } from '../keys.js';
import { cellWidth, pad, toAscii, truncate, wrap } from '../../text/cells.js';
import { PANEL_COLOR } from './Panel.js';

type Activation = LiveView['activation'];

const NBSP = '\u00a0';
/** Where a formula too long for a line breaks first (shown as a space). */
const BREAK = '\u2028';

/**
 * A formula: its spaces do not break, so it stays on one line unless it is longer than a line;
 * then it breaks between its parts, and only if a part is still too long at its spaces.
 */
/** How the help names a key: as it is printed on the keyboard (the table's names in ASCII). */
const KEY_NAMES: Readonly<Record<string, string>> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  escape: 'esc',
  'ctrl+c': 'Ctrl+C',
  'ctrl+z': 'Ctrl+Z',
};
const ARROWS: ReadonlySet<string> = new Set(['up', 'down', 'left', 'right']);
const SCROLL_COMMANDS: ReadonlySet<string> = new Set(['scrollUp', 'scrollDown', 'pageUp', 'pageDown']);

const f = (...parts: string[]) => parts.map((p) => p.replace(/ /g, NBSP)).join(BREAK);

/** `s` in lines of at most `width` cells, all of it: broken at spaces, and inside a formula only when it must. */
function flow(s: string, width: number, g: Glyphs): string[] {
  // toAscii would make the no-break spaces plain ones: it spells what lies between them.
  const text = g.ascii ? s.replace(/[^\u00a0\u2028]+/g, toAscii) : s;
  const fits = (w: string) => cellWidth(w) <= width;
  const words = text
    .split(' ')
    .flatMap((w) => (fits(w) ? [w] : w.split(BREAK).flatMap((part) => (fits(part) ? [part] : part.split(NBSP)))));
  return wrap(words.join(' '), width, Infinity, g.ellipsis).map((l) => l.replace(/[\u00a0\u2028]/g, ' '));
}

/**
 * The equations of the scenario's network, as lines of text, from src/engine/model.ts and
 * normalize.ts: zᵢ = w·uᵢ + b, xᵢ = θ(zᵢ), x̂ᵢ = (xᵢ − E[x]) / s, with s = √(Var[x] + ε) when
 * standardizing and 1 when centring. The rules differ only in ∂ℓ/∂xᵢ; both then take
 * ∂ℓ/∂b = Σᵢ θ′(zᵢ)·∂ℓ/∂xᵢ. Backprop's ∂ℓ/∂xᵢ sum to 0 over the batch for either normalization,
 * so its ∂ℓ/∂b = Σᵢ (θ′(zᵢ) − mean(θ′(z)))·∂ℓ/∂xᵢ: 0 when θ′ is the same for every example, as it
 * is for the identity, and not in general for tanh or ReLU. One statement a line.
 */
export function equations(
  normalize: LiveView['normalize'],
  activation: Activation,
): { model: string[]; naive: string[]; backprop: string[]; paper: string[] } {
  const n = activation; // θ's name, when it is not the identity
  const model =
    activation === 'identity'
      ? [`${f('xᵢ = w·uᵢ + b')} (θ is the identity), so ${f('∂ℓ/∂b = Σᵢ ∂ℓ/∂xᵢ.')}`]
      : [`${f(`xᵢ = ${activation === 'tanh' ? 'tanh(zᵢ)' : 'max(0, zᵢ)'},`)} ${f('zᵢ = w·uᵢ + b,')} so ${f(`∂ℓ/∂b = Σᵢ ${n}′(zᵢ)·∂ℓ/∂xᵢ.`)}`];
  // What is left of backprop's ∂ℓ/∂b once its ∂ℓ/∂xᵢ sum to 0.
  const weighted =
    activation === 'identity'
      ? []
      : [
          f(`∂ℓ/∂b = Σᵢ (${n}′(zᵢ)`, `− mean(${n}′(z)))·∂ℓ/∂xᵢ,`),
          activation === 'tanh'
            ? `not 0 in general: ${f('tanh′(zᵢ) = 1 − xᵢ²')} differs between examples.`
            : // Every example active: the ReLU is the identity there, the paper's case again.
              `0 while every ${f('zᵢ > 0,')} not in general: ${f('relu′(zᵢ) = 1 if zᵢ > 0,', 'else 0.')}`,
        ];
  if (normalize === 'center') {
    const sum = activation === 'identity' ? 'Σᵢ ∂ℓ/∂x̂ᵢ' : `Σᵢ ${n}′(zᵢ)·∂ℓ/∂x̂ᵢ`;
    return {
      model,
      naive: [
        `${f('x̂ᵢ = xᵢ − E[x],')} with E[x] treated as a constant in the gradient:`,
        `${f('∂ℓ/∂xᵢ = ∂ℓ/∂x̂ᵢ,')} so ${f(`∂ℓ/∂b = ${sum}.`)}`,
      ],
      backprop: [
        `the gradient flows through E[x] too: ${f('∂E[x]/∂xⱼ = 1/m,')} so`,
        ...(activation === 'identity'
          ? [`${f('∂ℓ/∂xᵢ = ∂ℓ/∂x̂ᵢ − mean(∂ℓ/∂x̂),')} which sum to 0: ${f('∂ℓ/∂b = 0.')}`]
          : [`${f('∂ℓ/∂xᵢ = ∂ℓ/∂x̂ᵢ − mean(∂ℓ/∂x̂),')} which sum to 0, but`, ...weighted]),
      ],
      paper: [
        `Ioffe & Szegedy (2015), §2: with ${f('x = u + b')} and ${f('x̂ = x − E[x],')} the naive update ${f('b ← b + Δb')} gives`,
        f('u + (b + Δb) − E[u + (b + Δb)]', '= u + b − E[u + b]:'),
        'the output and the loss do not change, so b grows indefinitely.',
        'Batch Normalization (§3) differentiates through the statistics.',
        ...(activation === 'tanh'
          ? ['Here tanh comes before the centring: a change in b moves each xᵢ by a different amount, and centring removes only the mean of that change.']
          : activation === 'relu'
            ? ['Here a ReLU comes before the centring: while every zᵢ > 0 it is the identity, and the above holds exactly.']
            : []),
      ],
    };
  }
  return {
    model,
    naive: [
      `${f('x̂ᵢ = (xᵢ − E[x])', '/ √(Var[x] + ε),')} with E[x] and Var[x] held constant:`,
      f('∂ℓ/∂xᵢ = (∂ℓ/∂x̂ᵢ)', '/ √(Var[x] + ε).'),
    ],
    backprop: [
      'the gradient flows through E[x] and Var[x] (§3):',
      f('∂ℓ/∂xᵢ = (∂ℓ/∂x̂ᵢ − mean(∂ℓ/∂x̂)', '− x̂ᵢ·mean(∂ℓ/∂x̂·x̂))', '/ √(Var[x] + ε).'),
      ...(activation === 'identity'
        ? // w·∂ℓ/∂w + b·∂ℓ/∂b = Σᵢ ∂ℓ/∂xᵢ·xᵢ = m·mean(∂ℓ/∂x̂·x̂)·ε / (Var[x] + ε): scaling w and b
          // changes x̂ only through ε.
          [`These sum to 0, so ${f('∂ℓ/∂b = 0,')} and with ${f('ε = 0')} also ${f('w·∂ℓ/∂w = 0.')}`]
        : ['These sum to 0, but', ...weighted]),
    ],
    paper: [
      'Ioffe & Szegedy (2015), §2: when the normalization is left out of the gradient, the parameters',
      'can grow without bound while the loss stays the same; §3 back-propagates through E[x] and Var[x].',
    ],
  };
}

/**
 * The replay command as lines of at most `width` cells, broken only at spaces between shell
 * words (a space inside quotes is part of a word). A newline would end the command where it is
 * pasted, so every line but the last ends in " \", a line continuation; the lines after it may
 * start with spaces, which the shell ignores. A word longer than a line is cut, with an ellipsis:
 * no break inside it would paste back as the same word.
 */
function replayLines(command: string, width: number, ellipsis: string): string[] {
  if (cellWidth(command) <= width) return [command];
  const words: string[] = [];
  let word = '';
  let quoted = false;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i];
    if (ch === ' ' && !quoted) {
      if (word) words.push(word);
      word = '';
      continue;
    }
    word += ch;
    if (ch === "'") quoted = !quoted;
    else if (ch === '\\' && !quoted && i + 1 < command.length) word += command[++i];
  }
  if (word) words.push(word);
  // A flag and its value stay on one line: "--lr 0.2", not "--lr \" and then "0.2".
  const units: string[] = [];
  for (const w of words) {
    const prev = units.length > 0 ? units[units.length - 1] : '';
    if (/^--\S+$/.test(prev) && !w.startsWith('-') && cellWidth(`${prev} ${w}`) <= width - 2) units[units.length - 1] = `${prev} ${w}`;
    else units.push(w);
  }
  const lines: string[] = [];
  let line = '';
  units.forEach((w, i) => {
    // Room for " \" on every line but the last.
    const room = i === units.length - 1 ? width : width - 2;
    if (line && cellWidth(`${line} ${w}`) <= room) line = `${line} ${w}`;
    else {
      if (line) lines.push(line);
      line = cellWidth(w) <= room ? w : truncate(w, room, ellipsis);
    }
  });
  lines.push(line);
  return lines.map((l, i) => (i < lines.length - 1 ? `${l} \\` : l));
}

/** How a piece of help looks: Ink's own <Text> props. */
type Look = Pick<TextProps, 'color' | 'bold' | 'dimColor' | 'italic'>;

/**
 * One line of the overlay: an optional lead (a block's label, "replay") and its text, each with
 * its look. The overlay is cut by height and says how many lines it left out, so it is laid out
 * as lines here rather than wrapped by <Text wrap>.
 */
export interface HelpLine {
  lead?: { text: string; look: Look };
  text: string;
  look?: Look;
}

/** A line's text as drawn, after the one-cell margin. */
export const helpLineText = (l: HelpLine) => ` ${l.lead?.text ?? ''}${l.text}`;

/** The help overlay's lines, most important first; the view shows as many as fit. */
function helpLines(view: LiveView, width: number, g: Glyphs): HelpLine[] {
  const t = (s: string) => (g.ascii ? toAscii(s) : s);
  const w = width - 2;
  const eq = equations(view.normalize, view.activation);
  const out: HelpLine[] = [];
  const blank = () => out.push({ text: '' });
  // Every paragraph whole, however many lines it takes: helpFrame cuts by height, and says so.
  const paragraph = (s: string, look: Look = {}) => {
    for (const l of flow(s, w, g)) out.push({ text: l, look });
  };
  const where = view.index ? ` (${view.index.at}/${view.index.of})` : '';
  paragraph(`${safeText(view.name)}${where}: ${safeText(view.title)}`, { bold: true });
  // The command that brings this view back, whole: a cut command would not reproduce anything,
  // so a long one goes on over several lines that paste as one command.
  const replay = replayLines(t(view.replay), w - 7, g.ellipsis);
  replay.forEach((l, i) => out.push({ lead: { text: i === 0 ? 'replay ' : '       ', look: { dimColor: true } }, text: l }));
  blank();
  const labelW = 10;
  const block = (label: string, lines: string[], look: Look) => {
    // Wrapped, not cut: an equation missing its end says something else.
    const wrapped = lines.flatMap((line) => flow(line, w - labelW, g));
    wrapped.forEach((line, i) => out.push({ lead: { text: pad(i === 0 ? label : '', labelW), look }, text: line }));
  };
  block('model', eq.model, { bold: true });
  for (const rule of ['naive', 'backprop'] as const) block(rule, eq[rule], { color: PANEL_COLOR[rule], bold: true });
  // Keys before the prose: on a small terminal they are what help is opened for.
  blank();
  paragraph('Keys', { bold: true });
  // The four scroll keys are one entry: what they do is one thing.
  const scroll = BINDINGS.filter((b) => SCROLL_COMMANDS.has(b.command));
  // The arrows by their names in ASCII (they would print as '?').
  const name = (k: string) => (g.ascii && ARROWS.has(k) ? k : (KEY_NAMES[k] ?? k));
  const scrollKeys = g.ascii ? `${pad('k j', 8)} scroll; up/down, PgUp/PgDn` : `${pad('↑ ↓ k j', 8)} scroll; PgUp/PgDn a page`;
  const keys = BINDINGS.filter((b) => !scroll.slice(1).includes(b)).map((b) =>
    b === scroll[0] ? scrollKeys : `${pad(b.keys.map(name).join(' '), 8)} ${b.does}`,
  );
  const colW = Math.floor(w / 2);
  const twoColumns = colW >= 30;
  const perCol = twoColumns ? Math.ceil(keys.length / 2) : keys.length;
  for (let i = 0; i < perCol; i++) {
    const a = t(keys[i]);
    const b = twoColumns && keys[i + perCol] ? t(keys[i + perCol]) : '';
    out.push({ text: twoColumns ? pad(a, colW) + truncate(b, w - colW, g.ellipsis) : truncate(a, w, g.ellipsis) });
  }
  blank();
  paragraph(eq.paper.join(' '), { dimColor: true });
  blank();
  // Which layer this is, and what u is: the question a reader of §2 asks first.
  const [chain, ...sits] = whereItSits({ activation: view.activation });
  paragraph(`Where this sits in a network: ${f(...chain.split(' → ').map((p, i) => (i > 0 ? `→ ${p}` : p)))}. ${sits.join(' ')} Key c shows one step up close.`);
  blank();
  // The rows this scenario shows, as the panels and captions name them.
  const rowsKey = view.rows.map((r) => {
    const l = seriesLabel(r.key, view.dims);
    return `${l.name} ${l.means}`;
  });
  paragraph(
    `Rows: ${rowsKey.join('; ')}. Same quantity, same y-range in both panels; flat = constant to within 1e-9 (round-off), drawn as a line; ≈0 = zero up to round-off.`,
  );
  return out;
}

const isBlank = (line: HelpLine) => helpLineText(line).trim() === '';

/** The line with an ellipsis at its end, within `width` cells. */
function goesOn(line: HelpLine, width: number, g: Glyphs): HelpLine {
  const room = width - 1 - 1 - cellWidth(line.lead?.text ?? '');
  // A replay line's continuation would escape the ellipsis, not the newline: the ellipsis replaces it.
  const text = line.text.replace(/ \\$/, '').trimEnd();
  return { ...line, text: truncate(text + g.ellipsis, room, g.ellipsis) };
}

/**
 * How to close the help, and how many lines it leaves out, in `width` cells: words are dropped
 * from the end, never cut with an ellipsis (which would read as more text to come).
 */
function closingText(more: number, above: number, width: number, g: Glyphs): string {
  const close = '? or esc closes help';
  const keys = g.ascii ? { lines: 'up/down', page: 'PgUp/PgDn' } : { lines: '↑/↓', page: 'PgUp/PgDn' };
  const count = `${close}${g.sep}${more} more ${more === 1 ? 'line' : 'lines'}`;
  const options =
    more > 0
      ? [`${count}: ${keys.lines} ${keys.page} scroll`, `${count}: ${keys.lines} scroll`, `${count} (${keys.lines})`, count, close]
      : above > 0
        ? [`${close}${g.sep}end: ${keys.lines} ${keys.page} scroll back`, `${close}${g.sep}end (${keys.lines})`, close]
        : [close];
  return options.find((o) => cellWidth(o) <= width) ?? truncate(close, width, g.ellipsis);
}

/** How far the help scrolls in `height` lines: the lines below its first page (0 when it fits). */
export function helpScrollMax(view: LiveView, width: number, height: number, g: Glyphs): number {
  return Math.max(0, helpLines(view, width, g).length - Math.max(1, height - 1));
}

/** The overlay, `height` lines: as much help as fits, and how to close it on the last line. */
export function helpFrame(view: LiveView, width: number, height: number, g: Glyphs, top = 0): HelpLine[] {
  if (height <= 0) return [];
  const all = helpLines(view, width, g);
  const room = height - 1;
  // Scrolled (↑/↓, PgUp/PgDn) at most to where the last line is at the bottom.
  const from = Math.max(0, Math.min(top, all.length - room));
  const end = from + room;
  const shown = all.slice(from, end);
  // A paragraph cut part-way would read as if it ended there: its last line shown says it goes on.
  if (room > 0 && all.length > end && !isBlank(all[end]) && !isBlank(shown[room - 1]))
    shown[room - 1] = goesOn(shown[room - 1], width, g);
  const more = all.slice(end).filter((l) => !isBlank(l)).length;
  return [...shown, { text: closingText(more, from, width - 2, g), look: { dimColor: true } }];
}

export interface HelpProps {
  view: LiveView;
  width: number;
  /** Lines it may take, its closing line included. */
  height: number;
  g: Glyphs;
  /** Lines scrolled past (state.ts's helpTop). */
  top?: number;
}

/** The help overlay: the scenario, its replay command, the equations, the keys, the paper. */
export function Help({ view, width, height, g, top = 0 }: HelpProps) {
  return (
    <Box flexDirection="column" paddingLeft={1}>
      {helpFrame(view, width, height, g, top).map((l, i) => (
        // An empty <Text> takes no line: a blank line is a space.
        <Text key={i} wrap="truncate">
          {l.lead && <Text {...l.lead.look}>{l.lead.text}</Text>}
          <Text {...l.look}>{l.text || ' '}</Text>
        </Text>
      ))}
    </Box>
  );
}
