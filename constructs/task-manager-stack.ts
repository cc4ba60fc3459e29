import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { KEEP_DATA_ANNOTATIONS } from '../lib/argocd';
import { shortHash } from '../lib/checksum';
import { constructName, constructNamespace } from '../lib/construct-names';
import { Schedule, validateTimeZone } from '../lib/cron';
import { addPodDisruptionBudget, addTopologySpread, DisruptionBudget, disruptionBudgetProblem, spreadAcrossNodes, spreadAcrossZones } from '../lib/disruption';
import { propError } from '../lib/errors';
import { addPodSeccompDefault, DEFAULT_RUN_AS, hardenedContainerSecurityContext, hardenedPodSecurityContext, mountTmp, RunAs } from '../lib/hardening';
import { requirePinnedImage, shortDigest } from '../lib/image';
import { exemptFromLinters } from '../lib/linter-exemptions';
import { identityProblem, recommendedLabels, selectorLabels, stampIdentity, WorkloadIdentity } from '../lib/metadata';
import { dnsLabelProblem, dnsSubdomainProblem } from '../lib/names';
import { addWorkloadPolicy, dnsEgress, EgressDestination, ingressFromNamespace, ingressFromPods } from '../lib/network';
import { OFFSITE_CREDENTIAL_KEYS, offsiteEnvironment, OffsiteTarget, offsiteTargetProblems } from '../lib/offsite';
import { NodePoolPlacement } from '../lib/placement';
import * as kplus from '../lib/plus';
import { looksLikeCredential } from '../lib/policy/credential-patterns';
import { memoryMebibytes, quantityValue } from '../lib/quantity';
import { addEphemeralStorage, containerResources, ResourceSpec } from '../lib/resources';
import { MYSQL_PORT, TASK_MANAGER_PATHS } from '../lib/task-manager/paths';
import { BACKUP_OFFSITE_CREDENTIAL_FILES, CLIENT_CONFIG_FUNCTIONS, dumpScript, offsiteCopyScript } from '../lib/task-manager/scripts';
import { Edge, HardenedIngress, SecurityHeaders } from './hardened-ingress';
import { CloudEduAccessRoles } from './cloudedu-access-roles';
import { SecureCronJob } from './secure-cron-job';

// ---------------------------------------------------------------------------------------------
// The application
// ---------------------------------------------------------------------------------------------

/** Autoscaling of the web tier on CPU utilization (autoscaling/v2). */
export interface TaskManagerAutoscaling {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Average CPU utilization, in percent of the CPU request, that the HPA keeps the pods at. */
  readonly targetCpuUtilizationPercent: number;
}

/** Keys of the database Secret. */
export interface DatabaseSecretKeys {
  /** @default 'username' */
  readonly username?: string;
  /** @default 'password' */
  readonly password?: string;
  /** MySQL's root password (used only at initialization and by `kubectl exec` as root over the socket). @default 'root-password' */
  readonly rootPassword?: string;
}

/** The off-cluster copy of the dumps (lib/offsite). */
export interface TaskManagerOffsiteBackup {
  /** The S3-compatible bucket and prefix the dumps go to. */
  readonly target: OffsiteTarget;
  /** The existing Secret with keys `access-key-id` and `secret-access-key`; referenced by name, never read. */
  readonly credentialsSecretName: string;
  /** The endpoint's addresses and port: the backup pods' only egress besides DNS and MySQL. */
  readonly egress: readonly EgressDestination[];
  /** The upload step's image (curl 7.87.0 or newer and a POSIX sh), pinned by digest. */
  readonly uploadImage: string;
}

export interface TaskManagerStackProps {
  // --- identity ------------------------------------------------------------------------------
  /** Owning team (annotation). */
  readonly owner: string;
  /** Runbook URL (annotation). */
  readonly runbookUrl: string;
  /**
   * Prefix of every object name (`<name>-web`, `<name>-mysql`, `<name>-backup`, ...), and the
   * `app.kubernetes.io/name` of the web and database tiers. RFC 1123 label, at most 40 characters.
   * @default the construct id, lowercased
   */
  readonly name?: string;
  /** @default 'cloudedu' */
  readonly partOf?: string;
  /**
   * Namespace of the application (RoleBinding subjects and the edge objects name it).
   * @default the Chart's namespace; one of the two is required
   */
  readonly namespace?: string;

  // --- web tier ------------------------------------------------------------------------------
  /** The Flask application image, pinned by digest. */
  readonly webImage: string;
  /**
   * Web pods. With `autoscaling` the HPA owns the count and `spec.replicas` is left out; this value
   * must then lie within the autoscaling range.
   */
  readonly webReplicas: number;
  /** @default a fixed replica count (no HorizontalPodAutoscaler) */
  readonly autoscaling?: TaskManagerAutoscaling;
  readonly webResources: ResourceSpec;
  /**
   * The port gunicorn listens on (non-privileged: 1024-65535).
   * @default 8000
   */
  readonly webPort?: number;
  /**
   * gunicorn worker processes (used by the default command).
   * @default 2
   */
  readonly webWorkers?: number;
  /**
   * The container command.
   * @default gunicorn --bind 0.0.0.0:<webPort> --workers <webWorkers> --worker-tmp-dir /dev/shm --access-logfile - app:app
   */
  readonly webCommand?: readonly string[];
  /**
   * HTTP path of the startup and readiness probes. It should answer 200 while the process can
   * serve, without failing when the database is down. The liveness probe only checks that `webPort`
   * accepts connections: gunicorn's master already replaces a hung worker (its heartbeat files are
   * in /dev/shm), so the kubelet restarts the container only when the server is gone, never because
   * it is slow (readiness takes a slow pod out of rotation instead).
   * @default '/healthz'
   */
  readonly healthPath?: string;
  /**
   * Application log level (ConfigMap `LOG_LEVEL`).
   * @default 'INFO'
   */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
  /**
   * Further non-secret settings for the ConfigMap. A value that looks like a credential is
   * rejected, and so is a key the construct sets itself (DB_HOST, DB_PORT, DB_NAME, LOG_LEVEL).
   * @default none
   */
  readonly settings?: Readonly<Record<string, string>>;
  /**
   * The PodDisruptionBudget of the web tier as a minimum of available pods (below the replica count).
   * @default maxUnavailable 1: one pod at a time, never blocking a drain
   */
  readonly webMinAvailable?: number;

