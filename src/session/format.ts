import { isRoundOff } from './rows.js';

/**
 * Numbers as the dashboard and its captions print them, in at most NUMBER_WIDTH cells so columns
 * stay put. Each value is printed at its own scale (three decimals below 10, fewer above,
 * exponents beyond 1e5 or below 1e-3), except that a value within round-off of zero, judged
 * against the quantity's magnitude in both panels, prints as "≈0": backprop's b in the paper's
 * example is 1e-17 of float noise, not a number worth reading. Exact zero prints as "0".
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

/** `plus` marks positive values (for changes); `noise`, see rows.ts's inheritedRoundOff. */
export function formatNumber(v: number, magnitude: number, plus = false, noise = 0): string {
  if (Number.isNaN(v)) return 'n/a';
  if (!Number.isFinite(v)) return v > 0 ? '+∞' : `${MINUS}∞`;
  if (v === 0) return '0';
  if (isRoundOff(v, magnitude, noise)) return '≈0';
  const sign = v < 0 ? MINUS : plus ? '+' : '';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return sign + exponent(a);
  return sign + a.toFixed(a < 10 ? 3 : a < 100 ? 2 : a < 1000 ? 1 : 0);
}

/** A change since step 0: the same rules, always signed. */
export function formatDelta(d: number, magnitude: number, noise = 0): string {
  return formatNumber(d, magnitude, true, noise);
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
