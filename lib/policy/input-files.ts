/**
 * Which files the CLI reads: the paths it is given, and under a directory every manifest file
 * (`.yaml`, `.yml`, `.json`: what Argo CD parses in a synced folder) in sorted order, a folder's
 * files before its subfolders. Only regular files are read: FIFOs, sockets and devices are noted
 * and never opened (opening a FIFO blocks).
 * Each real file and directory is visited once, so links to a file and links back up the tree
 * (symlink loops) cost nothing.
 */
import { Stats, readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A place in the input and what happened there. */
export interface InputMessage {
  readonly file: string;
  /** 1-based; absent when the problem is with the file as a whole. */
  readonly line?: number;
  readonly message: string;
}

export interface InputFiles {
  /** Regular files to read, each real file once, in the order found. */
  readonly files: string[];
  readonly notes: InputMessage[];
  readonly errors: InputMessage[];
}

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

export function inputFiles(paths: readonly string[]): InputFiles {
  const found: InputFiles = { files: [], notes: [], errors: [] };
  const firstPathOf = new Map<string, string>();

  /** False (with a note) when the real file or directory behind `path` was visited already. */
  const firstVisit = (path: string, what: 'file' | 'directory'): boolean => {
    let real: string;
    try {
      real = realpathSync(path);
    } catch (error) {
      found.errors.push({ file: path, message: `cannot read: ${reason(error)}` });
      return false;
    }
    const first = firstPathOf.get(real);
    if (first !== undefined) {
      found.notes.push({ file: path, message: `skipped: the same ${what} as ${first}` });
      return false;
    }
    firstPathOf.set(real, path);
    return true;
  };

  const visit = (path: string, stats: Stats): void => {
    if (stats.isDirectory()) {
      if (firstVisit(path, 'directory')) walk(path);
    } else if (stats.isFile()) {
      if (firstVisit(path, 'file')) found.files.push(path);
    } else {
      found.notes.push({ file: path, message: `skipped: ${describeSpecialFile(stats)} is not a regular file (never opened)` });
    }
  };

  const walk = (directory: string): void => {
    let names: string[];
    try {
      names = readdirSync(directory).sort();
    } catch (error) {
      found.errors.push({ file: directory, message: `cannot read directory: ${reason(error)}` });
      return;
    }
    const subdirectories: [string, Stats][] = [];
    for (const name of names) {
      const child = join(directory, name);
      let stats: Stats;
      try {
        stats = statSync(child);
      } catch (error) {
        // A dangling or looping link: an error when it names a manifest, else not ours to judge.
        if (MANIFEST_FILE.test(name)) found.errors.push({ file: child, message: `cannot read: ${reason(error)}` });
        continue;
      }
      if (stats.isDirectory()) subdirectories.push([child, stats]);
      else if (MANIFEST_FILE.test(name) || !stats.isFile()) visit(child, stats);
    }
    // A folder's own files first: a file linked from a subfolder counts where it lives (one folder is one cluster).
    for (const [child, stats] of subdirectories) visit(child, stats);
  };

  for (const path of paths) {
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch (error) {
      found.errors.push({ file: path, message: `cannot read: ${reason(error)}` });
      continue;
    }
    visit(path, stats);
  }
  return found;
}

export function describeSpecialFile(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'a special file';
}

/** `EACCES: permission denied, open 'x'`: the code once, then Node's message (which names the path). */
export function reason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.startsWith(code) ? `${code}: ${message}` : message;
}
