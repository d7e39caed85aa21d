/**
 * --snapshot's text: one frame of the dashboard as it goes into a README, a doc or a slide. The
 * frame itself is drawn by src/ui/still.tsx; src/modes/snapshot.ts runs the scenario and wires
 * the two.
 */

const SGR_TAIL = /(?:\x1b\[[0-9;]*m)*$/;

/**
 * Text that pastes cleanly into a Markdown code block: no trailing spaces on any line (colour
 * codes after them are kept), no blank lines at the end, one final newline.
 */
export function tidyFrame(text: string): string {
  const lines = text.split('\n').map((line) => {
    const tail = SGR_TAIL.exec(line)?.[0] ?? '';
    return line.slice(0, line.length - tail.length).replace(/[ \t]+$/, '') + tail;
  });
  const visible = (l: string) => l.replace(/\x1b\[[0-9;]*m/g, '') !== '';
  while (lines.length > 0 && !visible(lines[lines.length - 1])) lines.pop();
  return lines.join('\n') + '\n';
}

/** History samples so that step 0 to N fit a sparkline of `width` cells, the last cell being N. */
export function sampleEvery(steps: number, width: number): number {
  return Math.max(1, Math.ceil(steps / Math.max(1, width - 1)));
}
