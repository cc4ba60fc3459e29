import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ShellResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a program without blocking the event loop (a server in this process, such as s3rver,
 * must keep answering while the script talks to it).
 */
export function runProgram(argv: readonly string[], env: Record<string, string>, stdin?: string): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { env, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

/**
 * A folder whose every entry is a busybox applet (except `keep`, which stay the machine's), to put
 * first on PATH: the script then meets busybox's sed, tr, sha256sum... as on an Alpine image.
 */
export function busyboxApplets(keep: readonly string[]): { dir: string; busybox: string; remove(): void } {
  const busybox = execFileSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'busybox-applets-'));
  const applets = execFileSync(busybox, ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const applet of applets) if (!keep.includes(applet)) symlinkSync(busybox, join(dir, applet));
  return { dir, busybox, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
