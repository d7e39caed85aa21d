import type { GradientRule } from '../engine/normalize.js';
import { whereItSits, type CloseUp, type ModelCloseUp } from '../session/closeup.js';
import { ASCII_DELTA } from '../session/labels.js';
import { cellWidth, toAscii, wrap } from '../text/cells.js';
import { safeText } from '../text/sanitize.js';

/**
 * `normdrift explain`: the close-up (session/closeup.ts) as plain text or Markdown. Pure
 * functions: a document of blocks is built once, then laid out for a terminal or for Markdown.
 */

export type Block =
  | { kind: 'h1'; text: string }
  | { kind: 'h2'; text: string }
  | { kind: 'p'; text: string }
  /** Equations: never wrapped inside (a line longer than the width breaks before an ' = '). */
  | { kind: 'eq'; lines: string[] }
  | { kind: 'table'; head: string[]; rows: string[][]; foot: string | null };

const MINUS = '\u2212';

/** Four decimals, or an exponent outside [1e−4, 1e5): enough to redo the arithmetic by hand. */
export function num(v: number, plus = false): string {
  if (Number.isNaN(v)) return 'n/a';
  if (!Number.isFinite(v)) return v > 0 ? '+∞' : `${MINUS}∞`;
  if (v === 0) return '0';
  const a = Math.abs(v);
  const body = a >= 1e5 || a < 1e-4 ? a.toExponential(2).replace('e+', 'e').replace('e-', `e${MINUS}`) : a.toFixed(4);
  return (v < 0 ? MINUS : plus ? '+' : '') + body;
}

/** A number in a formula: negative ones in parentheses, so "− (−0.1)" reads as written. */
const par = (v: number): string => (v < 0 ? `(${num(v)})` : num(v));

const SUB = '₀₁₂₃₄₅₆₇₈₉';
const sub = (i: number): string => String(i).replace(/\d/g, (d) => SUB[Number(d)]);

function vec(v: number[]): string {
  return v.length === 1 ? num(v[0]) : `(${v.map((x) => num(x)).join(', ')})`;
}

function roundOffOr(v: number, tol: number): string {
  return Math.abs(v) <= tol ? `${num(v)}, round-off` : num(v);
}

const RULE_HEAD: Record<GradientRule, (stats: string) => string> = {
  naive: (stats) => `naive: ${stats} held constant in the gradient`,
  backprop: (stats) => `backprop: the gradient goes through ${stats}`,
};

/** One model's part of the close-up, in the order it is worked: the parts as modelSections names them. */
export function modelBlocks(c: CloseUp, m: ModelCloseUp): Block[] {
  const s = modelSections(c, m);
  return [...s.head, ...s.examples, ...s.gradients, ...s.next, ...s.identity];
}

/**
 * One model's part, by section: the heading, the table of examples with E[x] and ∂ℓ/∂x̂ᵢ, the
 * gradients and Δb, the next forward pass (E[x + Δb] = E[x] + Δb), and the paper's identity
 * with what breaks it. The live close-up puts the identity first.
 */
export interface ModelSections {
  head: Block[];
  examples: Block[];
  gradients: Block[];
  next: Block[];
  identity: Block[];
}

