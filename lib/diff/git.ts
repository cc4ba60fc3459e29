/** dist/ as committed at a ref, read with git itself (`rev-parse`, `ls-tree`, `cat-file`), never checked out. */
import { execFileSync } from 'node:child_process';
import { DiffError } from './errors';

export interface CommittedTree {
  readonly commit: string;
  /** File contents by path relative to the folder. */
  readonly files: Map<string, string>;
}

/**
 * @param cwd the project root (may be a subfolder of the repository)
 * @param folder relative to cwd, e.g. `dist`
 * @param wanted which files to read, by path relative to the folder
 */
export function readCommittedTree(cwd: string, ref: string, folder: string, wanted: (path: string) => boolean = () => true): CommittedTree {
  if (ref.startsWith('-')) throw new DiffError(`--base ${ref} is not a git revision`);
  const commit = git(
    cwd,
    ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`],
    `--base ${ref} is not a commit of this repository`,
  ).trim();
  const listing = git(cwd, ['ls-tree', '-r', '-z', '--name-only', commit, '--', `${folder}/`], `cannot list ${folder}/ at ${ref}`);
  const files = new Map<string, string>();
  for (const path of listing.split('\0').filter((entry) => entry !== '' && wanted(entry.slice(folder.length + 1)))) {
    // ls-tree prints paths relative to cwd; `<commit>:./<path>` reads them relative to cwd as well.
    files.set(path.slice(folder.length + 1), git(cwd, ['cat-file', 'blob', `${commit}:./${path}`], `cannot read ${path} at ${ref}`));
  }
  return { commit, files };
}

function git(cwd: string, args: readonly string[], failure: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '')
      .trim()
      .split('\n')[0];
    throw new DiffError(`${failure}${stderr ? ` (git: ${stderr})` : ''}`);
  }
}
