import type { CompiledBuiltins } from '../scenario/builtins.js';

/**
 * What `npm run bundle` puts inside normdrift.mjs (esbuild `define`, see bundle.ts), so that the
 * one file runs copied alone: no scenarios/ beside it, no package.json above it. In the unbundled
 * dist/ the name is not defined and every field is undefined: the files are read as before.
 */
export interface Embedded {
  version: string;
  /** Every built-in as the build validated it (dist/builtins.json). */
  builtins: CompiledBuiltins;
}

declare const NORMDRIFT_EMBEDDED: Embedded | undefined;

export const embedded: Embedded | undefined = typeof NORMDRIFT_EMBEDDED === 'undefined' ? undefined : NORMDRIFT_EMBEDDED;