export function modelSections(c: CloseUp, m: ModelCloseUp): ModelSections {
  const std = c.normalize === 'standardize';
  const stats = std ? 'E[x] and Var[x]' : 'E[x]';
  const plain = c.activation === 'identity' && !c.learns.w && c.dims === 1 && m.step.params.w[0] === 1 && !std && !c.affine;
  const p = m.step.params;
  const params = [`b = ${num(p.b)}`, `w = ${vec(p.w)}`];
  if (c.affine) params.push(`γ = ${num(p.gamma)}`, `β = ${num(p.beta)}`);
  const blocks: Block[] = [{ kind: 'h2', text: `${RULE_HEAD[m.rule](stats)} (at ${params.join(', ')})` }];
  const cut: number[] = [blocks.length];

  blocks.push({
    kind: 'p',
    text: m.fullBatch
      ? `The batch is the whole training set, m = ${m.m} examples.`
      : `The batch update ${c.step + 1} uses: m = ${m.m} of the training set's examples.${m.probeInBatch ? '' : ` The probe example is not in it; example ${m.featured} stands in for it.`}`,
  });

  const head = ['i', 'uᵢ', 'xᵢ', 'x̂ᵢ', 'yᵢ', '∂ℓ/∂x̂ᵢ', plain ? 'xᵢ + Δb' : 'x′ᵢ', 'x̂′ᵢ'];
  const rows = m.examples.map((e) => [
    e.index === m.featured ? `${e.index} ←` : String(e.index),
    vec(e.u),
    num(e.x),
    num(e.xhat),
    num(e.y),
    num(e.dl_dxhat),
    num(e.xNext),
    num(e.xhatNext),
  ]);
  blocks.push({ kind: 'table', head, rows, foot: m.more > 0 ? `and ${m.more} more` : null });
  const eqStats = [`E[x] = (1/m)·Σᵢ xᵢ = ${num(m.meanX)}`];
  if (std) eqStats.push(`Var[x] = ${num(m.varX)},  x̂ᵢ = (xᵢ − E[x]) / √(Var[x] + ε)`);
  else eqStats.push('x̂ᵢ = xᵢ − E[x]');
  eqStats.push('∂ℓ/∂x̂ᵢ = ' + (c.affine ? 'γ·(outᵢ − yᵢ), outᵢ = γ·x̂ᵢ + β' : 'x̂ᵢ − yᵢ, for ℓᵢ = ½(x̂ᵢ − yᵢ)²'));
  blocks.push({ kind: 'eq', lines: eqStats });
  cut.push(blocks.length);

  // The gradient for b under both rules, at these parameters.
  const naiveB = m.rule === 'naive' ? m.gradB : m.otherGradB;
  const trueB = m.rule === 'backprop' ? m.gradB : m.otherGradB;
  blocks.push({
    kind: 'p',
    text: `With ${stats} held constant, ∂x̂ᵢ/∂b = ${std ? '1/√(Var[x] + ε)' : '1'}${c.activation === 'identity' ? '' : '·θ′(zᵢ)'}, so ∂ℓ/∂b is ∂ℓ/∂x̂ times that: this is why the paper writes Δb ∝ −∂ℓ/∂x̂. Through ${stats}, the true ∂L/∂b also counts that ${std ? 'they move' : 'E[x] moves'} with b.`,
  });
  const gradLines = [
    `naive rule's estimate of ∂L/∂b (${stats} held constant) = ${c.activation === 'identity' && !std ? '(1/m)·Σᵢ ∂ℓ/∂x̂ᵢ = ' : ''}${num(naiveB)}`,
    `true ∂L/∂b (through ${stats}) = ${c.activation === 'identity' && !std ? '(1/m)·Σᵢ (∂ℓ/∂x̂ᵢ − E[∂ℓ/∂x̂]) = ' : ''}${num(trueB)}`,
  ];
  if (m.learnsB) gradLines.push(`Δb = −η·∂L/∂b = −${num(m.learningRate)} × ${par(m.gradB)} = ${num(m.deltaB, true)}   (this model's rule)`);
  else gradLines.push('b is not learned in this scenario: Δb = 0');
  if (c.learns.w)
    gradLines.push(`∂L/∂w = ${vec(m.grad.w)},  Δw = −η·∂L/∂w = ${m.delta.w.length === 1 ? num(m.delta.w[0], true) : vec(m.delta.w)}`);
  if (c.affine)
    gradLines.push(
      `∂L/∂γ = ${num(m.grad.gamma)}, Δγ = ${num(m.delta.gamma, true)};  ∂L/∂β = ${num(m.grad.beta)}, Δβ = ${num(m.delta.beta, true)}`,
    );
  blocks.push({ kind: 'eq', lines: gradLines });

  cut.push(blocks.length);
  // The next step.
  blocks.push({ kind: 'h2', text: `${m.rule}: the next forward pass, at the updated parameters` });
  const tol = m.roundOff;
  const uniform = m.shiftSpread <= tol;
  blocks.push({
    kind: 'p',
    text: uniform
      ? `Every xᵢ moves by the same Δb = ${num(m.deltaB, true)}: Δb is one number added to every example.`
      : `xᵢ does not move by one number: over the batch, x′ᵢ − xᵢ ranges over ${num(m.shiftRange[0], true)} … ${num(m.shiftRange[1], true)} (spread ${num(m.shiftSpread)}).`,
  });
  const meanLines = [`E[x′] = ${num(m.meanXNext)}`];
  if (uniform) meanLines.unshift(`E[x + Δb] = E[x] + Δb = ${num(m.meanX)} + ${par(m.deltaB)} = ${num(m.meanX + m.deltaB)}`);
  else meanLines.push(`E[x] + Δb = ${num(m.meanX)} + ${par(m.deltaB)} = ${num(m.meanX + m.deltaB)}  (differs by ${num(m.meanGap)})`);
  blocks.push({ kind: 'eq', lines: meanLines });
  blocks.push({
    kind: 'p',
    text: uniform
      ? `So E[Δb] = Δb: the mean of a constant is that constant, and the mean moves by exactly Δb (measured difference ${roundOffOr(m.meanGap, tol)}). x̂ᵢ = xᵢ − E[x] does not change: max |x̂′ᵢ − x̂ᵢ| = ${roundOffOr(m.xhatChange, tol)}. The loss: ${num(m.loss)} before, ${num(m.lossNext)} after.`
      : `x̂ changes by up to ${num(m.xhatChange)}; the loss goes from ${num(m.loss)} to ${num(m.lossNext)}.`,
  });

  // The paper's identity, with the featured example's numbers.
  const id = m.identity;
  const i = sub(id.index);
  const eq: string[] = [];
  if (plain) {
    const u = id.u[0];
    eq.push(`u${i} + (b + Δb) − E[u + (b + Δb)] = ${num(u)} + (${num(id.b)} + ${par(id.deltaB)}) − ${num(id.meanXNext)} = ${num(id.left)}`);
    eq.push(`u${i} + b − E[u + b]               = ${num(u)} + ${num(id.b)} − ${num(id.meanX)} = ${num(id.right)}`);
  } else {
    const z = c.activation === 'identity' ? '' : 'θ';
    const w2 = c.learns.w ? 'w′' : 'w';
    if (std) {
      eq.push(`x̂′${i} = (x′${i} − E[x′]) / s′ = (${num(id.xNext)} − ${num(id.meanXNext)}) / ${num(id.sNext)} = ${num(id.left)}`);
      eq.push(`x̂${i}  = (x${i} − E[x]) / s   = (${num(id.x)} − ${num(id.meanX)}) / ${num(id.s)} = ${num(id.right)}`);
      eq.push(`with x = ${z}(w·u + b), x′ = ${z}(${w2}·u + b + Δb), s = √(Var[x] + ε)`);
    } else {
      eq.push(`x′${i} − E[x′] = ${z}(${w2}·u${i} + b + Δb) − E[${z}(${w2}·u + b + Δb)] = ${num(id.xNext)} − ${num(id.meanXNext)} = ${num(id.left)}`);
      eq.push(`x${i} − E[x]   = ${z}(w·u${i} + b) − E[${z}(w·u + b)]             = ${num(id.x)} − ${num(id.meanX)} = ${num(id.right)}`);
    }
  }
  cut.push(blocks.length);
  blocks.push({ kind: 'h2', text: `${m.rule}: the paper's identity, for example ${id.index}` });
  blocks.push({ kind: 'eq', lines: eq });
  const cancels = Math.abs(id.gap) <= tol && m.xhatChange <= tol;
  const outMoved = m.breaks.affine !== undefined && m.breaks.affine.outChange > tol;
  const breaks: string[] = [];
  const b = m.breaks;
  // When x̂ did not move, θ and w had nothing to break: only γ, β and eval mode are left to say.
  if (b.activation && !cancels)
    breaks.push(
      `θ before centring: θ′(zᵢ) ranges over ${num(b.activation.slopeMin)} … ${num(b.activation.slopeMax)} across the batch, so xᵢ moves by about θ′(zᵢ)·Δb, not by Δb: the spread of θ′(zᵢ)·Δb is ${num(b.activation.spread)}. Batch Normalization puts θ after the normalization, where this cannot happen.`,
    );
  if (b.weight && !cancels)
    breaks.push(
      `w is learned too: xᵢ also moves by Δw·uᵢ, which differs across examples (spread ${num(b.weight.spread)}).${std ? ' Standardizing takes out only a common shift and scale of x.' : ''}`,
    );
  if (b.affine && outMoved)
    breaks.push(
      `γ and β act after the normalization, where nothing re-centres them: Δγ = ${num(b.affine.deltaGamma, true)} and Δβ = ${num(b.affine.deltaBeta, true)} move outᵢ by up to ${num(b.affine.outChange)}.`,
    );
  if (b.minibatch) {
    const mb = b.minibatch;
    let t = `Minibatch: this batch's mean E_B[x] = ${num(mb.batchMean)} is not the training set's E[x] = ${num(mb.setMean)}. Every x of the batch and the batch's mean still move by the same Δb, so the batch's own x̂ ${m.xhatChange <= tol ? 'is unchanged' : 'changes only for the reasons above'}.`;
    if (mb.evalShift !== null && mb.runningMean !== null && mb.runningMeanNext !== null)
      t += ` Eval mode centres with the running mean instead, which moves by ${num(mb.runningMeanNext - mb.runningMean, true)} (momentum × (E_B[x] − running mean)), not by Δb: the eval-mode x̂ moves by Δb − that = ${num(mb.evalShift, true)}.`;
    breaks.push(t);
  }
  blocks.push({
    kind: 'p',
    text: !cancels
      ? `The sides differ by ${num(id.gap)}: the step does not cancel.`
      : outMoved
        ? `Both sides agree (difference ${roundOffOr(id.gap, tol)}): x̂ is unchanged. The output still moves, through γ and β:`
        : `Both sides agree (difference ${roundOffOr(id.gap, tol)}): the step and the ${std ? 're-standardizing' : 're-centring'} cancel, and neither the layer's output nor the loss changes.`,
  });
  for (const t of breaks) blocks.push({ kind: 'p', text: t });
  const [c1, c2, c3, c4] = cut;
  return { head: blocks.slice(0, c1), examples: blocks.slice(c1, c2), gradients: blocks.slice(c2, c3), next: blocks.slice(c3, c4), identity: blocks.slice(c4) };
}