  // --- edge ----------------------------------------------------------------------------------
  /** Public host name served over TLS. */
  readonly host: string;
  /** The environment's edge (Gateway API, Traefik, ingress-nginx). */
  readonly edge: Edge;
  /** Namespace of the edge controller's (or Gateway's) pods: the only source the web tier accepts. */
  readonly edgeControllerNamespace: string;
  /** @default SecurityHeaders.strict() */
  readonly securityHeaders?: SecurityHeaders;

  // --- data tier -----------------------------------------------------------------------------
  /** MySQL 8.4 image, pinned by digest (the official image: runs as UID/GID 999). */
  readonly mysqlImage: string;
  readonly mysqlResources: ResourceSpec;
  /** StorageClass of the data volume (ReadWriteOnce). */
  readonly storageClassName: string;
  /** Size of the data volume (a quantity, e.g. `10Gi`). */
  readonly mysqlStorageSize: string;
  /**
   * The application's schema (MySQL identifier: lowercase letters, digits, `_`).
   * @default 'tasks'
   */
  readonly databaseName?: string;
  /** The existing Secret holding the database credentials; referenced by name, never read. */
  readonly databaseSecretName: string;
  /** @default { username: 'username', password: 'password', rootPassword: 'root-password' } */
  readonly databaseSecretKeys?: DatabaseSecretKeys;
  /**
   * How long MySQL may take to shut down cleanly before it is killed (10 s to 10 min).
   * @default Duration.seconds(60)
   */
  readonly mysqlShutdownGracePeriod?: Duration;
  /**
   * The MySQL server's user and group (not the backup job's: it runs as DEFAULT_RUN_AS, 10001).
   * @default { user: 999, group: 999 } (the official image's `mysql` user, which owns existing data volumes)
   */
  readonly mysqlRunAs?: RunAs;

  // --- backups -------------------------------------------------------------------------------
  /** Image of the backup job (one with mysqldump, gzip and bash: the MySQL image), pinned by digest. */
  readonly backupImage: string;
  readonly backupSchedule: Schedule;
  /** @default 'Etc/UTC' */
  readonly timeZone?: string;
  /** Size of the backup volume (a quantity). */
  readonly backupStorageSize: string;
  /** How many dumps to keep (the newest). */
  readonly backupKeep: number;
  /** @default 100m/1 CPU, 128Mi/512Mi memory */
  readonly backupResources?: ResourceSpec;
  /**
   * How long one backup may run (it must end before the next run is due).
   * @default 3 hours, or less when the schedule's shortest gap between runs (minus a starting deadline) is shorter
   */
  readonly backupTimeout?: Duration;
  /** @default false */
  readonly suspendBackups?: boolean;
  /** @default any node */
  readonly backupNodePool?: NodePoolPlacement;
  /** Where every dump is copied off the cluster, and how (required: a backup inside the cluster dies with it). */
  readonly offsiteBackup: TaskManagerOffsiteBackup;

  // --- access --------------------------------------------------------------------------------
  /** The people's ClusterRoles, bound in this namespace to `adminGroups` and `developerGroups`. */
  readonly accessRoles: CloudEduAccessRoles;
  /** Groups bound to `cloudedu-admin` here (none: no binding). */
  readonly adminGroups: readonly string[];
  /** Groups bound to `cloudedu-developer` here (none: no binding). */
  readonly developerGroups: readonly string[];
  /**
   * Whether the application calls the Kubernetes API. Then its ServiceAccount gets a Role that can
   * only `get` its ConfigMap and the database Secret, and the pod a projected, expiring token.
   * @default false (no Role, no token)
   */
  readonly readsKubernetesApi?: boolean;
  /**
   * Audience of the projected token (`readsKubernetesApi`).
   * @default the API server's own audience
   */
  readonly kubernetesApiAudience?: string;
}

export { MYSQL_PORT, TASK_MANAGER_PATHS } from '../lib/task-manager/paths';
export { CLIENT_CONFIG_FUNCTIONS, dumpScript, offsiteCopyScript } from '../lib/task-manager/scripts';
/** Port of the web Service (the edge connects here; the pods listen on `webPort`). */
export const WEB_SERVICE_PORT = 80;

const MYSQL_RUN_AS: RunAs = { user: 999, group: 999 };
/** kube-score's container-security-context-user-group-id wants UID and GID of at least this. */
const KUBE_SCORE_MIN_ID = 10000;
const DEFAULT_BACKUP_RESOURCES: ResourceSpec = { cpuRequest: '100m', cpuLimit: '1', memoryRequest: '128Mi', memoryLimit: '512Mi' };
const CLIENT_CONFIG_RESOURCES: ResourceSpec = { cpuRequest: '10m', cpuLimit: '100m', memoryRequest: '16Mi', memoryLimit: '32Mi' };
/** MySQL's /tmp (temporary tables): its emptyDir size and its share of the ephemeral-storage limit. */
const MYSQL_TMP = Size.gibibytes(1);
const POD_SPEC = '/spec/template/spec';
const MAX_NAME = 40;
const CONFIG_KEYS = ['DB_HOST', 'DB_PORT', 'DB_NAME', 'LOG_LEVEL'] as const;
const MYSQL_DATA_DIR = '/var/lib/mysql';
const SOCKET = '/var/run/mysqld/mysqld.sock';

