import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** asciinema-player's browser bundle, as --record *.html inlines it (src/output/html.ts). */
export interface PlayerAssets {
  js: string;
  css: string;
  version: string;
  /** Its licence (Apache-2.0), whole, for the comment beside the inlined code. */
  license: string;
}

/**
 * From node_modules in the unbundled dist/; normdrift.mjs has this module replaced by the same
 * four strings, read at bundle time (bundle.ts), so the one file needs no node_modules.
 */
export function playerAssets(): PlayerAssets {
  const require = createRequire(import.meta.url);
  // package.json is not among its exports; the CSS is, two folders below the package.
  const dir = require.resolve('asciinema-player/dist/bundle/asciinema-player.css').replace(/dist[\\/]bundle[\\/][^\\/]+$/, '');
  const read = (p: string) => readFileSync(dir + p, 'utf8');
  return {
    js: read('dist/bundle/asciinema-player.min.js'),
    css: read('dist/bundle/asciinema-player.css'),
    version: (JSON.parse(read('package.json')) as { version: string }).version,
    license: read('LICENSE'),
  };
}
