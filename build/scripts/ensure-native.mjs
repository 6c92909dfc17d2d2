#!/usr/bin/env node
// usage: node build/scripts/ensure-native.mjs <node|electron>
//
// better-sqlite3 is a native addon, and Node and Electron need different builds of it
// (different ABIs). Tests and web mode run under Node, the app under Electron, so this
// puts the right build in place before each, keeping both in a cache so switching is a
// file copy rather than a rebuild.
//
//   node_modules/better-sqlite3/build/Release/better_sqlite3.node   the build in use
//   .../build/Release/.counterpart-native.json                      which build that is
//   node_modules/.cache/counterpart-native/<key>/better_sqlite3.node known-good builds
//
// The marker sits beside the binary so a reinstall of better-sqlite3 wipes both, and it
// records the binary's hash so a rebuild by anything else is noticed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const requireFromRoot = createRequire(path.join(root, 'package.json'));
const isWindows = process.platform === 'win32';

const target = process.argv[2];
if (target !== 'node' && target !== 'electron') {
  console.error('usage: node build/scripts/ensure-native.mjs <node|electron>');
  process.exit(2);
}

const say = (message) => console.log(`[native] ${message}`);

function fail(message) {
  console.error(`[native] ${message}`);
  process.exit(1);
}

function packageDir(name) {
  try {
    return path.dirname(requireFromRoot.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

const sqliteDir = packageDir('better-sqlite3');
if (!sqliteDir) fail('better-sqlite3 is not installed: run npm install.');
const sqliteVersion = JSON.parse(fs.readFileSync(path.join(sqliteDir, 'package.json'), 'utf8')).version;
const releaseDir = path.join(sqliteDir, 'build', 'Release');
const binary = path.join(releaseDir, 'better_sqlite3.node');
const markerFile = path.join(releaseDir, '.counterpart-native.json');
const cacheRoot = path.join(root, 'node_modules', '.cache', 'counterpart-native');

// --- the two runtimes -------------------------------------------------------------

const PROBE = "const D = require('better-sqlite3'); const db = new D(':memory:'); db.prepare('select 1').get(); db.close();";

function electronExecutable() {
  let executable;
  try {
    executable = requireFromRoot('electron');
  } catch {
    return null;
  }
  return typeof executable === 'string' && fs.existsSync(executable) ? executable : null;
}

function electronVersion() {
  const dir = packageDir('electron');
  return dir ? JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version : 'unknown';
}

const platform = `${process.platform}-${process.arch}`;
const runtimes = {
  node: {
    label: `Node ${process.version}`,
    key: () => `node-abi${process.versions.modules}-${platform}-better-sqlite3-${sqliteVersion}`,
    available: () => true,
    works: () => probe(process.execPath, {}),
    rebuild: () => run('npm', ['rebuild', 'better-sqlite3']),
  },
  electron: {
    label: `Electron ${electronVersion()}`,
    key: () => `electron-${electronVersion()}-${platform}-better-sqlite3-${sqliteVersion}`,
    available: () => electronExecutable() !== null,
    works: () => probe(electronExecutable(), { ELECTRON_RUN_AS_NODE: '1' }),
    // @electron/rebuild, through electron-builder, builds against Electron's headers.
    rebuild: () => run('npx', ['electron-builder', 'install-app-deps']),
  },
};

function probe(executable, env) {
  if (!executable || !fs.existsSync(binary)) return false;
  const result = spawnSync(executable, ['-e', PROBE], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 60_000,
  });
  return result.status === 0;
}

function run(command, args) {
  // npm and npx are .cmd shims on Windows, which only a shell can start.
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: isWindows });
  return result.status === 0;
}

// --- files --------------------------------------------------------------------------

function hashOf(file) {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
}

function readMarker() {
  try {
    const marker = JSON.parse(fs.readFileSync(markerFile, 'utf8'));
    return typeof marker?.key === 'string' && typeof marker?.sha256 === 'string' ? marker : null;
  } catch {
    return null;
  }
}

function writeMarker(key, sha256) {
  fs.writeFileSync(markerFile, `${JSON.stringify({ target, key, sha256, written: new Date().toISOString() }, null, 2)}\n`);
}

const cachedCopy = (key) => path.join(cacheRoot, key, 'better_sqlite3.node');

// Copy beside the destination, then rename over it: a process that still has the old
// file mapped (a running test, the app) keeps its copy instead of crashing mid-read.
function replaceFile(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const temporary = `${to}.tmp-${process.pid}`;
  fs.copyFileSync(from, temporary);
  try {
    fs.renameSync(temporary, to);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    if (isWindows && (error.code === 'EPERM' || error.code === 'EBUSY')) {
      fail(`${to} is in use. Close Counterpart and any running tests, then try again.`);
    }
    throw error;
  }
}

function remember(key) {
  if (!fs.existsSync(cachedCopy(key)) || hashOf(cachedCopy(key)) !== hashOf(binary)) replaceFile(binary, cachedCopy(key));
}

// Before overwriting the build in place, keep it if we can tell which runtime it is for:
// that is what makes switching back cheap.
function keepCurrent(marker, currentHash, wantedKey) {
  if (marker && marker.sha256 === currentHash) {
    if (marker.key !== wantedKey && !fs.existsSync(cachedCopy(marker.key))) remember(marker.key);
    return;
  }
  const other = runtimes[target === 'node' ? 'electron' : 'node'];
  if (other.available() && other.works()) remember(other.key());
}

// --- main ---------------------------------------------------------------------------

const runtime = runtimes[target];

if (target === 'electron' && !runtime.available()) {
  fail(
    'Electron is not installed: run npm install without ELECTRON_SKIP_BINARY_DOWNLOAD, or use npm run web ' +
      'to run Counterpart in a browser.',
  );
}

const wanted = runtime.key();
const marker = readMarker();
const currentHash = hashOf(binary);

// The everyday case: the marker vouches for exactly this file. No child process.
if (marker && marker.key === wanted && currentHash !== null && marker.sha256 === currentHash) process.exit(0);

function settle(how) {
  const hash = hashOf(binary);
  remember(wanted);
  writeMarker(wanted, hash);
  say(`better-sqlite3 ${how} for ${runtime.label}.`);
  process.exit(0);
}

// Unknown build (first run, or rebuilt by npm/electron-builder): it may already be right.
if (currentHash !== null && runtime.works()) settle('checked');

if (currentHash !== null) keepCurrent(marker, currentHash, wanted);

if (fs.existsSync(cachedCopy(wanted))) {
  replaceFile(cachedCopy(wanted), binary);
  if (runtime.works()) settle('swapped in from the cache');
  // A cached build that no longer loads (system libraries changed) is worse than none.
  fs.rmSync(path.dirname(cachedCopy(wanted)), { recursive: true, force: true });
  say('the cached build did not load; rebuilding.');
}

say(`building better-sqlite3 for ${runtime.label}; this takes a minute or two the first time.`);
fs.rmSync(markerFile, { force: true });
if (runtime.rebuild() && runtime.works()) settle('built');
fail(
  `better-sqlite3 still does not load in ${runtime.label}. ` +
    (target === 'node'
      ? 'Check that a C++ toolchain and Python are installed (node-gyp needs them), then run npm rebuild better-sqlite3.'
      : 'Run npx electron-builder install-app-deps and read its output.'),
);
