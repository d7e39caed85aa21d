import { build, type BuildOptions, type Plugin } from 'esbuild';
import { appendFileSync, chmodSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { COMPILED_PATH, type CompiledBuiltins } from '../scenario/builtins.js';
import type { Embedded } from './embedded.js';
import { playerAssets } from './player.js';

// `npm run bundle` (after `npm run build`) writes two builds of dist/ with every runtime
// dependency inside (README, "Install" and "Start-up"):
// - dist/pkg/: what `npm start` and the installed `normdrift` run. A small entry, cli.mjs, and
//   chunks it imports as a mode needs them (esbuild code splitting): Node compiles every byte of
//   a file it loads (about 27 ms of CPU per MB measured), so a headless run compiles only its own
//   chunks, not Ink and React, and the live view compiles no YAML or zod (issue #15).
// - dist/normdrift.mjs: the same program in one file, to copy alone to a machine with nothing
//   but node. One file costs the compile of all of it at every start.

const root = fileURLToPath(new URL('../../', import.meta.url));
export const BUNDLE_PATH = `${root}dist/normdrift.mjs`;
export const PACKAGE_DIR = `${root}dist/pkg/`;
/** The package's entry (package.json "bin" and `npm start`). */
export const PACKAGE_ENTRY = `${PACKAGE_DIR}cli.mjs`;
/** The web player, gzipped JSON, beside the package's chunks; read only by --record *.html. */
const PLAYER_FILE = 'asciinema-player.json.gz';

const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };
const embedded: Embedded = {
  version: pkg.version,
  builtins: JSON.parse(readFileSync(COMPILED_PATH, 'utf8')) as CompiledBuiltins,
};

/** Where the player's files start, base64 (no "*\/" in it), in the comment that ends the single file. */
const PLAYER_MARK = '/*normdrift-player:';
const playerGz = gzipSync(JSON.stringify(playerAssets()), { level: 9 });

/**
 * How the bundled playerAssets() finds the player: never a string literal in the code, which
 * every start would scan (250 kB of JS). The single file carries it gzipped in a comment at its
 * end and reads it back from itself; the package keeps it in a file of its own.
 */
const playerReader = {
  single: `const text = readFileSync(fileURLToPath(import.meta.url), 'utf8');
    const start = text.lastIndexOf(${JSON.stringify(PLAYER_MARK)}) + ${PLAYER_MARK.length};
    const gz = Buffer.from(text.slice(start, text.indexOf('*/', start)), 'base64');`,
  package: `const gz = readFileSync(fileURLToPath(new URL(${JSON.stringify(`./${PLAYER_FILE}`)}, import.meta.url)));`,
};

/** Modules whose unbundled version reads files, replaced by what they would read. */
const inline = (player: keyof typeof playerReader): Plugin => ({
  name: 'normdrift-inline',
  setup(b) {
    // JSON.parse of a string literal: V8 parses JSON faster than the same object as code.
    b.onLoad({ filter: /[\\/]dist[\\/]build[\\/]embedded\.js$/ }, () => ({
      contents: `export const embedded = JSON.parse(${JSON.stringify(JSON.stringify(embedded))});`,
      loader: 'js',
    }));
    b.onLoad({ filter: /[\\/]dist[\\/]build[\\/]player\.js$/ }, () => ({
      // node:zlib is required here, by the one run that writes a page, not imported by every start.
      contents: `import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
let assets;
export function playerAssets() {
  if (assets === undefined) {
    ${playerReader[player]}
    assets = JSON.parse(require('node:zlib').gunzipSync(gz).toString('utf8'));
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
      contents: `throw new Error('normdrift is built without React DevTools support: unset DEV');`,
      loader: 'js',
    }));
  },
});

const common: BuildOptions = {
  entryPoints: [`${root}dist/cli.js`],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Smaller to copy and to compile; names kept for error messages and --debug traces.
  minify: true,
  keepNames: true,
  legalComments: 'eof',
  // Ink's and React's production paths: what a user runs.
  define: { 'process.env.NODE_ENV': '"production"' },
  // Some dependencies are CommonJS and require() Node's built-ins: give each ES module a require.
  banner: { js: "import { createRequire as __normdriftRequire } from 'node:module'; const require = __normdriftRequire(import.meta.url);" },
  logLevel: 'warning',
};

// The package: cli.mjs and its chunks, written afresh (no chunk of an older build left behind).
rmSync(PACKAGE_DIR, { recursive: true, force: true });
await build({
  ...common,
  outdir: PACKAGE_DIR,
  splitting: true,
  entryNames: 'cli',
  chunkNames: '[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  plugins: [inline('package')],
});
writeFileSync(`${PACKAGE_DIR}${PLAYER_FILE}`, playerGz);
chmodSync(PACKAGE_ENTRY, 0o755);

// The single file.
await build({ ...common, outfile: BUNDLE_PATH, plugins: [inline('single')] });
appendFileSync(BUNDLE_PATH, `\n${PLAYER_MARK}${playerGz.toString('base64')}*/\n`);
chmodSync(BUNDLE_PATH, 0o755);

// stderr: `npm start --silent -- --json | jq` must see only normdrift's own output on stdout.
const kB = (path: string) => `${(statSync(path).size / 1024).toFixed(0)} kB`;
const chunks = readdirSync(PACKAGE_DIR).filter((f) => f.endsWith('.mjs'));
const pkgSize = chunks.reduce((sum, f) => sum + statSync(`${PACKAGE_DIR}${f}`).size, 0);
process.stderr.write(
  `normdrift bundle: ${PACKAGE_ENTRY} (${kB(PACKAGE_ENTRY)}; ${chunks.length} files, ${(pkgSize / 1024).toFixed(0)} kB in all), ${BUNDLE_PATH} (${kB(BUNDLE_PATH)})\n`,
);
