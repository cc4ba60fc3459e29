import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under `root`, by path relative to it, with its bytes as text. */
export function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(root)) return files;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return files;
}

/** Paths that are missing, extra or different between two trees, each with what is wrong. */
export function treeDifferences(expected: ReadonlyMap<string, string>, actual: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const path of [...new Set([...expected.keys(), ...actual.keys()])].sort()) {
    if (!actual.has(path)) problems.push(`${path}: missing`);
    else if (!expected.has(path)) problems.push(`${path}: not expected`);
    else if (expected.get(path) !== actual.get(path)) problems.push(`${path}: differs`);
  }
  return problems;
}
