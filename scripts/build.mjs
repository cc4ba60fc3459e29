// Bundles our TypeScript (not node_modules) into build/ with esbuild, so a synth costs little more
// than loading its libraries. Type-checking is `npm run typecheck`, part of `npm test`.
// `node scripts/build.mjs` builds; scripts/run.mjs imports `buildIfStale` to skip a fresh build.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const ENTRY_POINTS = {
  synth: 'synth.ts',
  check: 'check.ts',
  diff: 'diff.ts',
  seal: 'seal.ts',
  'bench-jobs': 'bench/jobs-app.ts',
  'bench-schedule': 'bench/schedule-gaps.ts',
};
const EXTERNAL_PACKAGES = ['cdk8s', 'cdk8s-plus-28', 'constructs', 'kubernetes-models', '@kubernetes-models/*', 'yaml', 'luxon', 'tzdata', 'esbuild'];

/** What the bundles are made of: a change to any of these makes build/ stale. */
const SOURCES = ['main.ts', 'synth.ts', 'check.ts', 'diff.ts', 'seal.ts', 'constructs', 'lib', 'environments', 'bench', 'package-lock.json', 'scripts/build.mjs'];

export async function buildAll() {
  // Imported here, not at the top: a fresh build/ never pays for loading esbuild.
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: root,
    entryPoints: ENTRY_POINTS,
    outdir: 'build',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // cdktf (and the provider classes, which must share its module instance) are bundled so that
    // `archiver`, which cdktf loads eagerly but only uses for assets we never declare, can be
    // left out; everything else is loaded from node_modules as installed.
    external: EXTERNAL_PACKAGES,
    alias: { archiver: './lib/bootstrap/archiver-unavailable.ts' },
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

/** Rebuilds when any source is newer than the oldest bundle (or a bundle is missing). */
export async function buildIfStale() {
  const bundles = Object.keys(ENTRY_POINTS).map((name) => mtimeOf(join(root, 'build', `${name}.js`)));
  if (bundles.includes(undefined) || newestSource() > Math.min(...bundles)) await buildAll();
}

function newestSource() {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const source of SOURCES) visit(join(root, source));
  return newest;
}

function mtimeOf(path) {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await buildAll();
