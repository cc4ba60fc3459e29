import { ApiObject, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { KEEP_DATA_ANNOTATIONS } from '../../lib/argocd';
import { propError } from '../../lib/errors';
import { DEFAULT_RUN_AS, hardenedContainerSecurityContext } from '../../lib/hardening';
import { requirePinnedImage, shortDigest } from '../../lib/image';
import { declareSecret } from '../../lib/secrets';
import { OFFSITE_CREDENTIAL_KEYS, offsiteEnvironment, offsiteTargetProblems } from '../../lib/offsite';
import * as kplus from '../../lib/plus';
import { addEphemeralStorage, containerResources, ResourceSpec } from '../../lib/resources';
import { MYSQL_PORT, TASK_MANAGER_PATHS } from '../../lib/task-manager/paths';
import { BACKUP_OFFSITE_CREDENTIAL_FILES, dumpScript, offsiteCopyScript } from '../../lib/task-manager/scripts';
import { durationSeconds, requireDnsSubdomain, requireInteger, requireSchedule, requireTimeZone } from '../../lib/validate';
import { SecureCronJob } from '../secure-cron-job';
import { TaskManagerOffsiteBackup, TaskManagerStackProps } from './props';
import { clientConfigDirOf, databaseCredentials, TaskManagerContext } from './shared';

/*
 * Nightly backups, one pod in two steps: the dump (init container, MySQL image) over TCP into the
 * job's retained volume, then the off-cluster copy of every dump not yet there (main container,
 * lib/offsite), which alone prunes the volume: the volume is a cache, the bucket is the backup.
 */

const DEFAULT_BACKUP_RESOURCES: ResourceSpec = { cpuRequest: '100m', cpuLimit: '1', memoryRequest: '128Mi', memoryLimit: '512Mi' };
const JOB_POD_SPEC = '/spec/jobTemplate/spec/template/spec';

export function backupJob(ctx: TaskManagerContext, props: TaskManagerStackProps, partOf: string): SecureCronJob {
  const keep = requireInteger(ctx.stack, 'backupKeep', props.backupKeep, { min: 1, max: 1000 });
  const timeZone = requireTimeZone(ctx.stack, 'timeZone', props.timeZone ?? 'Etc/UTC');
  const offsite = checkOffsiteBackup(ctx, props.offsiteBackup);
  // Deadlines that fit between two runs (daylight-saving changes included): a dump may take up to
  // 3 hours when the schedule leaves room, never so long that it is still running at the next one.
  const gap = requireSchedule(ctx.stack, 'backupSchedule', props.backupSchedule).shortestGapSeconds(timeZone);
  const starting = Math.min(300, Math.max(10, Math.floor(gap / 10)));
  const active = (props.backupTimeout && durationSeconds(props.backupTimeout)) ?? Math.min(3 * 3600, gap - starting);
  const job = new SecureCronJob(ctx.stack, 'Backup', {
    name: `${ctx.name}-backup`,
    schedule: props.backupSchedule,
    timeZone,
    startingDeadline: Duration.seconds(starting),
    // The main container is the off-cluster copy; the dump runs before it (addDumpStep).
    image: offsite.uploadImage,
    version: shortDigest(props.backupImage),
    command: ['sh', '-c', offsiteCopyScript({ database: ctx.databaseName, keep })],
    env: offsiteEnvironment(offsite.target, BACKUP_OFFSITE_CREDENTIAL_FILES),
    egress: offsite.egress,
    resources: props.backupResources ?? DEFAULT_BACKUP_RESOURCES,
    activeDeadline: Duration.seconds(active),
    // SecureCronJob's 10001, not the server's user: the job shares no files with the server (it
    // dumps over TCP), and the kubelet gives the backup volume to its fsGroup on mount.
    suspend: props.suspendBackups ?? false,
    nodePool: props.backupNodePool,
    dnsPeer: props.dnsPeer,
    component: 'backup',
    partOf,
    owner: props.owner,
    runbookUrl: props.runbookUrl,
    monitoring: props.monitoring,
  });
  const secretName = offsite.credentialsSecretName;
  const files = BACKUP_OFFSITE_CREDENTIAL_FILES;
  declareSecret(job, {
    name: secretName,
    purpose: 'the bucket key pair the backup job uploads with (put and get on its prefix only)',
    keys: [{ key: OFFSITE_CREDENTIAL_KEYS.accessKeyId }, { key: OFFSITE_CREDENTIAL_KEYS.secretAccessKey }],
  });
  job.addSecretFile({ secret: { secretName, key: OFFSITE_CREDENTIAL_KEYS.accessKeyId }, path: files.accessKeyIdFile });
  job.addSecretFile({ secret: { secretName, key: OFFSITE_CREDENTIAL_KEYS.secretAccessKey }, path: files.secretAccessKeyFile });
  // The dump runs over TCP: the MySQL pods on 3306, in the job's own egress policy.
  job.allowEgressTo({ labels: ctx.databasePodLabels }, MYSQL_PORT);
  return job;
}

export function backupStorage(ctx: TaskManagerContext, scope: Construct, props: TaskManagerStackProps, backup: SecureCronJob): void {
  const claimName = `${ctx.name}-backup`;
  new kplus.k8s.KubePersistentVolumeClaim(scope, 'Claim', {
    metadata: { name: claimName, annotations: { ...KEEP_DATA_ANNOTATIONS } },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: props.storageClassName,
      resources: { requests: { storage: kplus.k8s.Quantity.fromString(props.backupStorageSize) } },
    },
  });
  const claim = kplus.PersistentVolumeClaim.fromClaimName(scope, 'ClaimReference', claimName);
  const claimVolume = kplus.Volume.fromPersistentVolumeClaim(scope, 'Volume', claim, { name: 'backup' });
  backup.addVolumeMount(TASK_MANAGER_PATHS.backupDir, claimVolume, { readOnly: false });
  addDumpStep(ctx, scope, props, backup, claimVolume);
}

