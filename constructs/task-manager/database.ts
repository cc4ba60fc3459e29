import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { KEEP_DATA_ANNOTATIONS } from '../../lib/argocd';
import { addPodDisruptionBudget, addTopologySpread, spreadAcrossNodes } from '../../lib/disruption';
import { addPodSeccompDefault, hardenedContainerSecurityContext, hardenedPodSecurityContext, mountTmp, RunAs } from '../../lib/hardening';
import { exemptFromLinters } from '../../lib/linter-exemptions';
import { recommendedLabels, WorkloadIdentity } from '../../lib/metadata';
import * as kplus from '../../lib/plus';
import { propError } from '../../lib/errors';
import { memoryMebibytes } from '../../lib/quantity';
import { addEphemeralStorage, containerResources, ResourceSpec } from '../../lib/resources';
import { innodbBufferPoolMebibytes, MIN_MYSQL_MEMORY_MEBIBYTES } from '../../lib/task-manager/buffer-pool';
import { MYSQL_PORT, TASK_MANAGER_PATHS } from '../../lib/task-manager/paths';
import { exporterConfigScript } from '../../lib/task-manager/exporter';
import { CLIENT_CONFIG_FUNCTIONS } from '../../lib/task-manager/scripts';
import { requireRunAs, requireSeconds } from '../../lib/validate';
import { addMysqlExporter, DatabaseMetrics } from './exporter';
import { guaranteedResources } from './guaranteed';
import { TaskManagerStackProps } from './props';
import { clientConfigDirOf, databaseCredentials, POD_SPEC, TaskManagerContext } from './shared';

/*
 * The data tier: one MySQL 8.4 primary in a StatefulSet with a retained data claim, probes that log
 * in through a client option file written from the Secret files (never a password argument).
 */

const MYSQL_RUN_AS: RunAs = { user: 999, group: 999 };
/** kube-score's container-security-context-user-group-id wants UID and GID of at least this. */
const KUBE_SCORE_MIN_ID = 10000;
// Requests equal limits in every container of the pod, init containers included: the pod is then
// Guaranteed, the last the kubelet evicts under node memory pressure and never throttled by neighbours.
const CLIENT_CONFIG_RESOURCES: ResourceSpec = { cpuRequest: '50m', cpuLimit: '50m', memoryRequest: '32Mi', memoryLimit: '32Mi' };
/** MySQL's /tmp (temporary tables): its emptyDir size and its share of the ephemeral-storage limit. */
const MYSQL_TMP = Size.gibibytes(1);
const MYSQL_DATA_DIR = '/var/lib/mysql';
const SOCKET = '/var/run/mysqld/mysqld.sock';

