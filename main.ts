import { App, Chart } from 'cdk8s';
import { CloudEduAccessRoles, DnsPeer, Edge, ElectoralFeed, pinnedImage, Schedule, SecureCronJob, TaskManagerStack } from './constructs';
import { ENVIRONMENTS, EnvironmentConfig } from './environments';
import { BootstrapEnvironment, BootstrapInput, synthesizeBootstraps } from './lib/bootstrap';
import { addDefaultDeny } from './lib/network';
import { synthesizeEnvironment } from './lib/synth/synthesize';
import { writeOutputTree } from './lib/synth/output-tree';

/**
 * Composes each environment from its config: one chart per concern (and per namespace), built out
 * of the constructs. Resource logic lives in constructs/ and lib/, never here.
 */
export function buildEnvironmentApp(env: EnvironmentConfig): App {
  const app = new App();
  addPlatformJobs(app, env);
  addElectoralFeed(app, env);
  addTaskManager(app, env);
  return app;
}

/** Shared platform batch jobs. */
function addPlatformJobs(app: App, env: EnvironmentConfig): void {
  const chart = new Chart(app, 'platform-jobs', { namespace: env.namespaces.platform, disableResourceNameHashes: true });
  addDefaultDeny(chart, env.namespaces.platform);
  const job = env.cleanup;
  new SecureCronJob(chart, 'uploads-cleanup', {
    schedule: Schedule.cron(job.schedule),
    timeZone: env.timeZone,
    image: pinnedImage(env.registry, job.image.repository, job.image.digest),
    command: ['curl'],
    args: [
      '--fail-with-body', '--silent', '--show-error', '--max-time', '600', '--retry', '2',
      // The header file holds "Authorization: Bearer ..."; reading it with -H @file keeps the
      // token out of the process arguments.
      '--header', '@/var/run/secrets/maintenance/authorization',
      '--request', 'POST', `${job.endpoint}?olderThanDays=${job.retentionDays}`,
    ],
    secretFiles: [{ secret: job.apiToken, path: '/var/run/secrets/maintenance/authorization' }],
    resources: job.resources,
    egress: job.egress,
    dnsPeer: dnsPeerOf(env),
    // curl exit codes that retrying cannot fix: bad URL (3), HTTP error after --fail (22).
    nonRetryableExitCodes: [3, 22],
    suspend: env.suspendJobs,
    nodePool: env.batchNodePool,
    partOf: 'platform',
    owner: env.owner,
    runbookUrl: `${env.runbookBaseUrl}/uploads-cleanup`,
  });
}

/** The electoral results feed: signed results every few minutes, and the microsite that serves them. */
function addElectoralFeed(app: App, env: EnvironmentConfig): void {
  const namespace = env.namespaces.electoral;
  const chart = new Chart(app, 'electoral-feed', { namespace, disableResourceNameHashes: true });
  addDefaultDeny(chart, namespace);
  const feed = env.electoralFeed;
  new ElectoralFeed(chart, 'electoral-feed', {
    schedule: Schedule.cron(feed.schedule),
    timeZone: env.timeZone,
    suspend: env.suspendJobs,
    nodePool: env.batchNodePool,
    sourceUrl: feed.sourceUrl,
    sourceEgress: feed.sourceEgress,
    dnsPeer: dnsPeerOf(env),
    token: feed.token,
    keyring: feed.keyring,
    webhook: env.alerting.webhook,
    webhookEgress: env.alerting.webhookEgress,
    prometheusRule: env.alerting.prometheusOperator,
    collectorImage: pinnedImage(env.registry, feed.collectorImage.repository, feed.collectorImage.digest),
    jobResources: feed.jobResources,
    backupKeep: feed.backupKeep,
    publishStorageClass: env.storageClasses.readWriteMany,
    publishVolumeSize: feed.publishVolumeSize,
    backupStorageClass: env.storageClasses.readWriteOnce,
    backupVolumeSize: feed.backupVolumeSize,
    micrositeImage: pinnedImage(env.registry, feed.micrositeImage.repository, feed.micrositeImage.digest),
    micrositeReplicas: feed.micrositeReplicas,
    micrositeResources: feed.micrositeResources,
    host: feed.host,
    edge: edgeFor(env),
    ingressControllerNamespace: env.edge.controllerNamespace,
    partOf: 'electoral-feed',
    owner: env.owner,
    runbookUrl: `${env.runbookBaseUrl}/electoral-feed`,
  });
}

