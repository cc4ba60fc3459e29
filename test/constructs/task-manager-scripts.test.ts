import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { TASK_MANAGER_PATHS } from '../../lib/task-manager/paths';
import { backupScript, CLIENT_CONFIG_FUNCTIONS } from '../../lib/task-manager/scripts';

/**
 * The shell the task manager's pods run (client option file, backup), executed with the real bash,
 * gzip and coreutils of this machine; mysqldump and date are stand-ins on PATH. Paths are moved
 * into a temporary directory.
 */

let root: string;
let secrets: string;
let backups: string;
let bin: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'task-manager-'));
  secrets = join(root, 'secrets');
  backups = join(root, 'backup');
  bin = join(root, 'bin');
  for (const dir of [secrets, backups, bin]) mkdirSync(dir);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function relocate(script: string): string {
  return script
    .split(TASK_MANAGER_PATHS.dbSecretDir).join(secrets)
    .split(`${TASK_MANAGER_PATHS.backupDir}/`).join(`${backups}/`)
    .split(TASK_MANAGER_PATHS.mysqlClientConfig).join(join(root, 'client.cnf'));
}

function run(script: string) {
  // stdin from /dev/null and --norc: bash treats a socket on stdin as a remote shell and would read ~/.bashrc.
  return spawnSync('bash', ['--norc', '--noprofile', '-c', relocate(script)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: `${bin}:${process.env.PATH}`, ROOT: root, HOME: root, LC_ALL: 'C' },
  });
}

function credentials(username: string, password: string): void {
  writeFileSync(join(secrets, 'username'), username);
  writeFileSync(join(secrets, 'password'), password);
}

function tool(name: string, body: string): void {
  writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`);
  chmodSync(join(bin, name), 0o755);
}

describe('client option file', () => {
  const write = (...lines: string[]) => run(`${CLIENT_CONFIG_FUNCTIONS}\nwrite_client_config "$ROOT/out.cnf" ${lines.map((l) => `'${l}'`).join(' ')}`);

  test('plain values in double quotes, extra lines after, file mode 0600, trailing newline of the Secret dropped', () => {
    credentials('tasks', 's3cret#with;comment chars\n');
    const result = write('socket=/var/run/mysqld/mysqld.sock', '[mysql]', 'database=tasks');
    expect(result.status).toBe(0);
    expect(readFileSync(join(root, 'out.cnf'), 'utf8')).toBe(
      '[client]\nuser="tasks"\npassword="s3cret#with;comment chars"\nsocket=/var/run/mysqld/mysqld.sock\n[mysql]\ndatabase=tasks\n',
    );
    expect(statSync(join(root, 'out.cnf')).mode & 0o777).toBe(0o600);
    expect(readdirSync(root)).not.toContain('out.cnf.partial');
  });

  test('a value with a double quote goes in single quotes; backslashes are doubled', () => {
    credentials('tasks', 'a"b\\c');
    expect(write().status).toBe(0);
    expect(readFileSync(join(root, 'out.cnf'), 'utf8')).toBe('[client]\nuser="tasks"\npassword=\'a"b\\\\c\'\n\n');
  });

  test.each([
    ['both quote characters', 'a"b\'c', /contains both quote characters/],
    ['a line break', 'first\nsecond', /a line break cannot be written/],
  ])('refuses a password with %s, without printing it', (_what, password, message) => {
    credentials('tasks', password);
    const result = write();
    expect(result.status).toBe(65);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain(password);
    expect(readdirSync(root)).not.toContain('out.cnf');
  });
});

describe('backup script', () => {
  const script = backupScript({ database: 'tasks', host: 'task-manager-mysql', keep: 3 });

  beforeEach(() => {
    credentials('tasks', 'pw-123');
    // One timestamp per call, in order: each run writes its own file.
    tool('date', 'n=$(cat "$ROOT/clock" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "$ROOT/clock"; printf "20250101T0000%02dZ\\n" $n');
  });

  const fakeDump = (exitCode = 0) => tool('mysqldump', [
    'printf "%s\\n" "$*" >> "$ROOT/mysqldump.args"',
    'config=${1#--defaults-extra-file=}',
    'grep -q "^password=\\"pw-123\\"$" "$config" && grep -q "^host=task-manager-mysql$" "$config" && grep -q "^port=3306$" "$config" || exit 9',
    'echo "-- dump of ${@: -1}"',
    `exit ${exitCode}`,
  ].join('\n'));

  test('writes <db>-<UTC timestamp>.sql.gz, keeps the newest N, leaves no partial or option file behind', () => {
    fakeDump();
    for (let i = 0; i < 5; i++) {
      const result = run(script);
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    }
    expect(readdirSync(backups).sort()).toEqual(['tasks-20250101T000003Z.sql.gz', 'tasks-20250101T000004Z.sql.gz', 'tasks-20250101T000005Z.sql.gz']);
    expect(gunzipSync(readFileSync(join(backups, 'tasks-20250101T000005Z.sql.gz'))).toString()).toBe('-- dump of tasks\n');
    expect(readdirSync(root)).not.toContain('client.cnf');
    const args = readFileSync(join(root, 'mysqldump.args'), 'utf8').trim().split('\n');
    expect(args[0]).toBe(`--defaults-extra-file=${join(root, 'client.cnf')} --single-transaction --quick --routines --events --triggers --no-tablespaces --hex-blob tasks`);
    expect(args.join('\n')).not.toContain('pw-123');
  });

  test('a failed dump fails the run, publishes nothing and prunes nothing', () => {
    fakeDump();
    for (let i = 0; i < 3; i++) expect(run(script).status).toBe(0);
    fakeDump(2);
    const result = run(script);
    expect(result.status).toBe(2);
    expect(readdirSync(backups).filter((f) => !f.startsWith('.')).sort()).toEqual(['tasks-20250101T000001Z.sql.gz', 'tasks-20250101T000002Z.sql.gz', 'tasks-20250101T000003Z.sql.gz']);
    // The next good run removes the leftover partial file.
    fakeDump();
    expect(run(script).status).toBe(0);
    expect(readdirSync(backups).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});