export function databaseTier(ctx: TaskManagerContext, scope: Construct, props: TaskManagerStackProps, identity: WorkloadIdentity) {
  const runAs = requireRunAs(ctx.stack, 'mysqlRunAs', props.mysqlRunAs ?? MYSQL_RUN_AS);
  const grace = Duration.seconds(requireSeconds(ctx.stack, 'mysqlShutdownGracePeriod', props.mysqlShutdownGracePeriod, 60, { min: 10, max: 600 }));
  const resources = guaranteedResources(ctx.stack, 'mysqlResources', props.mysqlResources);
  const bufferPool = bufferPoolMebibytes(ctx, props.mysqlResources);
  const name = `${ctx.name}-mysql`;

  const serviceAccount = new kplus.ServiceAccount(scope, 'ServiceAccount', { metadata: { name }, automountToken: false });
  const headless = new kplus.Service(scope, 'Service', {
    metadata: { name },
    clusterIP: 'None',
    ports: [{ name: 'mysql', port: MYSQL_PORT, targetPort: MYSQL_PORT }],
  });

  const statefulSet = new kplus.StatefulSet(scope, 'StatefulSet', {
    metadata: { name },
    service: headless,
    // One primary: MySQL replication is not set up, and a second pod would be a second database.
    replicas: 1,
    select: false,
    podMetadata: { labels: recommendedLabels(identity) },
    serviceAccount,
    automountServiceAccountToken: false,
    securityContext: hardenedPodSecurityContext(runAs),
    terminationGracePeriod: grace,
  });
  statefulSet.select(kplus.LabelSelector.of({ labels: ctx.databasePodLabels }));

  const secrets = databaseCredentials(ctx, scope, [ctx.secretKeys.username, ctx.secretKeys.password, ctx.secretKeys.rootPassword]);
  const clientConfig = kplus.Volume.fromEmptyDir(scope, 'ClientConfig', 'mysql-client', { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(1) });
  const socketDir = kplus.Volume.fromEmptyDir(scope, 'SocketDir', 'mysqld-run', { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(1) });
  const clientConfigDir = clientConfigDirOf();

  // With the exporter, the init container also writes its option file (lib/task-manager/exporter.ts).
  const clientConfigStep = `write_client_config ${TASK_MANAGER_PATHS.mysqlClientConfig} 'socket=${SOCKET}' '[mysql]' 'database=${ctx.databaseName}' `
    + "'connect-timeout=3' '[mysqladmin]' 'connect-timeout=3'";
  const exporterStep = props.mysqlExporter ? `\n${exporterConfigScript()}` : '';
  // Writes the probes' client option file from the Secret files, so no password is ever an argument.
  const init = statefulSet.addInitContainer({
    name: 'client-config',
    image: props.mysqlImage,
    command: ['bash', '-c', `${CLIENT_CONFIG_FUNCTIONS}\n${clientConfigStep}${exporterStep}`],
    resources: containerResources(ctx.stack, 'clientConfigResources', CLIENT_CONFIG_RESOURCES),
    securityContext: hardenedContainerSecurityContext(runAs),
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
  });
  init.mount(TASK_MANAGER_PATHS.dbSecretDir, secrets, { readOnly: true });
  init.mount(clientConfigDir, clientConfig);

  const client = (program: 'mysql' | 'mysqladmin') => [program, `--defaults-extra-file=${TASK_MANAGER_PATHS.mysqlClientConfig}`];
  const exec = (command: string[], options: { period: number; failures: number }) => kplus.Probe.fromCommand(command, {
    periodSeconds: Duration.seconds(options.period),
    timeoutSeconds: Duration.seconds(5),
    failureThreshold: options.failures,
  });
  const secretFile = (key: string) => `${TASK_MANAGER_PATHS.dbSecretDir}/${key}`;
  const container = statefulSet.addContainer({
    name: 'mysql',
    image: props.mysqlImage,
    args: [
      'mysqld',
      // A subdirectory: a fresh volume's root holds lost+found, which --initialize refuses.
      `--datadir=${MYSQL_DATA_DIR}/data`,
      // Nothing reads binary logs (no replica, no point-in-time recovery): see docs/task-manager.md, "Backups".
      '--disable-log-bin',
      // No reverse DNS on connect (the pod has no egress) and no X Protocol listener.
      '--skip-name-resolve',
      '--skip-mysqlx',
      // 60 % of the memory limit in whole 128M chunks, in one instance: InnoDB then uses exactly
      // this size (it rounds a size up to a multiple of chunk x instances, and the default instance
      // count depends on the node's CPUs, not the pod's).
      `--innodb-buffer-pool-size=${bufferPool}M`,
      '--innodb-buffer-pool-instances=1',
    ],
    ports: [{ number: MYSQL_PORT, name: 'mysql' }],
    envVariables: {
      // The official image reads these *_FILE variables at initialization; root is local-only.
      MYSQL_ROOT_PASSWORD_FILE: kplus.EnvValue.fromValue(secretFile('root-password')),
      MYSQL_ROOT_HOST: kplus.EnvValue.fromValue('localhost'),
      MYSQL_USER_FILE: kplus.EnvValue.fromValue(secretFile('username')),
      MYSQL_PASSWORD_FILE: kplus.EnvValue.fromValue(secretFile('password')),
      MYSQL_DATABASE: kplus.EnvValue.fromValue(ctx.databaseName),
    },
    resources,
    securityContext: hardenedContainerSecurityContext(runAs),
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    // Startup: up to 10 minutes for first initialization or crash recovery. `ping` answers while
    // the server runs (even when a login fails); readiness logs in and runs a query on the schema.
    startup: exec([...client('mysqladmin'), 'ping'], { period: 10, failures: 60 }),
    liveness: exec([...client('mysqladmin'), 'ping'], { period: 20, failures: 3 }),
    readiness: exec([...client('mysql'), '--batch', '--skip-column-names', '--execute=SELECT 1'], { period: 10, failures: 3 }),
  });
  mountTmp(scope, container, MYSQL_TMP);
  container.mount(TASK_MANAGER_PATHS.dbSecretDir, secrets, { readOnly: true });
  container.mount(clientConfigDir, clientConfig, { readOnly: true });
  container.mount('/var/run/mysqld', socketDir);

  let metrics: DatabaseMetrics | undefined;
  if (props.mysqlExporter) metrics = addMysqlExporter(ctx, scope, props.mysqlExporter, { statefulSet, init, mysql: container, socketDir, runAs });

  const apiObject = ApiObject.of(statefulSet);
  addPodSeccompDefault(apiObject, POD_SPEC);
  addTopologySpread(apiObject, POD_SPEC, ctx.databasePodLabels, [spreadAcrossNodes('ScheduleAnyway')]);
  addEphemeralStorage(apiObject, `${POD_SPEC}/containers/0`, MYSQL_TMP);
  addEphemeralStorage(apiObject, `${POD_SPEC}/initContainers/0`, Size.mebibytes(0)); // no disk-backed volume
  exemptFromLinters(apiObject, 'digestPinnedPullPolicy', 'perWorkloadNetworkPolicy', 'noPriorityClassInCluster', 'secretFilePathEnv', 'sharedInstanceLabel');
  if (runAs.user < KUBE_SCORE_MIN_ID || runAs.group < KUBE_SCORE_MIN_ID) exemptFromLinters(apiObject, 'mysqlImageUser');
  addDataVolume(ctx, apiObject, props);
  // cdk8s-plus makes the StatefulSet's Service select its internal address label; select the stable labels instead.
  ApiObject.of(headless).addJsonPatch(JsonPatch.replace('/spec/selector', { ...ctx.databasePodLabels }));

  // One pod: maxUnavailable 1 lets a drain move it (a few seconds to a minute of downtime);
  // minAvailable 1 would block every drain of its node forever.
  addPodDisruptionBudget(scope, 'DisruptionBudget', { name, podLabels: ctx.databasePodLabels, budget: { maxUnavailable: 1 } });
  return { statefulSet, headless, metrics };
}

