import { App, Chart } from 'cdk8s';
import { Edge, SecureCronJob } from './constructs';
import { ENVIRONMENTS, EnvironmentConfig } from './environments';
import { Schedule } from './lib/cron';
import { pinnedImage } from './lib/image';
import { synthesizeBootstrap } from './lib/bootstrap';
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
    // curl exit codes that retrying cannot fix: bad URL (3), HTTP error after --fail (22).
    nonRetryableExitCodes: [3, 22],
    suspend: env.suspendJobs,
    nodePool: env.batchNodePool,
    partOf: 'platform',
    owner: env.owner,
    runbookUrl: `${env.runbookBaseUrl}/uploads-cleanup`,
  });
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

/** Synthesizes every environment and writes the whole `dist/` tree (cdk8s synth deletes it first). */
export function synthesizeAll(outdir: string): void {
  const files = new Map<string, string>();
  for (const env of ENVIRONMENTS) {
    const output = synthesizeEnvironment(buildEnvironmentApp(env), env.name, env.cluster.kubernetesVersion);
    for (const [path, content] of output.files) files.set(path, content);
    for (const [path, content] of synthesizeBootstrap(env, output.manifests)) files.set(`bootstrap/${env.name}/${path}`, content);
  }
  writeOutputTree(outdir, files);
}
