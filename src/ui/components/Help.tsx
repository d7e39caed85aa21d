import type { LiveView } from '../../session/live.js';
import type { Glyphs } from '../glyphs.js';
import { BINDINGS } from '../keys.js';
import { cellWidth, pad, safeText, toAscii, truncate, wrap } from '../text.js';
import type { Segment } from './Segments.js';
import { PANEL_COLOR } from './Panel.js';

/** The paper's equations for the scenario's normalization, as lines of text. */
export function equations(normalize: LiveView['normalize']): { naive: string[]; backprop: string[]; paper: string[] } {
  if (normalize === 'center')
    return {
      naive: [
        'x̂ᵢ = xᵢ − E[x], with E[x] treated as a constant in the gradient:',
        '∂ℓ/∂xᵢ = ∂ℓ/∂x̂ᵢ, so b moves by −η Σᵢ ∂ℓ/∂x̂ᵢ every step.',
      ],
      backprop: [
        'the gradient flows through E[x] too: ∂E[x]/∂xⱼ = 1/m, so',
        '∂ℓ/∂xᵢ = ∂ℓ/∂x̂ᵢ − mean(∂ℓ/∂x̂) and ∂ℓ/∂b = 0.',
      ],
      paper: [
        'Ioffe & Szegedy (2015), §2: with x = u + b and x̂ = x − E[x], the naive update b ← b + Δb gives',
        // No-break spaces keep the equation on one line when the paragraph is wrapped.
        'u + (b + Δb) − E[u + (b + Δb)] = u + b − E[u + b]:'.replace(/ /g, '\u00a0'),
        'the output and the loss do not change, so b grows indefinitely.',
        'Batch Normalization (§3) differentiates through the statistics.',
      ],
    };
  return {
    naive: [
      'x̂ᵢ = (xᵢ − E[x]) / √(Var[x] + ε), with E[x] and Var[x] held constant:',
      '∂ℓ/∂xᵢ = (∂ℓ/∂x̂ᵢ) / √(Var[x] + ε).',
    ],
    backprop: [
      'the gradient flows through E[x] and Var[x] (§3):',
      '∂ℓ/∂xᵢ = (∂ℓ/∂x̂ᵢ − mean(∂ℓ/∂x̂) − x̂ᵢ·mean(∂ℓ/∂x̂·x̂)) / √(Var[x] + ε).',
    ],
    paper: [
      'Ioffe & Szegedy (2015), §2: when the normalization is left out of the gradient, the parameters',
      'can grow without bound while the loss stays the same; §3 back-propagates through E[x] and Var[x].',
    ],
  };
}

/** The help overlay's lines, most important first; the view shows as many as fit. */
function helpLines(view: LiveView, width: number, g: Glyphs): Segment[][] {
  const t = (s: string) => (g.ascii ? toAscii(s) : s);
  const w = width - 2;
  const eq = equations(view.normalize);
  const out: Segment[][] = [];
  const text = (s: string, style: Omit<Segment, 'text'> = {}) =>
    out.push([{ text: ' ' }, { ...style, text: truncate(t(s), w, g.ellipsis) }]);
  const where = view.index ? ` (${view.index.at}/${view.index.of})` : '';
  text(`${view.name}${where}: ${safeText(view.title)}`, { bold: true });
  // The command that brings this view back, whole: a cut command would not reproduce anything,
  // so a long one wraps instead (the shell joins the words again).
  const replay = wrap(t(view.replay), w - 8, 3, g.ellipsis);
  replay.forEach((l, i) => out.push([{ text: ' ' }, { text: i === 0 ? 'replay ' : '       ', dim: true }, { text: l }]));
  out.push([{ text: '' }]);
  const labelW = 10;
  for (const rule of ['naive', 'backprop'] as const) {
    // Wrapped, not cut: an equation missing its end says something else.
    const lines = eq[rule].flatMap((line) => wrap(t(line), w - labelW, 3, g.ellipsis));
    lines.forEach((line, i) =>
      out.push([{ text: ' ' }, { text: pad(i === 0 ? rule : '', labelW), color: PANEL_COLOR[rule], bold: true }, { text: line }]),
    );
  }
  // Keys before the prose: on a small terminal they are what help is opened for.
  out.push([{ text: '' }]);
  text('Keys', { bold: true });
  const keys = BINDINGS.map((b) => `${pad(b.keys.join(' '), 8)} ${b.does}`);
  const colW = Math.floor(w / 2);
  const twoColumns = colW >= 30;
  const perCol = twoColumns ? Math.ceil(keys.length / 2) : keys.length;
  for (let i = 0; i < perCol; i++) {
    const a = t(keys[i]);
    const b = twoColumns && keys[i + perCol] ? t(keys[i + perCol]) : '';
    out.push([{ text: ' ' }, { text: twoColumns ? pad(a, colW) + truncate(b, w - colW, g.ellipsis) : truncate(a, w, g.ellipsis) }]);
  }
  out.push([{ text: '' }]);
  for (const l of wrap(t(eq.paper.join(' ')), w, 4, g.ellipsis)) text(l, { dim: true });
  out.push([{ text: '' }]);
  const rows =
    'Rows: b the bias; E[x] the batch mean; x̂ of one example and the spread of x̂ over all examples; the loss on the full set; ∂L/∂b the gradient each rule applies. Same quantity, same y-range in both panels; flat = constant to within 1e-9 (round-off), drawn as a line; ≈0 = zero up to round-off.';
  for (const l of wrap(t(rows), w, 4, g.ellipsis)) text(l);
  return out;
}

const isBlank = (line: Segment[]) => line.every((s) => s.text === '');

/** The line with an ellipsis at its end, within `width` cells. */
function goesOn(line: Segment[], width: number, g: Glyphs): Segment[] {
  const used = line.reduce((n, s) => n + cellWidth(s.text), 0);
  const last = line[line.length - 1];
  const room = width - 1 - (used - cellWidth(last.text));
  return [...line.slice(0, -1), { ...last, text: truncate(last.text.trimEnd() + g.ellipsis, room, g.ellipsis) }];
}

/** The overlay, `height` lines: as much help as fits, and how to close it on the last line. */
export function helpFrame(view: LiveView, width: number, height: number, g: Glyphs): Segment[][] {
  if (height <= 0) return [];
  const all = helpLines(view, width, g);
  const room = height - 1;
  const shown = all.slice(0, room);
  // A paragraph cut part-way would read as if it ended there: its last line shown says it goes on.
  if (room > 0 && all.length > room && !isBlank(all[room]) && !isBlank(shown[room - 1]))
    shown[room - 1] = goesOn(shown[room - 1], width, g);
  const more = all.slice(shown.length).filter((l) => !isBlank(l)).length;
  const closing = more > 0 ? `? or esc closes help${g.sep}${more} more lines in a taller window` : '? or esc closes help';
  return [...shown, [{ text: ' ' }, { text: truncate(closing, width - 2, g.ellipsis), dim: true }]];
}
