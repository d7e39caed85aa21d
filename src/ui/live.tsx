import { render, type Instance, type RenderOptions } from 'ink';
import { App, type AppProps } from './App.js';
import { safeText } from '../text/sanitize.js';

/**
 * The live view's Ink root, mounted for src/modes/live.ts, which supervises the process around it
 * (signals, the terminal, the files a run writes).
 */
export function mountLive(props: AppProps, options: RenderOptions): Instance {
  return render(<App {...props} />, options);
}

/** The recording's title: what the session shows first, as plain text. */
export function castTitle(title: string): string {
  return `normdrift · ${safeText(title)}`;
}