/** The title and where the layer sits in a network: what comes before both models' parts. */
export function preludeBlocks(c: CloseUp): Block[] {
  const where = whereItSits(c);
  return [
    { kind: 'h1', text: `${safeText(c.title)}: step ${c.step} up close` },
    { kind: 'p', text: 'Where this sits in a network:' },
    { kind: 'eq', lines: [where[0]] },
    ...where.slice(1).map((text): Block => ({ kind: 'p', text })),
  ];
}

/** A model that diverged has nothing to show. */
export function divergedBlocks(rule: GradientRule): Block[] {
  return [{ kind: 'h2', text: `${rule}: diverged (a value overflowed); nothing to show` }];
}

export function explainBlocks(c: CloseUp): Block[] {
  const blocks = preludeBlocks(c);
  for (const rule of ['naive', 'backprop'] as const) {
    const m = c[rule];
    if (m === null) blocks.push(...divergedBlocks(rule));
    else blocks.push(...modelBlocks(c, m));
  }
  return blocks;
}

/** ASCII spelling: Δ and ∂ stay distinct (Δb → delta_b, ∂L/∂b → dL/db), subscripts → _7. */
function ascii(s: string): string {
  return toAscii(
    s
      .replace(/Δ/g, ASCII_DELTA)
      .replace(/[₀-₉]+/g, (d) => `_${[...d].map((ch) => SUB.indexOf(ch)).join('')}`)
      .replace(/′/g, "'"),
  );
}

