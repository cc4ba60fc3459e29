import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPORTER, exporterConfigScript, exporterUserScript } from '../../lib/task-manager/exporter';
import { CLIENT_CONFIG_FUNCTIONS } from '../../lib/task-manager/scripts';
import { describeWithTools, executable, tool } from '../helpers/system-tools';

/*
 * The exporter's MySQL user and option file, run with the real bash against a real MariaDB server
 * on a private socket (no network): the init script creates the user, the option file the init
 * container writes logs in as it, and the grants are exactly the exporter's.
 */

const ROOT_PASSWORD = 'root-pw-"quoted\\back';
let root: string;
let server: ChildProcess | undefined;
let socket: string;

function relocate(script: string): string {
  return script
    .split(EXPORTER.secretDir).join(join(root, 'exporter-secret'))
    .split(EXPORTER.configFile).join(join(root, 'exporter.cnf'))
    .split(EXPORTER.socket).join(socket);
}

function bash(script: string) {
  return spawnSync('bash', ['--norc', '--noprofile', '-c', relocate(script)], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, LC_ALL: 'C' },
  });
}

function sql(statement: string, options: string[] = [`--defaults-extra-file=${join(root, 'root.cnf')}`]) {
  return spawnSync(executable('mariadb'), [...options, '--batch', '--skip-column-names', `--socket=${socket}`, '--protocol=socket', '-e', statement],
    { encoding: 'utf8' });
}

const exporterLogin = (statement: string) => sql(statement, [`--defaults-file=${join(root, 'exporter.cnf')}`]);

function setPassword(password: string): void {
  writeFileSync(join(root, 'exporter-secret', 'password'), `${password}\n`);
}

const MARIADB_CLIENT = { name: 'mariadb', install: tool.mariadb.install };

describeWithTools('exporter MySQL user (real MariaDB on a private socket)', [tool.mariadb, MARIADB_CLIENT], () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'exporter-user-'));
    socket = join(root, 'mysqld.sock');
    for (const dir of ['data', 'exporter-secret', 'db-secret']) mkdirSync(join(root, dir));
    const user = process.getuid?.() === 0 ? ['--user=root'] : [];
    const install = spawnSync(executable('mariadb-install-db'),
      ['--no-defaults', `--datadir=${join(root, 'data')}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...user],
      { encoding: 'utf8' });
    if (install.status !== 0) throw new Error(install.stderr);
    server = spawn(executable('mariadbd'), ['--no-defaults', `--datadir=${join(root, 'data')}`, `--socket=${socket}`, '--skip-networking',
      `--pid-file=${join(root, 'mysqld.pid')}`, '--performance-schema=ON', ...user], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 100));
    const set = spawnSync(executable('mariadb'), ['--no-defaults', '-uroot', `--socket=${socket}`, '-e',
      `ALTER USER root@localhost IDENTIFIED BY '${ROOT_PASSWORD.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`], { encoding: 'utf8' });
    if (set.status !== 0) throw new Error(set.stderr);
    writeFileSync(join(root, 'db-secret', 'root-password'), ROOT_PASSWORD);
    // The tests' own root login, written by the project's tested option-file writer.
    const rootPassword = `"$(option_value ${join(root, 'db-secret', 'root-password')})"`;
    const config = spawnSync('bash', ['-c', `${CLIENT_CONFIG_FUNCTIONS}\nprintf '[client]\\nuser=root\\npassword=%s\\n' ${rootPassword} > ${join(root, 'root.cnf')}`]);
    if (config.status !== 0) throw new Error(String(config.stderr));
  }, 60_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(root, { recursive: true, force: true });
  }, 60_000);

  const createUser = () => bash(exporterUserScript(join(root, 'db-secret', 'root-password')));
  const writeConfig = () => bash(`set -euo pipefail\numask 077\n${exporterConfigScript()}`);

  test('creates the user; the option file the init container writes logs in as it, on the socket only', () => {
    setPassword('Zm9vYmFyYmF6cXV4LXNlY3JldA==');
    const created = createUser();
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(writeConfig().status).toBe(0);
    expect(readFileSync(join(root, 'exporter.cnf'), 'utf8'))
      .toBe(`[client]\nuser=exporter\npassword=Zm9vYmFyYmF6cXV4LXNlY3JldA==\nsocket=${socket}\n`);
    expect(statSync(join(root, 'exporter.cnf')).mode & 0o777).toBe(0o600);
    expect(exporterLogin('SELECT CURRENT_USER()').stdout.trim()).toBe('exporter@localhost');
    expect(sql("SELECT host FROM mysql.user WHERE user = 'exporter'").stdout.trim()).toBe('localhost');
  });

  test('exactly PROCESS, REPLICATION CLIENT and SELECT on performance_schema, with a connection limit', () => {
    const grants = sql("SHOW GRANTS FOR 'exporter'@'localhost'").stdout;
    // MariaDB names REPLICATION CLIENT "BINLOG MONITOR" since 10.5; MySQL keeps the name.
    expect(grants).toMatch(/GRANT PROCESS, (REPLICATION CLIENT|BINLOG MONITOR) ON \*\.\* TO `exporter`@`localhost`.*WITH MAX_USER_CONNECTIONS 3/);
    expect(grants).toMatch(/GRANT SELECT ON `performance_schema`\.\* TO `exporter`@`localhost`/);
    expect(grants.trim().split('\n')).toHaveLength(2);
    expect(exporterLogin('SELECT COUNT(*) FROM performance_schema.global_status').status).toBe(0);
    expect(exporterLogin('SELECT COUNT(*) FROM mysql.user').stderr).toMatch(/denied/);
  });

  test('run again (an existing volume, or a rotation) it is idempotent and takes the Secret\'s new password', () => {
    setPassword('bmV3LXBhc3N3b3JkLWFmdGVyLXJvdGF0aW9u');
    expect(createUser().status).toBe(0);
    expect(createUser().status).toBe(0);
    expect(exporterLogin('SELECT 1').status).not.toBe(0); // the old option file
    expect(writeConfig().status).toBe(0);
    expect(exporterLogin('SELECT CURRENT_USER()').stdout.trim()).toBe('exporter@localhost');
  });

  test.each([
    ['a quote', "abcdefghijklmnop'"], ['a dollar sign (mysqld_exporter expands $NAME)', 'abcdefghijklmnop$HOME'],
    ['a space', 'abcdefgh ijklmnop'], ['too few characters', 'short'],
  ])('refuses a password with %s, without printing it or touching the user', (_what, password) => {
    setPassword(password);
    for (const result of [createUser(), writeConfig()]) {
      expect(result.status).toBe(65);
      expect(result.stderr).toMatch(/16-128 characters of A-Z a-z 0-9/);
      expect(result.stderr).not.toContain(password);
    }
    expect(exporterLogin('SELECT CURRENT_USER()').stdout.trim()).toBe('exporter@localhost');
  });
});
