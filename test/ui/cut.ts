/** A string cut at the given fractions of its length, as reads off a terminal may split it (empty pieces kept). */
export function cutAt(s: string, at: number[]): string[] {
  const points = [...new Set(at.map((f) => Math.floor(f * s.length)))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(s.slice(prev, p));
    prev = p;
  }
  out.push(s.slice(prev));
  return out;
}