/** Splits an equation wider than the width before its ' = ' signs, continuing indented. */
function breakEquation(line: string, width: number): string[] {
  if (cellWidth(line) <= width) return [line];
  // A chain (where the layer sits in a network) breaks between its links, not inside x̂ = x − E[x].
  if (/ (→|->) /.test(line)) return breakAt(line, /(?= (?:→|->) )/, width);
  const parts = line.split(' = ');
  const out: string[] = [];
  let cur = parts[0];
  for (const part of parts.slice(1)) {
    if (cellWidth(`${cur} = ${part}`) <= width) cur = `${cur} = ${part}`;
    else {
      out.push(cur);
      cur = `    = ${part}`;
    }
  }
  out.push(cur);
  // A side still too wide breaks before a minus (never inside E[…]'s sums), as a last resort.
  return out.map((l) => l.trimEnd()).flatMap((l) => (cellWidth(l) <= width ? [l] : breakAt(l, /(?= [−-] )/, width)));
}

function breakAt(line: string, at: RegExp, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const part of line.split(at)) {
    if (cur && cellWidth(cur + part) > width) {
      out.push(cur);
      cur = `      ${part.trimStart()}`;
    } else cur += part;
  }
  out.push(cur);
  return out;
}

function table(head: string[], rows: string[][], width: number): string[] {
  const widths = head.map((h, j) => Math.max(cellWidth(h), ...rows.map((r) => cellWidth(r[j]))));
  // Drop columns from the right until the table fits (the before-columns are kept).
  let cols = head.length;
  const total = (k: number) => widths.slice(0, k).reduce((a, w) => a + w + 2, 0);
  while (cols > 5 && total(cols) > width) cols--;
  const line = (cells: string[]) =>
    cells
      .slice(0, cols)
      .map((cell, j) => (j === 0 ? cell + ' '.repeat(widths[j] - cellWidth(cell)) : ' '.repeat(widths[j] - cellWidth(cell)) + cell))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)];
}

