/**
 * A private MariaDB server (Debian's mariadb-server) for a test: its own data directory, a unix
 * socket for root and 127.0.0.1 on a free port for the application, started and stopped by the test.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers/free-port';
import { runProgram, ShellResult } from '../helpers/run-shell';
import { executable } from '../helpers/system-tools';

export interface MariaDb {
  readonly port: number;
  readonly socket: string;
  /** Runs SQL as root over the socket; fails the test on an error. */
  root(sql: string): Promise<string>;
  stop(): Promise<void>;
}

function check(what: string, result: ShellResult): string {
  if (result.status !== 0) throw new Error(`${what} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

export async function startMariaDb(): Promise<MariaDb> {
  // Memory-backed when the machine has /dev/shm: initialization fsyncs a lot (~9 s on disk, ~2.5 s here).
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = mkdtempSync(join(base, 'mariadb-drill-'));
  const datadir = join(dir, 'data');
  mkdirSync(datadir);
  const socket = join(dir, 'mysqld.sock');
  const errorLog = join(dir, 'error.log');
  // As root the server must be told to stay root; otherwise it runs as whoever runs the tests.
  const user = process.getuid?.() === 0 ? ['--user=root'] : [];
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' };
  check('mariadb-install-db', await runProgram([executable('mariadb-install-db'), '--no-defaults', `--datadir=${datadir}`,
    '--auth-root-authentication-method=normal', '--skip-test-db', ...user], env));

  const port = await freePort();
  const server: ChildProcess = spawn(executable('mariadbd'), ['--no-defaults', `--datadir=${datadir}`, `--socket=${socket}`,
    `--port=${port}`, '--bind-address=127.0.0.1', `--pid-file=${join(dir, 'mariadbd.pid')}`, `--log-error=${errorLog}`,
    '--skip-name-resolve', '--innodb-buffer-pool-size=32M', ...user], { env, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => server.on('exit', () => resolve()));

  const root = async (sql: string) => check(`mariadb: ${sql.slice(0, 60)}`,
    await runProgram([executable('mariadb'), '--no-defaults', `--socket=${socket}`, '--user=root', '--batch', '--skip-column-names'], env, sql));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ping = await runProgram([executable('mariadb-admin'), '--no-defaults', `--socket=${socket}`, '--user=root', 'ping'], env);
    if (ping.status === 0) break;
    if (server.exitCode !== null || Date.now() > deadline) {
      const log = existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : '(no error log)';
      server.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`mariadbd did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Anonymous accounts would shadow the application user's '%' account for local logins.
  await root("DELETE FROM mysql.global_priv WHERE User = ''; FLUSH PRIVILEGES;");

  return {
    port,
    socket,
    root,
    stop: async () => {
      server.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
