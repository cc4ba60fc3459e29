/**
 * The restore drill: the task manager's backup goes off the cluster and comes back.
 *
 * A real MariaDB (Debian's mariadb-server) and a real S3-compatible server (s3rver) on 127.0.0.1,
 * started here. Rows go in; prod's backup job runs as committed in dist/prod (the dump step under
 * bash as in the MySQL image, the upload step's script and environment as the CronJob sets them,
 * under dash as in the Debian upload image); the database and the backup claim are wiped; the
 * restore steps of docs/task-manager.md ("From the bucket"), read from that file, bring the same
 * rows back.
 *
 * What differs from the cluster, and only this:
 * - container paths (`/backup`, the Secret and client-config paths) are moved into a temporary
 *   folder by replacing those exact strings in the scripts and the environment;
 * - the dump connects to 127.0.0.1:<port> instead of the Service: it is `dumpScript` with that host
 *   and port, and a test checks that `dumpScript` with the Service's gives dist's script exactly;
 * - the bucket's endpoint is http://127.0.0.1:<port> (environments accept https only); bucket,
 *   prefix and region are prod's;
 * - a `mysqldump` first on PATH drops `--set-gtid-purged=OFF` (MariaDB's has no such option) and
 *   says so on stderr, then runs MariaDB's dump;
 * - a `kubectl` first on PATH accepts only the documented `exec` into the MySQL pod and runs the
 *   pod's `mysql` command against this MariaDB, with the client option file the pod would write.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ENVIRONMENTS } from '../../environments';
import { OFFSITE_ENV } from '../../lib/offsite';
import { TASK_MANAGER_PATHS } from '../../lib/task-manager/paths';
import { CLIENT_CONFIG_FUNCTIONS, dumpScript, offsiteCopyScript } from '../../lib/task-manager/scripts';
import { runProgram, ShellResult } from '../helpers/run-shell';
import { startS3Server, S3Server } from '../helpers/s3-server';
import { describeWithTools, executable, Requirement, tool } from '../helpers/system-tools';
import { MariaDb, startMariaDb } from './mariadb';

/** The upload image's curl (buildpack-deps:bookworm-curl: Debian 12's curl 7.88.1): the drill's must share its major version. */
const UPLOAD_IMAGE_CURL_MAJOR = 7;
const DATABASE = 'tasks';

/** The backup CronJob as committed in dist/<env> (which the dist test keeps equal to a fresh synth). */
function deployedBackupJob(envName: string) {
  const file = resolve(__dirname, `../../dist/${envName}/task-manager.k8s.yaml`);
  const objects = parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => doc.toJS());
  const cronJob = objects.find((o) => o.kind === 'CronJob' && o.metadata.name === 'task-manager-backup');
  const pod = cronJob.spec.jobTemplate.spec.template.spec;
  const [upload] = pod.containers;
  return {
    dumpCommand: pod.initContainers.find((c: { name: string }) => c.name === 'dump').command as string[],
    uploadCommand: upload.command as string[],
    uploadEnv: Object.fromEntries(upload.env.map((e: { name: string; value: string }) => [e.name, e.value])) as Record<string, string>,
  };
}

const prod = deployedBackupJob('prod');
const BUCKET = prod.uploadEnv[OFFSITE_ENV.bucket];
const PREFIX = prod.uploadEnv[OFFSITE_ENV.prefix];
const REGION = prod.uploadEnv[OFFSITE_ENV.region];

const mariadbTools: Requirement[] = [tool.mariadb, ...['mariadb', 'mariadb-dump', 'mariadb-admin', 'mariadb-install-db']
  .map((name) => ({ name, install: tool.mariadb.install }))];

/** The shell blocks of the documented restore marked `<!-- restore-drill: NAME -->`, in order, unindented. */
function documentedRestoreSteps(): { name: string; script: string }[] {
  const doc = readFileSync(resolve(__dirname, '../../docs/task-manager.md'), 'utf8');
  const steps: { name: string; script: string }[] = [];
  for (const match of doc.matchAll(/<!-- restore-drill: ([a-z-]+) -->\n( *)```sh\n([\s\S]*?)\n *```/g)) {
    const indent = match[2].length;
    steps.push({ name: match[1], script: match[3].split('\n').map((line) => line.slice(indent)).join('\n') });
  }
  return steps;
}