/**
 * The task manager: a Flask web tier (gunicorn) in front of MySQL 8.4, with nightly dumps, exposed
 * over TLS through HardenedIngress; hardened, least-privilege and disruption-safe in every environment.
 *
 * Objects (construct ids are public contract; `<n>` is `name`):
 * - `Web`: ServiceAccount `<n>-web`, ConfigMap `<n>-config`, Deployment `<n>-web`, Service `<n>-web`
 *   (port 80 → webPort), HorizontalPodAutoscaler `<n>-web` (with `autoscaling`), PodDisruptionBudget
 *   `<n>-web`, NetworkPolicy `<n>-web`, Role + RoleBinding `<n>-web-api-reader` (with `readsKubernetesApi`);
 * - `Ingress`: HardenedIngress `<n>` for `host`;
 * - `Database`: ServiceAccount, headless Service, StatefulSet, PodDisruptionBudget and NetworkPolicy,
 *   all `<n>-mysql` (data claim template `data`);
 * - `Backup`: SecureCronJob `<n>-backup` (init container `dump`, then the off-cluster copy); `BackupStorage`: PVC `<n>-backup`
 *   and NetworkPolicy `<n>-backup-to-mysql`;
 * - `Access`: RoleBindings `<n>-cloudedu-admin`, `<n>-cloudedu-developer`.
 */
export class TaskManagerStack extends Construct {
  readonly name: string;
  readonly namespace: string;
  readonly deployment: kplus.Deployment;
  readonly webService: kplus.Service;
  readonly autoscaler?: kplus.HorizontalPodAutoscaler;
  readonly statefulSet: kplus.StatefulSet;
  readonly databaseService: kplus.Service;
  readonly ingress: HardenedIngress;
  readonly backup: SecureCronJob;
  /** Labels selecting the web pods. */
  readonly webPodLabels: Record<string, string>;
  /** Labels selecting the MySQL pods. */
  readonly databasePodLabels: Record<string, string>;

  private readonly databaseName: string;
  private readonly databaseSecretName: string;
  private readonly secretKeys: Required<DatabaseSecretKeys>;

  constructor(scope: Construct, id: string, props: TaskManagerStackProps) {
    super(scope, id);
    this.name = constructName(this, props.name, MAX_NAME);
    this.namespace = constructNamespace(this, props.namespace, 'RoleBindings and edge objects name it');

    requirePinnedImage(this, 'webImage', props.webImage);
    requirePinnedImage(this, 'mysqlImage', props.mysqlImage);
    requirePinnedImage(this, 'backupImage', props.backupImage);
    this.databaseName = props.databaseName ?? 'tasks';
    if (!/^[a-z][a-z0-9_]{0,63}$/.test(this.databaseName)) {
      throw propError(this, 'databaseName', this.databaseName, 'a MySQL schema name of lowercase letters, digits and "_", starting with a letter, at most 64 characters');
    }
    const secretProblem = dnsSubdomainProblem(props.databaseSecretName);
    if (secretProblem) throw propError(this, 'databaseSecretName', props.databaseSecretName, `a Secret name that ${secretProblem}`);
    this.databaseSecretName = props.databaseSecretName;
    this.secretKeys = this.checkSecretKeys(props.databaseSecretKeys ?? {});
    this.checkStorageSize('mysqlStorageSize', props.mysqlStorageSize);
    this.checkStorageSize('backupStorageSize', props.backupStorageSize);
    const classProblem = dnsSubdomainProblem(props.storageClassName);
    if (classProblem) throw propError(this, 'storageClassName', props.storageClassName, `a StorageClass name that ${classProblem}`);
    this.checkGroups('adminGroups', props.adminGroups);
    this.checkGroups('developerGroups', props.developerGroups);
    if (!(props.accessRoles instanceof CloudEduAccessRoles)) throw propError(this, 'accessRoles', props.accessRoles, 'a CloudEduAccessRoles construct');
    const edgeNsProblem = dnsLabelProblem(props.edgeControllerNamespace);
    if (edgeNsProblem) throw propError(this, 'edgeControllerNamespace', props.edgeControllerNamespace, `a namespace that ${edgeNsProblem}`);

    const partOf = props.partOf ?? 'cloudedu';
    const identity = (component: string, version: string): WorkloadIdentity => ({
      name: this.name, instance: this.name, component, partOf, version, owner: props.owner, runbookUrl: props.runbookUrl,
    });
    const webIdentity = identity('web', shortDigest(props.webImage));
    const databaseIdentity = identity('database', shortDigest(props.mysqlImage));
    for (const candidate of [webIdentity, databaseIdentity]) {
      const problem = identityProblem(candidate);
      if (problem) throw propError(this, 'partOf/owner/runbookUrl', candidate, problem);
    }
    this.webPodLabels = selectorLabels(webIdentity);
    this.databasePodLabels = selectorLabels(databaseIdentity);

    const web = new Construct(this, 'Web');
    const { deployment, service, autoscaler, webPort } = this.webTier(web, props, webIdentity);
    this.deployment = deployment;
    this.webService = service;
    this.autoscaler = autoscaler;

    this.ingress = new HardenedIngress(this, 'Ingress', {
      name: this.name,
      namespace: this.namespace,
      hosts: [props.host],
      routes: [{ path: '/', service: this.webService, port: WEB_SERVICE_PORT }],
      edge: props.edge,
      securityHeaders: props.securityHeaders,
      partOf,
      owner: props.owner,
      runbookUrl: props.runbookUrl,
    });

    const database = new Construct(this, 'Database');
    const { statefulSet, headless } = this.databaseTier(database, props, databaseIdentity);
    this.statefulSet = statefulSet;
    this.databaseService = headless;

    this.backup = this.backupJob(props, partOf);
    const backupStorage = new Construct(this, 'BackupStorage');
    this.backupStorage(backupStorage, props);
    stampIdentity(backupStorage, {
      name: this.backup.name, instance: this.backup.name, component: 'backup', partOf,
      version: shortDigest(props.backupImage), owner: props.owner, runbookUrl: props.runbookUrl,
    });

    // The database accepts exactly the web pods and the backup pods, on 3306; it opens nothing.
    addWorkloadPolicy(database, 'NetworkPolicy', {
      name: `${this.name}-mysql`,
      podLabels: this.databasePodLabels,
      ingress: [ingressFromPods(undefined, this.webPodLabels, MYSQL_PORT), ingressFromPods(undefined, this.backup.podSelectorLabels, MYSQL_PORT)],
      egress: [],
    });
    // The web pods accept the edge controller on their port and reach only DNS and MySQL.
    addWorkloadPolicy(web, 'NetworkPolicy', {
      name: `${this.name}-web`,
      podLabels: this.webPodLabels,
      ingress: [ingressFromNamespace(props.edgeControllerNamespace, webPort)],
      egress: [dnsEgress(), this.toMysql()],
    });
    stampIdentity(web, webIdentity);
    stampIdentity(database, databaseIdentity);

    const access = new Construct(this, 'Access');
    this.bindPeople(access, props);
    stampIdentity(access, identity('access', shortHash([props.adminGroups, props.developerGroups])));
  }

