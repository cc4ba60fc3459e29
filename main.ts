import { App, Chart } from 'cdk8s';
import {
  CloudEduAccessRoles, DnsPeer, Edge, ElectoralFeed, MonitoringOptions, pinnedImage, PlatformJobsDashboard, Schedule, SecureCronJob, TaskManagerStack,
} from './constructs';
import { ENVIRONMENTS, EnvironmentConfig, inEnvironment } from './environments';
import type { OffsiteBackupConfig } from './environments/types';
import { BootstrapEnvironment, BootstrapInput, synthesizeBootstraps } from './lib/bootstrap';
import { addDefaultDeny } from './lib/network';
import type { OffsiteTarget } from './lib/offsite';
import {
  addReloaderAnnotations, deliverSecrets, loadSecretsDelivery, mergeSecretDeclarations, SecretDeclaration, secretsDeclaredUnder,
} from './lib/secrets';
import { synthesizeEnvironment } from './lib/synth/synthesize';
import { writeOutputTree } from './lib/synth/output-tree';

/**
 * Composes each environment from its config: one chart per concern (and per namespace), built out
 * of the constructs. Resource logic lives in constructs/ and lib/, never here.
 */
export function buildEnvironmentApp(env: EnvironmentConfig): App {
  const app = composeWorkloads(env);
  addSecretDelivery(app, env);
  return app;
}

function composeWorkloads(env: EnvironmentConfig): App {
  const app = new App();
  const platform = new Chart(app, 'platform-jobs', { namespace: env.namespaces.platform, disableResourceNameHashes: true });
  addPlatformJobs(platform, env);
  addElectoralFeed(app, env);
  addTaskManager(app, env);
  if (monitoringFor(env) !== undefined) {
    // Every job of the environment, wherever it was added (a new job needs no edit here).
    const jobs = app.node.findAll().filter((c): c is SecureCronJob => c instanceof SecureCronJob);
    new PlatformJobsDashboard(platform, 'jobs-dashboard', {
      jobs,
      partOf: 'platform',
      owner: env.owner,
      runbookUrl: `${env.runbookBaseUrl}/platform-jobs`,
    });
  }
  return app;
}

/** Where the cluster runs the Prometheus operator: what the constructs need to emit their monitoring. */
function monitoringFor(env: EnvironmentConfig): MonitoringOptions | undefined {
  return env.alerting.prometheus === undefined ? undefined : { prometheus: env.alerting.prometheus };
}

/** The bucket part of an environment's off-cluster copy (the rest is egress and credentials). */
function offsiteTargetOf(config: OffsiteBackupConfig): OffsiteTarget {
  return { endpoint: config.endpoint, bucket: config.bucket, prefix: config.prefix, region: config.region };
}

/** The charts that hold one namespace's objects (the cluster-scoped chart has none). */
function namespaceCharts(app: App): Chart[] {
  return app.node.children.filter((child): child is Chart => Chart.isChart(child) && child.namespace !== undefined);
}

/**
 * In each namespace, the Secrets its constructs declare are delivered the environment's way, and
 * where Reloader runs, the workloads that read Secrets at start name them for it (docs/secrets.md).
 */
function addSecretDelivery(app: App, env: EnvironmentConfig): void {
  const delivery = loadSecretsDelivery(env.name, env.secrets);
  for (const chart of namespaceCharts(app)) {
    deliverSecrets(chart, chart.namespace!, secretsDeclaredUnder(chart), delivery);
    if (env.reloader) addReloaderAnnotations(chart);
  }
}

/** Every Secret the environment's constructs declare, with the namespace it is read in (`npm run seal` uses it). */
export function declaredSecrets(env: EnvironmentConfig): { namespace: string; declaration: SecretDeclaration }[] {
  return namespaceCharts(composeWorkloads(env)).flatMap((chart) =>
    mergeSecretDeclarations(secretsDeclaredUnder(chart)).map((declaration) => ({ namespace: chart.namespace!, declaration })),
  );
}

/** Shared platform batch jobs. */
function addPlatformJobs(chart: Chart, env: EnvironmentConfig): void {
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
    monitoring: monitoringFor(env),
  });
}

/** The electoral results feed: signed results every few minutes, and the microsite that serves them. */
function addElectoralFeed(app: App, env: EnvironmentConfig): ElectoralFeed {
  const namespace = env.namespaces.electoral;
  const chart = new Chart(app, 'electoral-feed', { namespace, disableResourceNameHashes: true });
  addDefaultDeny(chart, namespace);
  const feed = env.electoralFeed;
  return new ElectoralFeed(chart, 'electoral-feed', {
    schedule: Schedule.cron(feed.schedule),
    timeZone: env.timeZone,
    suspend: env.suspendJobs,
    nodePool: env.batchNodePool,
    sourceUrl: feed.sourceUrl,
    sourceEgress: feed.sourceEgress,
    dnsPeer: dnsPeerOf(env),
    token: feed.token,
    keyring: feed.keyring,
    signerFingerprints: feed.signerFingerprints,
    webhook: env.alerting.webhook,
    webhookEgress: env.alerting.webhookEgress,
    monitoring: monitoringFor(env),
    electionWindows: feed.electionWindows,
    collectorImage: pinnedImage(env.registry, feed.collectorImage.repository, feed.collectorImage.digest),
    jobResources: feed.jobResources,
    backupKeep: feed.backupKeep,
    offsiteBackup: {
      target: offsiteTargetOf(feed.offsiteBackup),
      credentialsSecretName: feed.offsiteBackup.credentialsSecretName,
      egress: feed.offsiteBackup.egress,
    },
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
function addTaskManager(app: App, env: EnvironmentConfig): TaskManagerStack {
  const clusterRbac = new Chart(app, 'cluster-rbac', { disableResourceNameHashes: true });
  const accessRoles = new CloudEduAccessRoles(clusterRbac, 'cloudedu-access', { owner: env.owner, runbookUrl: `${env.runbookBaseUrl}/cloudedu-access` });
  const chart = new Chart(app, 'task-manager', { namespace: env.namespaces.taskManager, disableResourceNameHashes: true });
  addDefaultDeny(chart, env.namespaces.taskManager);
  const config = env.taskManager;
  const image = (ref: { repository: string; digest: string }) => pinnedImage(env.registry, ref.repository, ref.digest);
  const offsite = config.offsiteBackup;
  return new TaskManagerStack(chart, 'task-manager', {
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
    offsiteBackup: {
      target: offsiteTargetOf(offsite),
      credentialsSecretName: offsite.credentialsSecretName,
      egress: offsite.egress,
      uploadImage: image(config.backupUploadImage),
    },
    accessRoles,
    adminGroups: config.adminGroups,
    developerGroups: config.developerGroups,
    readsKubernetesApi: config.readsKubernetesApi,
    monitoring: monitoringFor(env),
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
  return { name: env.name, cluster: env.cluster, namespaces: env.namespaces, bootstrap: env.bootstrap, reloader: env.reloader };
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
    const output = inEnvironment(env, () => synthesizeEnvironment(buildEnvironmentApp(env), env.name, env.cluster.kubernetesVersion));
    for (const [path, content] of output.files) files.set(path, content);
    bootstrapInputs.push({ env: bootstrapEnvironment(env), distManifests: output.manifests });
  }
  for (const [path, content] of synthesizeBootstraps(bootstrapInputs)) files.set(`bootstrap/${path}`, content);
  writeOutputTree(outdir, files);
}