/**
 * cdk8s-plus-28's StatefulSet has no volumeClaimTemplates nor persistentVolumeClaimRetentionPolicy:
 * both, and the data mount of the claim, through the escape hatch. Claim template labels are the
 * stable ones only: the template is immutable, a version label would make every image bump fail.
 */
function addDataVolume(ctx: TaskManagerContext, apiObject: ApiObject, props: TaskManagerStackProps): void {
  apiObject.addJsonPatch(JsonPatch.add('/spec/volumeClaimTemplates', [{
    metadata: {
      name: 'data',
      labels: { ...ctx.databasePodLabels },
      annotations: { ...KEEP_DATA_ANNOTATIONS },
    },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: props.storageClassName,
      resources: { requests: { storage: kplus.k8s.Quantity.fromString(props.mysqlStorageSize) } },
    },
  }]));
  apiObject.addJsonPatch(JsonPatch.add('/spec/persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' }));
  apiObject.addJsonPatch(JsonPatch.add(`${POD_SPEC}/containers/0/volumeMounts/-`, { name: 'data', mountPath: MYSQL_DATA_DIR }));
}

/** The InnoDB buffer pool from the memory limit (lib/task-manager/buffer-pool.ts), with the construct path in errors. */
function bufferPoolMebibytes(ctx: TaskManagerContext, resources: ResourceSpec): number {
  const limit = memoryMebibytes(resources.memoryLimit)!; // checked by containerResources
  if (limit < MIN_MYSQL_MEMORY_MEBIBYTES) {
    throw propError(ctx.stack, 'mysqlResources.memoryLimit', resources.memoryLimit,
      `at least ${MIN_MYSQL_MEMORY_MEBIBYTES}Mi (60 % of it is the InnoDB buffer pool; performance_schema and connections need the rest)`);
  }
  return innodbBufferPoolMebibytes(limit);
}