/**
 * The dump, as an init container in the MySQL image (it has mysqldump): it writes to the claim,
 * and only when it succeeded does the copy off the cluster (the main container) start.
 */
function addDumpStep(ctx: TaskManagerContext, scope: Construct, props: TaskManagerStackProps, backup: SecureCronJob, claim: kplus.Volume): void {
  const dump = backup.cronJob.addInitContainer({
    name: 'dump',
    image: props.backupImage,
    command: ['bash', '-c', dumpScript({ database: ctx.databaseName, host: `${ctx.name}-mysql` })],
    resources: containerResources(ctx.stack, 'backupResources', props.backupResources ?? DEFAULT_BACKUP_RESOURCES),
    securityContext: hardenedContainerSecurityContext(DEFAULT_RUN_AS),
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
  });
  // The client option file (it holds the password) on a memory emptyDir: never on a node's disk.
  const memory = { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(1) };
  const clientConfig = kplus.Volume.fromEmptyDir(scope, 'ClientConfig', 'mysql-client', memory);
  dump.mount(TASK_MANAGER_PATHS.backupDir, claim);
  dump.mount(clientConfigDirOf(), clientConfig);
  const credentials = databaseCredentials(ctx, scope, [ctx.secretKeys.username, ctx.secretKeys.password]);
  dump.mount(TASK_MANAGER_PATHS.dbSecretDir, credentials, { readOnly: true });
  addEphemeralStorage(ApiObject.of(backup.cronJob), `${JOB_POD_SPEC}/initContainers/0`, Size.mebibytes(0)); // no disk-backed scratch
}

function checkOffsiteBackup(ctx: TaskManagerContext, offsite: TaskManagerOffsiteBackup): TaskManagerOffsiteBackup {
  const prop = 'offsiteBackup';
  if (offsite === undefined) {
    throw propError(ctx.stack, prop, offsite, 'where the dumps are copied off the cluster (target, credentialsSecretName, egress, uploadImage)');
  }
  for (const { field, value, problem } of offsiteTargetProblems(offsite.target)) {
    throw propError(ctx.stack, `${prop}.target.${field}`, value, problem);
  }
  requireDnsSubdomain(ctx.stack, `${prop}.credentialsSecretName`, offsite.credentialsSecretName, 'a Secret name');
  if (offsite.egress.length === 0) {
    throw propError(ctx.stack, `${prop}.egress`, offsite.egress, "at least one CIDR and port: the endpoint's addresses");
  }
  requirePinnedImage(ctx.stack, `${prop}.uploadImage`, offsite.uploadImage);
  return offsite;
}
