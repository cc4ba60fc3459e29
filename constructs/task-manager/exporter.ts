import { ApiObject, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { propError } from '../../lib/errors';
import { hardenedContainerSecurityContext, RunAs } from '../../lib/hardening';
import { requirePinnedImage } from '../../lib/image';
import { declareSecret } from '../../lib/secrets';
import * as kplus from '../../lib/plus';
import { addEphemeralStorage, ResourceSpec } from '../../lib/resources';
import { EXPORTER, exporterUserScript } from '../../lib/task-manager/exporter';
import { TASK_MANAGER_PATHS } from '../../lib/task-manager/paths';
import { requireDnsSubdomain, requireValid, secretKeyProblem } from '../../lib/validate';
import { guaranteedResources } from './guaranteed';
import { MysqlExporterProps } from './props';
import { POD_SPEC, TaskManagerContext } from './shared';

/*
 * The mysqld_exporter sidecar of the MySQL pod: metrics on a pod port (no Service), its own MySQL
 * user on the socket, its credentials from a file written at pod start from its own Secret.
 */

const PROBE_LIMITS = { timeoutSeconds: Duration.seconds(3), failureThreshold: 3 };
const DEFAULT_EXPORTER_RESOURCES: ResourceSpec = { cpuRequest: '100m', cpuLimit: '100m', memoryRequest: '64Mi', memoryLimit: '64Mi' };

/** What scraping needs (PodMonitor, NetworkPolicy): the port, its name, and the pods' labels. */
export interface DatabaseMetrics {
  readonly port: number;
  readonly portName: string;
  readonly podLabels: Record<string, string>;
}

export interface ExporterMounts {
  readonly statefulSet: kplus.StatefulSet;
  /** The init container that writes the option files (it runs `exporterConfigScript`). */
  readonly init: kplus.Container;
  readonly mysql: kplus.Container;
  /** The directory of MySQL's socket (a memory emptyDir). */
  readonly socketDir: kplus.Volume;
  readonly runAs: RunAs;
}

export function addMysqlExporter(ctx: TaskManagerContext, scope: Construct, exporter: MysqlExporterProps, pod: ExporterMounts): DatabaseMetrics {
  requirePinnedImage(ctx.stack, 'mysqlExporter.image', exporter.image);
  const secretName = requireDnsSubdomain(ctx.stack, 'mysqlExporter.secretName', exporter.secretName, 'a Secret name');
  if (secretName === ctx.databaseSecretName) {
    throw propError(ctx.stack, 'mysqlExporter.secretName', secretName,
      'a Secret of its own, not databaseSecretName (the exporter never sees the application\'s credentials)');
  }
  const key = requireValid(ctx.stack, 'mysqlExporter.secretKey', exporter.secretKey ?? 'password', secretKeyProblem);
  const resources = guaranteedResources(ctx.stack, 'mysqlExporter.resources', exporter.resources ?? DEFAULT_EXPORTER_RESOURCES);

  declareSecret(ctx.stack, {
    name: secretName,
    purpose: 'the mysqld_exporter user\'s MySQL password (read by the init container into the exporter\'s option file)',
    keys: [{ key }],
  });
  const secret = kplus.Secret.fromSecretName(scope, 'ExporterSecret', secretName);
  const credentials = kplus.Volume.fromSecret(scope, 'ExporterCredentials', secret, {
    name: 'exporter-credentials', defaultMode: 0o440, items: { [key]: { path: 'password' } },
  });
  const config = kplus.Volume.fromEmptyDir(scope, 'ExporterConfig', 'exporter-config', {
    medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(1),
  });
  // The init container writes the option file; MySQL reads the password only to create the user on a new volume.
  pod.init.mount(EXPORTER.secretDir, credentials, { readOnly: true });
  pod.init.mount(directoryOf(EXPORTER.configFile), config);
  pod.mysql.mount(EXPORTER.secretDir, credentials, { readOnly: true });

  // The image runs executable *.sh files in /docker-entrypoint-initdb.d once, on an empty data directory.
  const initScripts = new kplus.ConfigMap(scope, 'InitScripts', {
    metadata: { name: `${ctx.name}-mysql-init` },
    data: { [EXPORTER.initScript]: exporterUserScript(`${TASK_MANAGER_PATHS.dbSecretDir}/root-password`) },
  });
  const initVolume = kplus.Volume.fromConfigMap(scope, 'InitScriptsVolume', initScripts, { name: 'init-scripts', defaultMode: 0o555 });
  pod.mysql.mount(EXPORTER.initDir, initVolume, { readOnly: true });

  const container = pod.statefulSet.addContainer({
    name: 'exporter',
    image: exporter.image,
    args: [`--config.my-cnf=${EXPORTER.configFile}`, `--web.listen-address=:${EXPORTER.port}`],
    // On the pod only: no Service publishes it; Prometheus scrapes the pod (PodMonitor).
    ports: [{ number: EXPORTER.port, name: EXPORTER.portName }],
    resources,
    securityContext: hardenedContainerSecurityContext(pod.runAs),
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    // The exporter answers while MySQL is down (mysql_up 0): these probes never take the database
    // out of its Service because of MySQL itself, only when the exporter process is gone.
    readiness: kplus.Probe.fromHttpGet('/', { port: EXPORTER.port, periodSeconds: Duration.seconds(20), ...PROBE_LIMITS }),
    liveness: kplus.Probe.fromTcpSocket({ port: EXPORTER.port, periodSeconds: Duration.seconds(30), ...PROBE_LIMITS }),
  });
  container.mount(directoryOf(EXPORTER.configFile), config, { readOnly: true });
  // The socket: a read-only mount still lets it connect (connecting needs no write to the filesystem).
  container.mount(directoryOf(EXPORTER.socket), pod.socketDir, { readOnly: true });
  addEphemeralStorage(ApiObject.of(pod.statefulSet), `${POD_SPEC}/containers/1`, Size.mebibytes(0)); // no disk-backed volume
  return { port: EXPORTER.port, portName: EXPORTER.portName, podLabels: { ...ctx.databasePodLabels } };
}

function directoryOf(path: string): string {
  return path.replace(/\/[^/]+$/, '');
}
