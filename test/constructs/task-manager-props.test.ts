import { Chart, Duration, Testing } from 'cdk8s';
import { CloudEduAccessRoles, pinnedImage, Schedule, TaskManagerStack, TaskManagerStackProps } from '../../constructs';
import { ENVIRONMENTS } from '../../environments';
import { edgeFor } from '../../main';

const config = ENVIRONMENTS.find((e) => e.name === 'dev')!;
const PATH = 'task-manager/task-manager';
const ROLES_PROPS = { owner: config.owner, runbookUrl: 'https://runbooks.example.org/x' };
const SECRET_KEY = 'a Secret key of letters, digits, "-", "_" and "." (at most 253 characters, not "." nor "..")';
const LABEL_KEY = 'a qualified key such as "node.example.org/pool": an optional DNS-subdomain prefix (at most 253 characters) and "/", '
  + 'then at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
const RUN_AS = 'a non-root UID and GID (not 0): whole numbers from 1 to 2147483647';
const inConfigMap = (key: string, reason: string) =>
  `${PATH}: invalid settings.${key} "(value hidden)": no secrets in a ConfigMap (${reason}); put it in the database Secret or another Secret`;

function props(accessRoles: CloudEduAccessRoles, overrides: Partial<TaskManagerStackProps> = {}): TaskManagerStackProps {
  const app = config.taskManager;
  const image = (ref: { repository: string; digest: string }) => pinnedImage(config.registry, ref.repository, ref.digest);
  const offsite = app.offsiteBackup;
  return {
    owner: config.owner, runbookUrl: `${config.runbookBaseUrl}/task-manager`,
    webImage: image(app.webImage), webReplicas: app.webReplicas, autoscaling: app.autoscaling, webResources: app.webResources,
    host: app.host, edge: edgeFor(config), edgeControllerNamespace: config.edge.controllerNamespace,
    mysqlImage: image(app.mysqlImage), mysqlResources: app.mysqlResources, storageClassName: config.storageClasses.readWriteOnce,
    mysqlStorageSize: app.mysqlStorageSize, databaseSecretName: app.databaseSecretName,
    backupImage: image(app.backupImage), backupSchedule: Schedule.cron(app.backupSchedule), timeZone: config.timeZone,
    backupStorageSize: app.backupStorageSize, backupKeep: app.backupKeep, backupNodePool: config.batchNodePool,
    accessRoles, adminGroups: app.adminGroups, developerGroups: app.developerGroups,
    offsiteBackup: {
      target: { endpoint: offsite.endpoint, bucket: offsite.bucket, prefix: offsite.prefix, region: offsite.region },
      credentialsSecretName: offsite.credentialsSecretName,
      egress: offsite.egress,
      uploadImage: image(app.backupUploadImage),
    },
    ...overrides,
  };
}

function build(overrides: Partial<TaskManagerStackProps>): void {
  const app = Testing.app();
  const roles = new CloudEduAccessRoles(new Chart(app, 'cluster-rbac'), 'cloudedu-access', ROLES_PROPS);
  new TaskManagerStack(new Chart(app, 'task-manager', { namespace: 'task-manager' }), 'task-manager', props(roles, overrides));
}

describe('TaskManagerStack refuses every invalid prop, naming the construct path, the prop, the value and what is accepted', () => {
  test.each<[string, Partial<TaskManagerStackProps>, string]>([
    ['backup cron text', { backupSchedule: '30 1 * * 8' }, `${PATH}: invalid backupSchedule "30 1 * * 8": a cron schedule Kubernetes `
      + `accepts and runs; `
      + 'day-of-week: value 8 is above the maximum 6 (0-6 or SUN-SAT)'],
    ['a fractional backup timeout', { backupTimeout: Duration.millis(3_600_500) }, `${PATH}: invalid backupTimeout "3600.5s": a whole `
      + `number of seconds, at least 1`],
    ['a node-pool taint key', { backupNodePool: { ...config.batchNodePool, taintKey: 'bad key!' } },
      `${PATH}: invalid backupNodePool.taintKey "bad key!": ${LABEL_KEY}`],
    ['a priority class with "_"', { backupNodePool: { ...config.batchNodePool, priorityClassName: 'batch_high' } },
      `${PATH}: invalid backupNodePool.priorityClassName "batch_high": a PriorityClass name that must be an RFC 1123 subdomain: lowercase `
        + `letters, digits, "-" and "."`],
    ['MySQL UID -1', { mysqlRunAs: { user: -1, group: 999 } }, `${PATH}: invalid mysqlRunAs {"user":-1,"group":999}: ${RUN_AS}`],
    ['MySQL UID 2147483648', { mysqlRunAs: { user: 2147483648, group: 999 } }, `${PATH}: invalid mysqlRunAs `
      + `{"user":2147483648,"group":999}: ${RUN_AS}`],
    ['a fractional MySQL UID', { mysqlRunAs: { user: 999.5, group: 999 } }, `${PATH}: invalid mysqlRunAs {"user":999.5,"group":999}: ${RUN_AS}`],
    ['Secret key ".."', { databaseSecretKeys: { password: '..' } }, `${PATH}: invalid databaseSecretKeys.password "..": ${SECRET_KEY}`],
    ['Secret key "../x"', { databaseSecretKeys: { username: '../x' } }, `${PATH}: invalid databaseSecretKeys.username "../x": ${SECRET_KEY}`],
    ['a Secret name with "_"', { databaseSecretName: 'db_credentials' },
      `${PATH}: invalid databaseSecretName "db_credentials": a Secret name that must be an RFC 1123 subdomain: lowercase letters, digits, `
        + `"-" and "."`],
    ['PGPASSWORD in settings', { settings: { PGPASSWORD: 'hunter2' } },
      inConfigMap('PGPASSWORD', 'the name "PGPASSWORD" says it holds a credential and the value is a non-empty literal')],
    ['MYSQL_PWD in settings', { settings: { MYSQL_PWD: 'hunter2' } },
      inConfigMap('MYSQL_PWD', 'the name "MYSQL_PWD" says it holds a credential and the value is a non-empty literal')],
    ['a Bearer value in settings', { settings: { UPSTREAM_AUTH: 'Bearer abcdef0123456789' } },
      inConfigMap('UPSTREAM_AUTH', 'the value looks like a bearer token (an Authorization header value)')],
    ['a database URL with a password', { settings: { DATABASE_URL: 'mysql://tasks:hunter2@db/tasks' } },
      inConfigMap('DATABASE_URL', 'the value looks like a URL with an embedded password')],
    ['a huge volume', { mysqlStorageSize: '2Pi' }, `${PATH}: invalid mysqlStorageSize "2Pi": a storage quantity from 1Mi to 1Pi`],
    ['huge memory', { webResources: { ...config.taskManager.webResources, memoryLimit: '64Ti' } },
      `${PATH}: invalid webResources.memoryLimit "64Ti": a memory quantity from 1Mi to 16Ti`],
  ])('%s', (_, overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });

  test('two stacks of one name in one namespace: refused, naming both paths', () => {
    const app = Testing.app();
    const roles = new CloudEduAccessRoles(new Chart(app, 'cluster-rbac'), 'cloudedu-access', ROLES_PROPS);
    const chart = new Chart(app, 'task-manager', { namespace: 'task-manager' });
    new TaskManagerStack(chart, 'task-manager', props(roles));
    expect(() => new TaskManagerStack(chart, 'again', props(roles, { name: 'task-manager' })))
      .toThrow('task-manager/again: invalid name "task-manager": a name no other TaskManagerStack uses in namespace "task-manager" '
        + '(task-manager/task-manager has it)');
  });
});
