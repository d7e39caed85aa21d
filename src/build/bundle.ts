import { build, type Plugin } from 'esbuild';
import { appendFileSync, chmodSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { COMPILED_PATH, type CompiledBuiltins } from '../scenario/builtins.js';
import type { Embedded } from './embedded.js';
import { playerAssets } from './player.js';

// `npm run bundle` (after `npm run build`): dist/ and every runtime dependency in one file,
// dist/normdrift.mjs, which runs copied alone to a machine with nothing but node (README,
// "Install"). It is also what `npm start` and the installed `normdrift` run: one file parsed
// instead of ~200 modules resolved and loaded starts the first frame sooner (issue #15).

const root = fileURLToPath(new URL('../../', import.meta.url));
export const BUNDLE_PATH = `${root}dist/normdrift.mjs`;

const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };
const embedded: Embedded = {
  version: pkg.version,
  builtins: JSON.parse(readFileSync(COMPILED_PATH, 'utf8')) as CompiledBuiltins,
};

/** Where the player's files start, base64 (no "*\/" in it), in the comment that ends the bundle. */
const PLAYER_MARK = '/*normdrift-player:';

/** Modules whose unbundled version reads files, replaced by what they would read. */
const inline: Plugin = {
  name: 'normdrift-inline',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]build[\\/]embedded\.js$/ }, () => ({
      contents: `export const embedded = ${JSON.stringify(embedded)};`,
      loader: 'js',
    }));
    // The player (250 kB of JS) is not a string literal in the code: every start scans every
    // byte of the file (about 27 ms of CPU per MB measured, comments too), so it rides gzipped
    // (100 kB of base64) in a comment at the end of the file, read back from the file itself by
    // the one run that writes a page.
    b.onLoad({ filter: /[\\/]dist[\\/]build[\\/]player\.js$/ }, () => ({
      contents: `import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
let assets;
export function playerAssets() {
  if (assets === undefined) {
    const text = readFileSync(fileURLToPath(import.meta.url), 'utf8');
    const start = text.lastIndexOf(${JSON.stringify(PLAYER_MARK)}) + ${PLAYER_MARK.length};
    assets = JSON.parse(gunzipSync(Buffer.from(text.slice(start, text.indexOf('*/', start)), 'base64')).toString('utf8'));
  }
  return assets;
}`,
      loader: 'js',
    }));
    // seedrandom's ARC4 module requires node:crypto, only to autoseed (a call with no seed),
    // which normdrift never makes: the bundle does not load it (see README, "Start-up").
    b.onResolve({ filter: /^crypto$/ }, (args) =>
      /[\\/]seedrandom[\\/]seedrandom\.js$/.test(args.importer) ? { path: 'crypto', namespace: 'no-crypto' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'no-crypto' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
    // Ink imports react-devtools-core only when DEV=true, for the React DevTools; it is not a
    // dependency of Ink's and not installed. In the bundle that import says so instead of failing
    // to resolve at build time.
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: `throw new Error('normdrift.mjs is built without React DevTools support: unset DEV');`,
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: [`${root}dist/cli.js`],
  outfile: BUNDLE_PATH,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Smaller to copy to a remote machine; names kept for error messages and --debug traces.
  minify: true,
  keepNames: true,
  legalComments: 'eof',
  // Ink's and React's production paths: what a user runs.
  define: { 'process.env.NODE_ENV': '"production"' },
  // Some dependencies are CommonJS and require() Node's built-ins: give the ES module a require.
  banner: { js: "import { createRequire as __normdriftRequire } from 'node:module'; const require = __normdriftRequire(import.meta.url);" },
  plugins: [inline],
  logLevel: 'warning',
});
appendFileSync(BUNDLE_PATH, `\n${PLAYER_MARK}${gzipSync(JSON.stringify(playerAssets()), { level: 9 }).toString('base64')}*/\n`);
chmodSync(BUNDLE_PATH, 0o755);
// stderr: `npm start --silent -- --json | jq` must see only normdrift's own output on stdout.
process.stderr.write(`normdrift bundle: ${BUNDLE_PATH} (${(statSync(BUNDLE_PATH).size / 1024).toFixed(0)} kB)\n`);
