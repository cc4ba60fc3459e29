import { Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { KEEP_DATA_ANNOTATIONS } from '../../lib/argocd';
import * as kplus from '../../lib/plus';
import { ResourceSpec } from '../../lib/resources';
import { MYSQL_PORT, TASK_MANAGER_PATHS } from '../../lib/task-manager/paths';
import { backupScript } from '../../lib/task-manager/scripts';
import { durationSeconds, requireInteger, requireTimeZone } from '../../lib/validate';
import { SecureCronJob } from '../secure-cron-job';
import { TaskManagerStackProps } from './props';
import { clientConfigDirOf, TaskManagerContext } from './shared';

/* Nightly dumps: a SecureCronJob running mysqldump over TCP into its own retained volume. */

const DEFAULT_BACKUP_RESOURCES: ResourceSpec = { cpuRequest: '100m', cpuLimit: '1', memoryRequest: '128Mi', memoryLimit: '512Mi' };

export function backupJob(ctx: TaskManagerContext, props: TaskManagerStackProps, partOf: string): SecureCronJob {
  const keep = requireInteger(ctx.stack, 'backupKeep', props.backupKeep, { min: 1, max: 1000 });
  const timeZone = requireTimeZone(ctx.stack, 'timeZone', props.timeZone ?? 'Etc/UTC');
  // Deadlines that fit between two runs (daylight-saving changes included): a dump may take up to
  // 3 hours when the schedule leaves room, never so long that it is still running at the next one.
  const gap = props.backupSchedule.shortestGapSeconds(timeZone);
  const starting = Math.min(300, Math.max(10, Math.floor(gap / 10)));
  const active = (props.backupTimeout && durationSeconds(props.backupTimeout)) ?? Math.min(3 * 3600, gap - starting);
  const job = new SecureCronJob(ctx.stack, 'Backup', {
    name: `${ctx.name}-backup`,
    schedule: props.backupSchedule,
    timeZone,
    startingDeadline: Duration.seconds(starting),
    image: props.backupImage,
    command: ['bash', '-c', backupScript({ database: ctx.databaseName, host: `${ctx.name}-mysql`, keep })],
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
  });
  job.addSecretFile({ secret: { secretName: props.databaseSecretName, key: ctx.secretKeys.username }, path: `${TASK_MANAGER_PATHS.dbSecretDir}/username` });
  job.addSecretFile({ secret: { secretName: props.databaseSecretName, key: ctx.secretKeys.password }, path: `${TASK_MANAGER_PATHS.dbSecretDir}/password` });
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
  backup.addVolumeMount(TASK_MANAGER_PATHS.backupDir, kplus.Volume.fromPersistentVolumeClaim(scope, 'Volume', claim, { name: 'backup' }), { readOnly: false });
  // The client option file (it holds the password) on a memory emptyDir: never on a node's disk.
  const clientConfig = kplus.Volume.fromEmptyDir(scope, 'ClientConfig', 'mysql-client', { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(1) });
  backup.addVolumeMount(clientConfigDirOf(), clientConfig, { readOnly: false });
}