  // -------------------------------------------------------------------------------------------
  // Web tier
  // -------------------------------------------------------------------------------------------

  private webTier(scope: Construct, props: TaskManagerStackProps, identity: WorkloadIdentity) {
    const webPort = props.webPort ?? 8000;
    if (!Number.isInteger(webPort) || webPort < 1024 || webPort > 65535) {
      throw propError(this, 'webPort', webPort, 'a non-privileged TCP port from 1024 to 65535');
    }
    const workers = props.webWorkers ?? 2;
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw propError(this, 'webWorkers', workers, 'an integer from 1 to 64');
    const command = props.webCommand ?? ['gunicorn', '--bind', `0.0.0.0:${webPort}`, '--workers', String(workers), '--worker-tmp-dir', '/dev/shm', '--access-logfile', '-', 'app:app'];
    if (command.length === 0 || command.some((part) => part === '')) throw propError(this, 'webCommand', command, 'a non-empty command without empty arguments');
    const healthPath = props.healthPath ?? '/healthz';
    if (!/^\/[A-Za-z0-9._~\/-]*$/.test(healthPath)) throw propError(this, 'healthPath', healthPath, 'an absolute URL path such as "/healthz"');
    const replicas = this.checkReplicas(props);
    const resources = containerResources(this, 'webResources', props.webResources);

    const configMap = new kplus.ConfigMap(scope, 'ConfigMap', { metadata: { name: `${this.name}-config` }, data: this.settings(props) });
    const serviceAccount = new kplus.ServiceAccount(scope, 'ServiceAccount', { metadata: { name: `${this.name}-web` }, automountToken: false });

    const deployment = new kplus.Deployment(scope, 'Deployment', {
      metadata: { name: `${this.name}-web` },
      // With an HPA, cdk8s-plus leaves spec.replicas out (the autoscaler owns it).
      replicas: props.autoscaling ? undefined : replicas,
      select: false,
      podMetadata: {
        labels: recommendedLabels(identity),
        // A changed ConfigMap changes the template, so the pods roll and read it.
        annotations: { 'checksum/config': shortHash(configMap.data) },
      },
      serviceAccount,
      automountServiceAccountToken: false,
      securityContext: hardenedPodSecurityContext(DEFAULT_RUN_AS),
      strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
    });
    deployment.select(kplus.LabelSelector.of({ labels: this.webPodLabels }));

    const probe = (options: { period: number; failures: number }) => kplus.Probe.fromHttpGet(healthPath, {
      port: webPort,
      periodSeconds: Duration.seconds(options.period),
      timeoutSeconds: Duration.seconds(2),
      failureThreshold: options.failures,
    });
    // Liveness differs from readiness on purpose (kube-score's pod-probes-identical): it restarts a
    // container whose server is gone, while an overloaded one only leaves the Service for a while.
    const liveness = kplus.Probe.fromTcpSocket({ port: webPort, periodSeconds: Duration.seconds(20), timeoutSeconds: Duration.seconds(2), failureThreshold: 3 });
    const container = deployment.addContainer({
      name: 'web',
      image: props.webImage,
      command: [...command],
      ports: [{ number: webPort, name: 'http' }],
      envFrom: [kplus.Env.fromConfigMap(configMap)],
      envVariables: {
        DB_USER_FILE: kplus.EnvValue.fromValue(`${TASK_MANAGER_PATHS.dbSecretDir}/username`),
        DB_PASSWORD_FILE: kplus.EnvValue.fromValue(`${TASK_MANAGER_PATHS.dbSecretDir}/password`),
      },
      resources,
      securityContext: hardenedContainerSecurityContext(DEFAULT_RUN_AS),
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      // Startup: up to 2 minutes to boot; then readiness decides traffic and liveness restarts a dead server.
      startup: probe({ period: 5, failures: 24 }),
      readiness: probe({ period: 10, failures: 3 }),
      liveness,
    });
    mountTmp(scope, container);
    // Only the application's own credentials: the root password stays with MySQL.
    container.mount(TASK_MANAGER_PATHS.dbSecretDir, this.secretVolume(scope, [this.secretKeys.username, this.secretKeys.password]), { readOnly: true });

    const apiObject = ApiObject.of(deployment);
    addPodSeccompDefault(apiObject, POD_SPEC);
    // Hard spread over nodes (two replicas on one node fail together), soft over zones (clusters may have one).
    addTopologySpread(apiObject, POD_SPEC, this.webPodLabels, [
      spreadAcrossNodes('DoNotSchedule', ['pod-template-hash']),
      spreadAcrossZones('ScheduleAnyway', ['pod-template-hash']),
    ]);
    addEphemeralStorage(apiObject, `${POD_SPEC}/containers/0`);
    exemptFromLinters(apiObject, 'digestPinnedPullPolicy', 'perWorkloadNetworkPolicy', 'noPriorityClassInCluster', 'secretFilePathEnv', 'sharedInstanceLabel');
    if (props.autoscaling) exemptFromLinters(apiObject, 'autoscaledReplicas');
    else if (replicas === 1) exemptFromLinters(apiObject, 'singleReplicaByConfig');

    const service = new kplus.Service(scope, 'Service', {
      metadata: { name: `${this.name}-web` },
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: 'http', port: WEB_SERVICE_PORT, targetPort: webPort }],
    });
    for (const [key, value] of Object.entries(this.webPodLabels)) service.selectLabel(key, value);

    let autoscaler: kplus.HorizontalPodAutoscaler | undefined;
    if (props.autoscaling) {
      autoscaler = new kplus.HorizontalPodAutoscaler(scope, 'Autoscaler', {
        metadata: { name: `${this.name}-web` },
        target: deployment,
        minReplicas: props.autoscaling.minReplicas,
        maxReplicas: props.autoscaling.maxReplicas,
        metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(props.autoscaling.targetCpuUtilizationPercent))],
      });
    }

    const budget: DisruptionBudget = props.webMinAvailable === undefined ? { maxUnavailable: 1 } : { minAvailable: props.webMinAvailable };
    const minReplicas = props.autoscaling?.minReplicas ?? replicas;
    const budgetProblem = disruptionBudgetProblem(budget, minReplicas);
    if (budgetProblem) throw propError(this, 'webMinAvailable', props.webMinAvailable, budgetProblem);
    addPodDisruptionBudget(scope, 'DisruptionBudget', { name: `${this.name}-web`, podLabels: this.webPodLabels, budget });

    if (props.readsKubernetesApi) this.grantApiRead(scope, props, serviceAccount, configMap, apiObject);
    else if (props.kubernetesApiAudience !== undefined) {
      throw propError(this, 'kubernetesApiAudience', props.kubernetesApiAudience, 'unset unless readsKubernetesApi is true (without it the pod gets no token)');
    }
    return { deployment, service, autoscaler, webPort };
  }

  private checkReplicas(props: TaskManagerStackProps): number {
    const replicas = props.webReplicas;
    if (!Number.isInteger(replicas) || replicas < 1 || replicas > 100) throw propError(this, 'webReplicas', replicas, 'an integer from 1 to 100');
    const scaling = props.autoscaling;
    if (!scaling) return replicas;
    const { minReplicas, maxReplicas, targetCpuUtilizationPercent: target } = scaling;
    if (!Number.isInteger(minReplicas) || minReplicas < 1 || minReplicas > 100) throw propError(this, 'autoscaling.minReplicas', minReplicas, 'an integer from 1 to 100');
    if (!Number.isInteger(maxReplicas) || maxReplicas < minReplicas || maxReplicas > 1000) {
      throw propError(this, 'autoscaling.maxReplicas', maxReplicas, `an integer from minReplicas (${minReplicas}) to 1000`);
    }
    if (!Number.isInteger(target) || target < 1 || target > 100) throw propError(this, 'autoscaling.targetCpuUtilizationPercent', target, 'an integer from 1 to 100');
    if (replicas < minReplicas || replicas > maxReplicas) {
      throw propError(this, 'webReplicas', replicas, `a count within the autoscaling range ${minReplicas}-${maxReplicas} (the HPA owns the replica count)`);
    }
    return replicas;
  }

  private settings(props: TaskManagerStackProps): Record<string, string> {
    const data: Record<string, string> = {
      DB_HOST: `${this.name}-mysql`,
      DB_PORT: String(MYSQL_PORT),
      DB_NAME: this.databaseName,
      LOG_LEVEL: props.logLevel ?? 'INFO',
    };
    if (!['DEBUG', 'INFO', 'WARNING', 'ERROR'].includes(data.LOG_LEVEL)) throw propError(this, 'logLevel', props.logLevel, 'DEBUG, INFO, WARNING or ERROR');
    for (const [key, value] of Object.entries(props.settings ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw propError(this, 'settings', key, 'a variable name of letters, digits and "_"');
      if ((CONFIG_KEYS as readonly string[]).includes(key)) throw propError(this, `settings.${key}`, key, `a key other than ${CONFIG_KEYS.join(', ')} (set by the construct)`);
      const credential = looksLikeCredential(key, value);
      if (credential) throw propError(this, `settings.${key}`, '(value hidden)', `no secrets in a ConfigMap (${credential}); put it in the database Secret or another Secret`);
      data[key] = value;
    }
    return data;
  }

  /** The app reads its own ConfigMap and the database Secret through the API: exactly those, `get` only. */
  private grantApiRead(scope: Construct, props: TaskManagerStackProps, serviceAccount: kplus.ServiceAccount, configMap: kplus.ConfigMap, apiObject: ApiObject): void {
    const audience = props.kubernetesApiAudience;
    if (audience !== undefined && audience.trim() === '') throw propError(this, 'kubernetesApiAudience', audience, 'a non-empty audience');
    const name = `${this.name}-web-api-reader`;
    new kplus.k8s.KubeRole(scope, 'ApiReaderRole', {
      metadata: { name },
      rules: [
        { apiGroups: [''], resources: ['configmaps'], resourceNames: [configMap.name], verbs: ['get'] },
        { apiGroups: [''], resources: ['secrets'], resourceNames: [props.databaseSecretName], verbs: ['get'] },
      ],
    });
    new kplus.k8s.KubeRoleBinding(scope, 'ApiReaderBinding', {
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount.name, namespace: this.namespace }],
    });
    // A bound, expiring token in place of the automounted one (still off): cdk8s-plus-28 has no
    // projected volumes, so the volume and its mount are added through the escape hatch.
    apiObject.addJsonPatch(JsonPatch.add(`${POD_SPEC}/volumes/-`, {
      name: 'kube-api-access',
      projected: {
        defaultMode: 0o440,
        sources: [
          { serviceAccountToken: { path: 'token', expirationSeconds: 3600, ...(audience !== undefined ? { audience } : {}) } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardApi: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    }));
    apiObject.addJsonPatch(JsonPatch.add(`${POD_SPEC}/containers/0/volumeMounts/-`, {
      name: 'kube-api-access', mountPath: TASK_MANAGER_PATHS.serviceAccountDir, readOnly: true,
    }));
  }

  // -------------------------------------------------------------------------------------------
  // Data tier
  // -------------------------------------------------------------------------------------------

  private databaseTier(scope: Construct, props: TaskManagerStackProps, identity: WorkloadIdentity) {
    const runAs = props.mysqlRunAs ?? MYSQL_RUN_AS;
    if (runAs.user === 0 || runAs.group === 0) throw propError(this, 'mysqlRunAs', runAs, 'a non-root UID and GID (not 0)');
    const grace = props.mysqlShutdownGracePeriod ?? Duration.seconds(60);
    const graceSeconds = grace.toSeconds();
    if (!Number.isInteger(graceSeconds) || graceSeconds < 10 || graceSeconds > 600) {
      throw propError(this, 'mysqlShutdownGracePeriod', `${graceSeconds}s`, 'a whole number of seconds from 10 to 600');
    }
    const resources = containerResources(this, 'mysqlResources', props.mysqlResources);
    const name = `${this.name}-mysql`;

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
    statefulSet.select(kplus.LabelSelector.of({ labels: this.databasePodLabels }));

    const secrets = this.secretVolume(scope, [this.secretKeys.username, this.secretKeys.password, this.secretKeys.rootPassword]);
    const clientConfig = kplus.Volume.fromEmptyDir(scope, 'ClientConfig', 'mysql-client', { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(1) });
    const socketDir = kplus.Volume.fromEmptyDir(scope, 'SocketDir', 'mysqld-run', { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(1) });
    const clientConfigDir = clientConfigDirOf();

    // Writes the probes' client option file from the Secret files, so no password is ever an argument.
    const init = statefulSet.addInitContainer({
      name: 'client-config',
      image: props.mysqlImage,
      command: ['bash', '-c', `${CLIENT_CONFIG_FUNCTIONS}\nwrite_client_config ${TASK_MANAGER_PATHS.mysqlClientConfig} 'socket=${SOCKET}' '[mysql]' 'database=${this.databaseName}' 'connect-timeout=3' '[mysqladmin]' 'connect-timeout=3'`],
      resources: containerResources(this, 'clientConfigResources', CLIENT_CONFIG_RESOURCES),
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
        `--innodb-buffer-pool-size=${bufferPoolMebibytes(props.mysqlResources)}M`,
      ],
      ports: [{ number: MYSQL_PORT, name: 'mysql' }],
      envVariables: {
        // The official image reads these *_FILE variables at initialization; root is local-only.
        MYSQL_ROOT_PASSWORD_FILE: kplus.EnvValue.fromValue(secretFile('root-password')),
        MYSQL_ROOT_HOST: kplus.EnvValue.fromValue('localhost'),
        MYSQL_USER_FILE: kplus.EnvValue.fromValue(secretFile('username')),
        MYSQL_PASSWORD_FILE: kplus.EnvValue.fromValue(secretFile('password')),
        MYSQL_DATABASE: kplus.EnvValue.fromValue(this.databaseName),
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

    const apiObject = ApiObject.of(statefulSet);
    addPodSeccompDefault(apiObject, POD_SPEC);
    addTopologySpread(apiObject, POD_SPEC, this.databasePodLabels, [spreadAcrossNodes('ScheduleAnyway')]);
    addEphemeralStorage(apiObject, `${POD_SPEC}/containers/0`, MYSQL_TMP);
    addEphemeralStorage(apiObject, `${POD_SPEC}/initContainers/0`, Size.mebibytes(0)); // no disk-backed volume
    exemptFromLinters(apiObject, 'digestPinnedPullPolicy', 'perWorkloadNetworkPolicy', 'noPriorityClassInCluster', 'secretFilePathEnv', 'sharedInstanceLabel');
    if (runAs.user < KUBE_SCORE_MIN_ID || runAs.group < KUBE_SCORE_MIN_ID) exemptFromLinters(apiObject, 'mysqlImageUser');
    this.addDataVolume(apiObject, props);
    // cdk8s-plus makes the StatefulSet's Service select its internal address label; select the stable labels instead.
    ApiObject.of(headless).addJsonPatch(JsonPatch.replace('/spec/selector', { ...this.databasePodLabels }));

    // One pod: maxUnavailable 1 lets a drain move it (a few seconds to a minute of downtime);
    // minAvailable 1 would block every drain of its node forever.
    addPodDisruptionBudget(scope, 'DisruptionBudget', { name, podLabels: this.databasePodLabels, budget: { maxUnavailable: 1 } });
    return { statefulSet, headless };
  }

  /**
   * cdk8s-plus-28's StatefulSet has no volumeClaimTemplates nor persistentVolumeClaimRetentionPolicy:
   * both, and the data mount of the claim, through the escape hatch. Claim template labels are the
   * stable ones only: the template is immutable, a version label would make every image bump fail.
   */
  private addDataVolume(apiObject: ApiObject, props: TaskManagerStackProps): void {
    apiObject.addJsonPatch(JsonPatch.add('/spec/volumeClaimTemplates', [{
      metadata: {
        name: 'data',
        labels: { ...this.databasePodLabels },
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

  // -------------------------------------------------------------------------------------------
  // Backups
  // -------------------------------------------------------------------------------------------

  private backupJob(props: TaskManagerStackProps, partOf: string): SecureCronJob {
    const keep = props.backupKeep;
    if (!Number.isInteger(keep) || keep < 1 || keep > 1000) throw propError(this, 'backupKeep', keep, 'an integer from 1 to 1000');
    const timeZone = props.timeZone ?? 'Etc/UTC';
    const tzProblem = validateTimeZone(timeZone);
    if (tzProblem) throw propError(this, 'timeZone', timeZone, tzProblem);
    // Deadlines that fit between two runs (daylight-saving changes included): a dump may take up to
    // 3 hours when the schedule leaves room, never so long that it is still running at the next one.
    const gap = props.backupSchedule.shortestGapSeconds(timeZone);
    const starting = Math.min(300, Math.max(10, Math.floor(gap / 10)));
    const active = props.backupTimeout?.toSeconds() ?? Math.min(3 * 3600, gap - starting);
    const offsite = this.checkOffsiteBackup(props.offsiteBackup);
    // The pod's main container is the off-cluster copy; the dump runs before it (addDumpStep).
    const job = new SecureCronJob(this, 'Backup', {
      name: `${this.name}-backup`,
      schedule: props.backupSchedule,
      timeZone,
      startingDeadline: Duration.seconds(starting),
      image: offsite.uploadImage,
      version: shortDigest(props.backupImage),
      command: ['sh', '-c', offsiteCopyScript({ database: this.databaseName, keep })],
      env: offsiteEnvironment(offsite.target, BACKUP_OFFSITE_CREDENTIAL_FILES),
      egress: offsite.egress,
      resources: props.backupResources ?? DEFAULT_BACKUP_RESOURCES,
      activeDeadline: Duration.seconds(active),
      // SecureCronJob's 10001, not the server's user: the job shares no files with the server (it
      // dumps over TCP), and the kubelet gives the backup volume to its fsGroup on mount.
      suspend: props.suspendBackups ?? false,
      nodePool: props.backupNodePool,
      component: 'backup',
      partOf,
      owner: props.owner,
      runbookUrl: props.runbookUrl,
    });
    const secretName = offsite.credentialsSecretName;
    const files = BACKUP_OFFSITE_CREDENTIAL_FILES;
    job.addSecretFile({ secret: { secretName, key: OFFSITE_CREDENTIAL_KEYS.accessKeyId }, path: files.accessKeyIdFile });
    job.addSecretFile({ secret: { secretName, key: OFFSITE_CREDENTIAL_KEYS.secretAccessKey }, path: files.secretAccessKeyFile });
    return job;
  }

  private checkOffsiteBackup(offsite: TaskManagerOffsiteBackup): TaskManagerOffsiteBackup {
    const prop = 'offsiteBackup';
    if (offsite === undefined) {
      throw propError(this, prop, offsite, 'where the dumps are copied off the cluster (target, credentialsSecretName, egress, uploadImage)');
    }
    for (const { field, value, problem } of offsiteTargetProblems(offsite.target)) throw propError(this, `${prop}.target.${field}`, value, problem);
    const secretProblem = dnsSubdomainProblem(offsite.credentialsSecretName);
    if (secretProblem) throw propError(this, `${prop}.credentialsSecretName`, offsite.credentialsSecretName, `a Secret name that ${secretProblem}`);
    if (offsite.egress.length === 0) throw propError(this, `${prop}.egress`, offsite.egress, "at least one CIDR and port: the endpoint's addresses");
    requirePinnedImage(this, 'offsiteBackup.uploadImage', offsite.uploadImage);
    return offsite;
  }

  /**
   * The dump, as an init container in the MySQL image (it has mysqldump): it writes to the claim,
   * and only when it succeeded does the copy off the cluster (the main container) start.
   */
  private addDumpStep(scope: Construct, props: TaskManagerStackProps, claim: kplus.Volume, clientConfig: kplus.Volume): void {
    const dump = this.backup.cronJob.addInitContainer({
      name: 'dump',
      image: props.backupImage,
      command: ['bash', '-c', dumpScript({ database: this.databaseName, host: `${this.name}-mysql` })],
      resources: containerResources(this, 'backupResources', props.backupResources ?? DEFAULT_BACKUP_RESOURCES),
      securityContext: hardenedContainerSecurityContext(DEFAULT_RUN_AS),
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    });
    dump.mount(TASK_MANAGER_PATHS.backupDir, claim);
    dump.mount(clientConfigDirOf(), clientConfig);
    dump.mount(TASK_MANAGER_PATHS.dbSecretDir, this.secretVolume(scope, [this.secretKeys.username, this.secretKeys.password]), { readOnly: true });
    addEphemeralStorage(ApiObject.of(this.backup.cronJob), '/spec/jobTemplate/spec/template/spec/initContainers/0', Size.mebibytes(0));
  }

  private backupStorage(scope: Construct, props: TaskManagerStackProps): void {
    const claimName = `${this.name}-backup`;
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
    this.backup.addVolumeMount(TASK_MANAGER_PATHS.backupDir, claimVolume, { readOnly: false });
    // The client option file (it holds the password) on a memory emptyDir: never on a node's disk.
    const clientConfig = kplus.Volume.fromEmptyDir(scope, 'ClientConfig', 'mysql-client', { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(1) });
    this.addDumpStep(scope, props, claimVolume, clientConfig);
    // SecureCronJob's own policy allows DNS and CIDR destinations; MySQL is in the cluster, so the
    // path to it is one more policy (policies add up): egress only, to the MySQL pods on 3306.
    new kplus.k8s.KubeNetworkPolicy(scope, 'ToMysql', {
      metadata: { name: `${this.name}-backup-to-mysql` },
      spec: {
        podSelector: { matchLabels: { ...this.backup.podSelectorLabels } },
        policyTypes: ['Egress'],
        egress: [this.toMysql()],
      },
    });
  }

  // -------------------------------------------------------------------------------------------
  // People
  // -------------------------------------------------------------------------------------------

  private bindPeople(scope: Construct, props: TaskManagerStackProps): void {
    const bind = (id: string, role: string, groups: readonly string[]) => {
      if (groups.length === 0) return undefined;
      return new kplus.k8s.KubeRoleBinding(scope, id, {
        metadata: { name: `${this.name}-${role}` },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects: groups.map((group) => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: group })),
      });
    };
    const admins = bind('Admins', props.accessRoles.adminRoleName, props.adminGroups);
    if (admins) exemptFromLinters(admins, 'adminPodExecBinding');
    bind('Developers', props.accessRoles.developerRoleName, props.developerGroups);
  }

  // -------------------------------------------------------------------------------------------
  // Helpers
  // -------------------------------------------------------------------------------------------

  private toMysql() {
    return { to: [{ podSelector: { matchLabels: { ...this.databasePodLabels } } }], ports: [{ protocol: 'TCP', port: kplus.k8s.IntOrString.fromNumber(MYSQL_PORT) }] };
  }

  /** The database Secret's keys as files named `username`, `password`, `root-password` (0440, group = fsGroup). */
  private secretVolume(scope: Construct, keys: readonly string[]): kplus.Volume {
    const secret = kplus.Secret.fromSecretName(scope, 'DatabaseSecret', this.databaseSecretName);
    const fileOf: Record<string, string> = {
      [this.secretKeys.username]: 'username',
      [this.secretKeys.password]: 'password',
      [this.secretKeys.rootPassword]: 'root-password',
    };
    const items = Object.fromEntries(keys.map((key) => [key, { path: fileOf[key] }]));
    return kplus.Volume.fromSecret(scope, 'DatabaseCredentials', secret, { name: 'db-credentials', defaultMode: 0o440, items });
  }

  private checkSecretKeys(keys: DatabaseSecretKeys): Required<DatabaseSecretKeys> {
    const resolved = { username: keys.username ?? 'username', password: keys.password ?? 'password', rootPassword: keys.rootPassword ?? 'root-password' };
    for (const [field, key] of Object.entries(resolved)) {
      if (!/^[-._a-zA-Z0-9]{1,253}$/.test(key)) throw propError(this, `databaseSecretKeys.${field}`, key, 'a Secret key of letters, digits, "-", "_" and "."');
    }
    if (new Set(Object.values(resolved)).size !== 3) throw propError(this, 'databaseSecretKeys', resolved, 'three different keys');
    return resolved;
  }

  private checkStorageSize(prop: string, size: string): void {
    const bytes = typeof size === 'string' ? quantityValue(size) : undefined;
    if (bytes === undefined || bytes < 2 ** 20 || !/(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)$/.test(size)) {
      throw propError(this, prop, size, 'a storage quantity of at least 1Mi with a unit, e.g. "10Gi"');
    }
  }

  private checkGroups(prop: string, groups: readonly string[]): void {
    const seen = new Set<string>();
    groups.forEach((group, index) => {
      if (typeof group !== 'string' || group.trim() === '' || group !== group.trim()) {
        throw propError(this, `${prop}[${index}]`, group, 'a group name: not empty, no leading or trailing spaces');
      }
      if (seen.has(group)) throw propError(this, `${prop}[${index}]`, group, 'a group not already listed');
      seen.add(group);
    });
  }
}

function clientConfigDirOf(): string {
  return TASK_MANAGER_PATHS.mysqlClientConfig.replace(/\/[^/]+$/, '');
}

/** Half the memory request for InnoDB's buffer pool, in MiB (at least 128): the rest is for connections and buffers. */
function bufferPoolMebibytes(resources: ResourceSpec): number {
  const request = memoryMebibytes(resources.memoryRequest) ?? 256;
  return Math.max(128, Math.floor(request / 2 / 128) * 128);
}