function ok(step: string, result: ShellResult): ShellResult {
  if (result.status !== 0) throw new Error(`${step} exited ${result.status}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  return result;
}

describe.each(ENVIRONMENTS.map((env) => env.name))('the backup job in dist/%s is what the drill runs', (envName) => {
  const deployed = deployedBackupJob(envName);
  const config = ENVIRONMENTS.find((env) => env.name === envName)!;

  test('the dump step is dumpScript for the MySQL Service, and the upload step offsiteCopyScript', () => {
    expect(deployed.dumpCommand).toEqual(['bash', '-c', dumpScript({ database: DATABASE, host: 'task-manager-mysql' })]);
    expect(deployed.uploadCommand).toEqual(['sh', '-c', offsiteCopyScript({ database: DATABASE, keep: config.taskManager.backupKeep })]);
    expect(deployed.uploadEnv[OFFSITE_ENV.endpoint]).toBe(config.taskManager.offsiteBackup.endpoint);
  });
});

describeWithTools('restore drill: task manager dump → S3 bucket → restore', mariadbTools, () => {
  let db: MariaDb;
  let s3: S3Server;
  let root: string;
  let started: number;
  const phases: string[] = [];
  const phase = (name: string, since: number) => phases.push(`${name} ${((Date.now() - since) / 1000).toFixed(1)} s`);

  // Where the container paths land.
  const dirs = () => ({
    bin: join(root, 'bin'),
    claim: join(root, 'backup'),
    dbSecrets: join(root, 'secrets-db'),
    offsiteSecrets: join(root, 'secrets-offsite'),
    clientConfig: join(root, 'mysql-client'),
    workstation: join(root, 'workstation'),
  });
  const relocate = (text: string): string => {
    const d = dirs();
    const moves: [string, string][] = [
      [TASK_MANAGER_PATHS.mysqlClientConfig, join(d.clientConfig, 'client.cnf')],
      [TASK_MANAGER_PATHS.offsiteSecretDir, d.offsiteSecrets],
      [TASK_MANAGER_PATHS.dbSecretDir, d.dbSecrets],
      [TASK_MANAGER_PATHS.backupDir, d.claim],
    ];
    let moved = text;
    for (const [from, to] of moves) moved = moved.split(from).join(to);
    // Nothing may still point into the container's filesystem.
    expect(moved).not.toMatch(/(^|[\s'"=])\/(backup|var\/run)\b/m);
    return moved;
  };
  const baseEnv = () => ({ PATH: `${dirs().bin}:${process.env.PATH}`, LC_ALL: 'C', HOME: root });
  const appConfig = () => join(root, 'app.cnf');
  const app = async (sql: string) => ok(`app SQL ${sql.slice(0, 40)}`,
    await runProgram([executable('mariadb'), `--defaults-extra-file=${appConfig()}`, '--batch', '--skip-column-names', DATABASE],
      baseEnv(), sql)).stdout;
  /** Everything the application would see, in a stable order. */
  const snapshot = async () => ({
    tables: await app('SHOW FULL TABLES'),
    tasks: await app('SELECT id, title, done, due, HEX(attachment) FROM tasks ORDER BY id'),
    log: await app('SELECT id, task_id, note FROM task_log ORDER BY id'),
    triggers: await app(
      'SELECT TRIGGER_NAME, EVENT_MANIPULATION, ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()'),
    openTasks: await app('CALL open_tasks()'),
  });

  beforeAll(async () => {
    started = Date.now();
    root = mkdtempSync(join(tmpdir(), 'restore-drill-'));
    for (const dir of Object.values(dirs())) mkdirSync(dir);
    [db, s3] = await Promise.all([startMariaDb(), startS3Server([BUCKET])]);
    phase('servers up', started);

    // What the MySQL image does at initialization: the schema and its user, allowed from anywhere.
    const password = randomBytes(18).toString('base64url');
    await db.root(`CREATE DATABASE ${DATABASE}; CREATE USER 'tasks'@'%' IDENTIFIED BY '${password}'; GRANT ALL ON ${DATABASE}.* TO 'tasks'@'%';`);
    writeFileSync(join(dirs().dbSecrets, 'username'), 'tasks\n');
    writeFileSync(join(dirs().dbSecrets, 'password'), `${password}\n`);
    writeFileSync(appConfig(), `[client]\nuser=tasks\npassword="${password}"\nhost=127.0.0.1\nport=${db.port}\n`, { mode: 0o600 });
    // The key pair as the credentials Secret mounts it (the job's) and as the restorer keeps it.
    for (const folder of [dirs().offsiteSecrets, dirs().workstation]) {
      writeFileSync(join(folder, 'access-key-id'), `${s3.accessKeyId}\n`);
      writeFileSync(join(folder, 'secret-access-key'), `${s3.secretAccessKey}\n`);
    }

    const wrapper = [
      '#!/bin/bash',
      '# Drill stand-in: MariaDB\'s mysqldump has no --set-gtid-purged; everything else goes through unchanged.',
      'args=()',
      'for arg in "$@"; do',
      '  if [ "$arg" = --set-gtid-purged=OFF ]; then',
      '    echo "drill: mysqldump wrapper dropped --set-gtid-purged=OFF (MariaDB has no such option)" >&2',
      '    continue',
      '  fi',
      '  args+=("$arg")',
      'done',
      `exec ${executable('mariadb-dump')} "\${args[@]}"`,
    ];
    writeFileSync(join(dirs().bin, 'mysqldump'), `${wrapper.join('\n')}\n`, { mode: 0o755 });

    // The MySQL pod's client option file, written by the same function its init container runs.
    const podConfig = join(root, 'pod-client.cnf');
    ok('pod client config', await runProgram(['bash', '--norc', '--noprofile', '-c', relocate(`${CLIENT_CONFIG_FUNCTIONS}
write_client_config ${podConfig} 'socket=${db.socket}' '[mysql]' 'database=${DATABASE}' 'connect-timeout=3'`)], baseEnv()));
    const expectedExec = '-n task-manager exec -i task-manager-mysql-0 -c mysql -- '
      + `mysql --defaults-extra-file=${TASK_MANAGER_PATHS.mysqlClientConfig} ${DATABASE}`;
    writeFileSync(join(dirs().bin, 'kubectl'), [
      '#!/bin/bash',
      '# Drill stand-in: only the documented exec into the MySQL pod, run against the drill\'s MariaDB.',
      `if [ "$*" != "${expectedExec}" ]; then echo "drill kubectl: not the documented command: $*" >&2; exit 2; fi`,
      'echo "drill kubectl: running the pod\'s mysql command against the drill\'s MariaDB" >&2',
      `exec ${executable('mariadb')} --defaults-extra-file=${podConfig} ${DATABASE}`,
      '',
    ].join('\n'), { mode: 0o755 });
    chmodSync(join(dirs().bin, 'kubectl'), 0o755);
  });

  afterAll(async () => {
    await Promise.all([db?.stop(), s3?.close()]);
    rmSync(root, { recursive: true, force: true });
    phase('total', started);
    // The drill's duration, for the closing note and for anyone watching the suite's time.
    process.stdout.write(`restore drill: ${phases.join(', ')}\n`);
  });

  test(`curl here has the upload image's major version (${UPLOAD_IMAGE_CURL_MAJOR}, Debian 12)`, async () => {
    const version = ok('curl --version', await runProgram(['curl', '--version'], baseEnv())).stdout;
    const major = Number(/^curl (\d+)\./.exec(version)?.[1]);
    expect({ major, version: version.split('\n')[0] }).toMatchObject({ major: UPLOAD_IMAGE_CURL_MAJOR });
  });

  test('rows in, the backup job, wipe, restore from the bucket by the documented steps: the same rows out', async () => {
    let t = Date.now();
    await app(`
      CREATE TABLE tasks (
        id INT AUTO_INCREMENT PRIMARY KEY,
        title VARCHAR(200) CHARACTER SET utf8mb4 NOT NULL,
        done BOOLEAN NOT NULL DEFAULT FALSE,
        due DATETIME NULL,
        attachment BLOB NULL
      ) ENGINE=InnoDB;
      CREATE TABLE task_log (id INT AUTO_INCREMENT PRIMARY KEY, task_id INT NOT NULL, note VARCHAR(100) NOT NULL) ENGINE=InnoDB;
      CREATE TRIGGER tasks_created AFTER INSERT ON tasks FOR EACH ROW INSERT INTO task_log (task_id, note) VALUES (NEW.id, 'created');
      CREATE PROCEDURE open_tasks() SELECT COUNT(*) FROM tasks WHERE NOT done;
      INSERT INTO tasks (title, done, due, attachment) VALUES
        ('Write the report', FALSE, '2026-12-24 18:00:00', NULL),
        ('It''s "quoted", with a \\\\ backslash\\nand a line break', TRUE, NULL, X'00275C0A0DFF'),
        ('Ñandú 🦆 ünïcödé', FALSE, NULL, X'${randomBytes(2048).toString('hex')}');
      INSERT INTO tasks (title, done) WITH RECURSIVE d(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM d WHERE i < 99)
        SELECT CONCAT('generated task ', a.i * 100 + b.i, ' ', MD5(a.i * 100 + b.i)), (a.i * 100 + b.i) % 3 = 0
        FROM d AS a JOIN d AS b WHERE a.i < 50 ORDER BY a.i, b.i;
    `);
    const before = await snapshot();
    expect(before.tasks.trim().split('\n')).toHaveLength(5003);
    expect(before.log.trim().split('\n')).toHaveLength(5003);
    phase('rows in', t);

    // The backup job: its dump step (bash, MySQL image), then its upload step (sh = dash, Debian image).
    t = Date.now();
    const dump = ok('dump step', await runProgram(['bash', '--norc', '--noprofile', '-c',
      relocate(dumpScript({ database: DATABASE, host: '127.0.0.1', port: db.port }))], baseEnv()));
    expect(dump.stderr).toBe('drill: mysqldump wrapper dropped --set-gtid-purged=OFF (MariaDB has no such option)\n');
    const [dumpFile] = readdirSync(dirs().claim);
    expect(dumpFile).toMatch(/^tasks-\d{8}T\d{6}Z\.sql\.gz$/);
    expect(readdirSync(dirs().clientConfig)).toEqual([]);

    const jobEnv = Object.fromEntries(Object.entries(prod.uploadEnv).map(([name, value]) => [name, relocate(value)]));
    jobEnv[OFFSITE_ENV.endpoint] = s3.endpoint;
    expect(prod.uploadCommand.slice(0, 2)).toEqual(['sh', '-c']);
    const upload = ok('upload step', await runProgram(['dash', '-c', relocate(prod.uploadCommand[2])], { ...baseEnv(), ...jobEnv }));
    expect(upload.stdout).toMatch(new RegExp(`^offsite: ${BUCKET}/${PREFIX}${dumpFile} stored and verified \\(\\d+ bytes, MD5 [0-9a-f]{32}\\)\n`));
    expect(readFileSync(s3.objectFile(BUCKET, `${PREFIX}${dumpFile}`)).equals(readFileSync(join(dirs().claim, dumpFile)))).toBe(true);
    phase('backup job', t);

    // The disaster: the schema and the backup claim are gone; a new server has an empty schema.
    t = Date.now();
    await db.root(`DROP DATABASE ${DATABASE}; CREATE DATABASE ${DATABASE};`);
    rmSync(dirs().claim, { recursive: true, force: true });
    expect(await app('SHOW TABLES')).toBe('');

    // Steps 3 to 5 of "From the bucket", as written, with the environment's settings (step 2).
    const steps = documentedRestoreSteps();
    expect(steps.map((step) => step.name)).toEqual(['credentials', 'download', 'restore']);
    const restore = ok('documented restore', await runProgram(
      ['bash', '--norc', '--noprofile', '-c', `set -euo pipefail\ncd ${dirs().workstation}\n${steps.map((step) => step.script).join('\n')}`],
      { ...baseEnv(), S3_ENDPOINT: s3.endpoint, S3_BUCKET: BUCKET, S3_PREFIX: PREFIX, S3_REGION: REGION },
    ));
    expect(restore.stdout).toBe(`verified: ${dumpFile}\n`);
    expect(restore.stderr).toBe("drill kubectl: running the pod's mysql command against the drill's MariaDB\n");
    phase('wipe and restore', t);

    expect(await snapshot()).toEqual(before);
    // The restored trigger still fires.
    await app("INSERT INTO tasks (title) VALUES ('after the restore')");
    expect(await app('SELECT note FROM task_log WHERE task_id = (SELECT MAX(id) FROM tasks)')).toBe('created\n');
  });
});
