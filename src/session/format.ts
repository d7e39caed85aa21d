/**
 * Numbers as the dashboard and its captions print them. The format is chosen from the quantity's
 * magnitude in both panels, not from each value, so the two panels print the same quantity the
 * same way, round-off around zero prints as 0.000, and a cell whose value did not change keeps
 * exactly the same characters (unchanged cells cost no terminal traffic).
 *
 * Signs use the real minus sign (U+2212); the ASCII mode transliterates it.
 */

export const MINUS = '\u2212';
export const NUMBER_WIDTH = 8;

function exponent(a: number): string {
  // Mantissa digits shrink as the exponent grows, so a signed number always fits 8 cells.
  const e = Math.floor(Math.log10(a));
  const digits = Math.abs(e) >= 100 ? 0 : Math.abs(e) >= 10 ? 1 : 2;
  return a.toExponential(digits).replace('e+', 'e');
}

/** At most NUMBER_WIDTH cells; `plus` marks positive values (for changes). */
export function formatNumber(v: number, magnitude: number, plus = false): string {
  if (Number.isNaN(v)) return 'n/a';
  if (!Number.isFinite(v)) return v > 0 ? '+∞' : `${MINUS}∞`;
  const scale = Math.max(Math.abs(magnitude), Math.abs(v));
  const sign = v < 0 ? MINUS : plus ? '+' : '';
  const a = Math.abs(v);
  if (scale >= 1e5 || (scale > 0 && scale < 1e-3)) return a === 0 ? '0' : sign + exponent(a);
  const decimals = scale < 10 ? 3 : scale < 100 ? 2 : scale < 1000 ? 1 : 0;
  const s = a.toFixed(decimals);
  if (Number(s) === 0) return (0).toFixed(decimals);
  return sign + s;
}

/**
 * A change: exact zero is "0" and round-off "≈0", so an untouched value reads differently from
 * a rounded one. A real change is printed at its own scale (a change of 3e-4 in a quantity of
 * size 2 is "+3.0e-4", not a misleading "0.000").
 */
export function formatDelta(d: number, magnitude: number, roundOff: boolean): string {
  if (d === 0) return '0';
  if (roundOff) return '≈0';
  return formatNumber(d, Math.min(Math.abs(magnitude), Math.abs(d)), true);
}

/** 1234567 → "1.23M": for rates, where three digits say enough. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '∞';
  const a = Math.abs(n);
  if (a < 1000) return String(Math.round(n));
  const units: [number, string][] = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [u, s] of units) {
    // 999 999 is "1.00M", not "1000k".
    if (a >= u * 0.9995) {
      const x = n / u;
      return `${Math.abs(x) < 10 ? x.toFixed(2) : Math.abs(x) < 100 ? x.toFixed(1) : x.toFixed(0)}${s}`;
    }
  }
  return String(n);
}
