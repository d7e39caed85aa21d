import { EXIT } from '../exit.js';
import { explainMarkdown, explainText } from '../output/explain.js';
import { closeUpAt } from '../session/closeup.js';
import type { LiveScenario } from '../session/library.js';

/**
 * `normdrift explain [scenario] [--step t] [--markdown]`: the close-up of step t of a fresh run
 * (what key c shows live), printed once: terminal text wrapped to the terminal's width (80 when
 * piped, or --width), or Markdown for a tutorial or an answer. Loads no React and no Ink.
 */

export interface ExplainOptions {
  initial: LiveScenario;
  step: number;
  markdown: boolean;
  ascii: boolean;
  width: number;
}

export function explain(o: ExplainOptions): string {
  const c = closeUpAt(o.initial.scenario, o.step);
  return o.markdown ? explainMarkdown(c) : explainText(c, { width: o.width, ascii: o.ascii });
}

export function runExplain(o: ExplainOptions, stdout: NodeJS.WriteStream = process.stdout): number {
  stdout.write(explain(o));
  return EXIT.ok;
}