export interface TextOptions {
  width: number;
  ascii: boolean;
}

/** A laid-out line, and the kind of block it came from (a view styles headings by it). */
export interface TextLine {
  text: string;
  kind: Block['kind'] | 'blank';
}

/** Blocks as terminal lines: prose wrapped to the width, equations whole, a table of examples. */
export function blockLines(blocks: Block[], o: TextOptions): TextLine[] {
  const width = Math.max(40, o.width);
  const out: TextLine[] = [];
  const push = (kind: TextLine['kind'], lines: string[]) => {
    for (const text of lines) out.push({ text, kind: text === '' ? 'blank' : kind });
  };
  // Spelled in ASCII before the layout, so widths are measured on what is printed.
  for (const b of o.ascii ? blocks.map(asciiBlock) : blocks) {
    if (b.kind === 'h1') push('h1', [...wrap(b.text, width, 1000), '']);
    else if (b.kind === 'h2') push('h2', ['', ...wrap(b.text.toUpperCase().charAt(0) + b.text.slice(1), width, 1000), '']);
    else if (b.kind === 'p') push('p', wrap(b.text, width, 1000));
    else if (b.kind === 'eq') for (const l of b.lines) push('eq', breakEquation(`  ${l}`, width));
    else {
      push('table', table(b.head, b.rows, width - 2).map((l) => `  ${l}`));
      if (b.foot) push('table', [`  ${b.foot}`]);
    }
  }
  return out;
}

/** The close-up as terminal text: prose wrapped to the width, equations whole, a table of examples. */
export function explainText(c: CloseUp, o: TextOptions): string {
  return blockLines(explainBlocks(c), o).map((l) => l.text).join('\n') + '\n';
}

function asciiBlock(b: Block): Block {
  if (b.kind === 'eq') return { kind: 'eq', lines: b.lines.map(ascii) };
  if (b.kind === 'table') return { kind: 'table', head: b.head.map(ascii), rows: b.rows.map((r) => r.map(ascii)), foot: b.foot && ascii(b.foot) };
  return { kind: b.kind, text: ascii(b.text) } as Block;
}

const mdEscape = (s: string): string => s.replace(/([\\`*_[\]|<>])/g, '\\$1');

/** The close-up as Markdown: headings, a GFM table, equations in code blocks (they keep their alignment). */
export function explainMarkdown(c: CloseUp): string {
  const out: string[] = [];
  for (const b of explainBlocks(c)) {
    if (b.kind === 'h1') out.push(`## ${mdEscape(b.text)}`, '');
    else if (b.kind === 'h2') out.push(`### ${mdEscape(b.text.charAt(0).toUpperCase() + b.text.slice(1))}`, '');
    else if (b.kind === 'p') out.push(mdEscape(b.text), '');
    else if (b.kind === 'eq') out.push('```', ...b.lines, '```', '');
    else {
      out.push(`| ${b.head.map(mdEscape).join(' | ')} |`, `|${b.head.map((_, j) => (j === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
      for (const r of b.rows) out.push(`| ${r.map(mdEscape).join(' | ')} |`);
      if (b.foot) out.push('', `_${b.foot}_`);
      out.push('');
    }
  }
  return out.join('\n').trimEnd() + '\n';
}
