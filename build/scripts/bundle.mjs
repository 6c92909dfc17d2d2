// Bundles the Electron main process (ESM) and the sandboxed preload (CommonJS) into
// dist/main. The renderer is Vite's job; better-sqlite3 stays external because it is
// native, and electron because it is the runtime itself.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// --outdir lets the bundle smoke test build a throwaway copy without touching dist/.
const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = path.resolve(root, values.outdir ?? 'dist/main');

// Bundled CommonJS dependencies still call require and read __dirname; an ESM
// bundle has neither, so they are recreated from import.meta.url.
const esmBanner = [
  "import { createRequire as __cpCreateRequire } from 'node:module';",
  "import { fileURLToPath as __cpFileURLToPath } from 'node:url';",
  "import { dirname as __cpDirname } from 'node:path';",
  'const require = __cpCreateRequire(import.meta.url);',
  'const __filename = __cpFileURLToPath(import.meta.url);',
  'const __dirname = __cpDirname(__filename);',
].join('\n');

const common = {
  absWorkingDir: root,
  bundle: true,
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
};

const main = await build({
  ...common,
  entryPoints: ['main/electron/main.ts'],
  outfile: path.join(outdir, 'main.js'),
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external: ['electron', 'better-sqlite3'],
  banner: { js: esmBanner },
});

// A sandboxed preload can require only electron (and a few Node shims), and it runs
// beside untrusted-by-default page code: it must stay this small.
const PRELOAD_INPUTS = new Set(['main/electron/preload.ts', 'main/electron/bridge.ts', 'main/electron/channels.ts', 'main/api/calls.ts']);
const preload = await build({
  ...common,
  entryPoints: ['main/electron/preload.ts'],
  outfile: path.join(outdir, 'preload.cjs'),
  platform: 'browser',
  format: 'cjs',
  target: 'chrome130',
  external: ['electron'],
});

// Each domain's call names (main/api/<domain>/calls.ts) are import-free lists too.
const DOMAIN_CALLS = /^main\/api\/[a-z]+\/calls\.ts$/;
const strays = Object.keys(preload.metafile.inputs).filter((input) => !PRELOAD_INPUTS.has(input) && !DOMAIN_CALLS.test(input));
const preloadOutput = Object.values(preload.metafile.outputs).find((output) => output.entryPoint);
const foreignImports = (preloadOutput?.imports ?? []).filter((entry) => entry.path !== 'electron');
if (strays.length || foreignImports.length) {
  console.error('The preload may only bundle the call names and the bridge; it also pulled in:');
  for (const stray of [...strays, ...foreignImports.map((entry) => entry.path)]) console.error(`  ${stray}`);
  process.exit(1);
}

const size = (result) => Object.entries(result.metafile.outputs)
  .filter(([file]) => !file.endsWith('.map'))
  .map(([file, output]) => `${path.relative(root, path.resolve(root, file))} ${(output.bytes / 1024).toFixed(0)} kB`);
console.log(`bundled ${[...size(main), ...size(preload)].join(', ')}`);
