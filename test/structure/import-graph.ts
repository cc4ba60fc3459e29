import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The project's own import graph, read from the import and export statements of its TypeScript
 * sources (type-only imports included: they couple the layers as much as value imports do).
 */
export const ROOT = resolve(__dirname, '..', '..');
const SOURCE_DIRS = ['lib', 'constructs', 'environments'];
const TOP_FILES = ['main.ts', 'synth.ts', 'check.ts'];
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every source file, relative to the repository root. */
export function sourceFiles(): string[] {
  const files = SOURCE_DIRS.flatMap((dir) => walk(join(ROOT, dir)));
  for (const top of TOP_FILES) if (existsSync(join(ROOT, top))) files.push(join(ROOT, top));
  return files.map((file) => relative(ROOT, file)).sort();
}

/** The project files `file` imports (package imports left out), relative to the root. */
export function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2];
    if (!specifier.startsWith('.')) continue;
    const target = resolveModule(resolve(ROOT, dirname(file), specifier));
    if (target) found.push(relative(ROOT, target));
  }
  return found;
}

function resolveModule(base: string): string | undefined {
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** The layer a file belongs to: environments, main (the top files), constructs or lib. */
export function layerOf(file: string): 'environments' | 'main' | 'constructs' | 'lib' {
  const top = file.split('/')[0];
  if (top === 'environments' || top === 'constructs' || top === 'lib') return top;
  return 'main';
}

/** Import cycles between files (each reported once, as the list of files around it). */
export function cycles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((file) => [file, importsOf(file)]));
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push(stack.slice(stack.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return found;
}