/**
 * The task manager (Flask + MySQL) in its namespace, and the people's ClusterRoles it binds there
 * in a chart without namespace (cluster-scoped objects must not get one).
 */
function addTaskManager(app: App, env: EnvironmentConfig): void {
  const clusterRbac = new Chart(app, 'cluster-rbac', { disableResourceNameHashes: true });
  const accessRoles = new CloudEduAccessRoles(clusterRbac, 'cloudedu-access', { owner: env.owner, runbookUrl: `${env.runbookBaseUrl}/cloudedu-access` });
  const chart = new Chart(app, 'task-manager', { namespace: env.namespaces.taskManager, disableResourceNameHashes: true });
  addDefaultDeny(chart, env.namespaces.taskManager);
  const config = env.taskManager;
  const image = (ref: { repository: string; digest: string }) => pinnedImage(env.registry, ref.repository, ref.digest);
  new TaskManagerStack(chart, 'task-manager', {
    owner: env.owner,
    runbookUrl: `${env.runbookBaseUrl}/task-manager`,
    webImage: image(config.webImage),
    webReplicas: config.webReplicas,
    autoscaling: config.autoscaling,
    webResources: config.webResources,
    host: config.host,
    edge: edgeFor(env),
    edgeControllerNamespace: env.edge.controllerNamespace,
    dnsPeer: dnsPeerOf(env),
    mysqlImage: image(config.mysqlImage),
    mysqlResources: config.mysqlResources,
    storageClassName: env.storageClasses.readWriteOnce,
    mysqlStorageSize: config.mysqlStorageSize,
    databaseSecretName: config.databaseSecretName,
    mysqlExporter: config.mysqlExporter && { image: image(config.mysqlExporter.image), secretName: config.mysqlExporter.secretName },
    backupImage: image(config.backupImage),
    backupSchedule: Schedule.cron(config.backupSchedule),
    timeZone: env.timeZone,
    backupStorageSize: config.backupStorageSize,
    backupKeep: config.backupKeep,
    suspendBackups: env.suspendJobs,
    backupNodePool: env.batchNodePool,
    accessRoles,
    adminGroups: config.adminGroups,
    developerGroups: config.developerGroups,
    readsKubernetesApi: config.readsKubernetesApi,
  });
}

/** Where the environment's pods send DNS queries (`cluster.dns`; the kube-dns pods when unset). */
export function dnsPeerOf(env: EnvironmentConfig): DnsPeer {
  const dns = env.cluster.dns;
  return dns?.kind === 'node-local-cache' ? DnsPeer.nodeLocalCache(dns.address) : DnsPeer.kubeDns();
}

/** The environment's edge (Gateway API, Traefik or ingress-nginx) for HardenedIngress. */
export function edgeFor(env: EnvironmentConfig): Edge {
  const edge = env.edge;
  if (edge.kind === 'gateway-api') {
    const gateway = edge.gateway!; // validateEnvironment guarantees it for this kind
    return Edge.gatewayApi({
      gatewayName: gateway.name,
      gatewayNamespace: gateway.namespace,
      httpsListener: gateway.httpsListener,
      httpListener: gateway.httpListener,
    });
  }
  const options = { ingressClassName: edge.ingressClassName!, clusterIssuer: edge.clusterIssuer };
  return edge.kind === 'traefik' ? Edge.traefik(options) : Edge.nginx(options);
}

/** What the bootstrap needs of an environment (lib/bootstrap knows nothing of environments/). */
export function bootstrapEnvironment(env: EnvironmentConfig): BootstrapEnvironment {
  return { name: env.name, cluster: env.cluster, namespaces: env.namespaces, bootstrap: env.bootstrap };
}

/**
 * Synthesizes every environment (validated, gated, rendered) and its bootstrap, then writes the
 * whole `dist/` tree at once (cdk8s synth deletes it first). Throws before writing anything when
 * a config, a construct or the policy gate rejects something.
 */
export function synthesizeAll(outdir: string): void {
  const files = new Map<string, string>();
  const bootstrapInputs: BootstrapInput[] = [];
  for (const env of ENVIRONMENTS) {
    const output = synthesizeEnvironment(buildEnvironmentApp(env), env.name, env.cluster.kubernetesVersion);
    for (const [path, content] of output.files) files.set(path, content);
    bootstrapInputs.push({ env: bootstrapEnvironment(env), distManifests: output.manifests });
  }
  for (const [path, content] of synthesizeBootstraps(bootstrapInputs)) files.set(`bootstrap/${path}`, content);
  writeOutputTree(outdir, files);
}
