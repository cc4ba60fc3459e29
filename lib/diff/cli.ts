/**
 * `npm run diff`: what a change does to each cluster. The entry (diff.ts) passes in how to
 * synthesize and which environments exist, so this module never imports environments/ or constructs/.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { argsOrExitStatus, CliIo } from '../cli';
import { DIFF_USAGE, parseDiffArgs } from './args';
import { DiffError } from './errors';
import { readCommittedTree } from './git';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { isEnvironmentFile, objectSetsOf } from './objects';
import { buildDiffReport, hasDifferences } from './report';
import { DiffEnvironment } from './risks';

export interface DiffProject {
  /** The project root: where dist/ is committed and git runs. */
  readonly root: string;
  /**
   * Loads the working tree's program (may throw, e.g. on an invalid environment config): how to
   * synthesize the whole dist/ tree into a folder, and the configured environments.
   */
  load(): { synthesize(outdir: string): void; environments: readonly DiffEnvironment[] };
}

/** Runs the diff and returns its exit status: 0 no difference, 1 differences, 2 error. */
export function runDiffCli(argv: readonly string[], io: CliIo, project: DiffProject): number {
  const args = argsOrExitStatus('diff', DIFF_USAGE, parseDiffArgs(argv), io);
  if (typeof args === 'number') return args;
  const { base, format } = args;
  const scratch = mkdtempSync(join(tmpdir(), 'platform-diff-'));
  try {
    const committed = readCommittedTree(project.root, base, 'dist', isEnvironmentFile);
    const program = attempt(() => project.load(), 'cannot load the working tree');
    const outdir = join(scratch, 'dist');
    attempt(() => program.synthesize(outdir), 'synth of the working tree failed');
    const report = buildDiffReport(
      { ref: base, commit: committed.commit, environments: objectSetsOf(committed.files, base) },
      objectSetsOf(readTree(outdir), 'working tree'),
      program.environments,
    );
    io.stdout.write(format === 'json' ? renderJson(report) : renderMarkdown(report));
    return hasDifferences(report) ? 1 : 0;
  } catch (error) {
    io.stderr.write(`diff: ${error instanceof DiffError ? error.message : `unexpected error: ${(error as Error).message}`}\n`);
    return 2;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function attempt<T>(action: () => T, failure: string): T {
  try {
    return action();
  } catch (error) {
    throw new DiffError(`${failure}: ${(error as Error).message}`);
  }
}

/** Every file under `root`, by path relative to it with `/` separators. */
function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (path: string): void => {
    if (statSync(path).isDirectory()) for (const name of readdirSync(path).sort()) visit(join(path, name));
    else files.set(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8'));
  };
  visit(root);
  return files;
}
