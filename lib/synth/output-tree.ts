import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Writes the whole output tree at once: it is built in a sibling temp folder and swapped in, so an
 * interrupted synth leaves the previous `dist/` (or none), never a mix of old and new files.
 * Paths are written in sorted order so that nothing depends on insertion order.
 */
export function writeOutputTree(outdir: string, files: ReadonlyMap<string, string>): void {
  const staging = `${outdir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  for (const path of [...files.keys()].sort()) {
    const target = join(staging, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, files.get(path)!);
  }
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  renameSync(staging, outdir);
}
