import { ENVIRONMENTS, validateEnvironment } from '../../environments';
import { dev } from '../../environments/dev';
import { prod } from '../../environments/prod';
import type { EnvironmentConfig } from '../../environments/types';

/** A copy of `base` with one nested field replaced (path like `cluster.kubernetesVersion`). */
function withField(base: EnvironmentConfig, path: string, value: unknown): EnvironmentConfig {
  const copy = structuredClone(base) as any;
  const keys = path.split('.');
  let target = copy;
  for (const key of keys.slice(0, -1)) target = target[key];
  target[keys[keys.length - 1]] = value;
  return copy;
}

describe('environments', () => {
  test('there are three, in promotion order, each valid', () => {
    expect(ENVIRONMENTS.map((e) => e.name)).toEqual(['dev', 'staging', 'prod']);
  });

  test('each environment is its own cluster', () => {
    expect(new Set(ENVIRONMENTS.map((e) => e.cluster.name)).size).toBe(3);
    expect(new Set(ENVIRONMENTS.map((e) => e.cluster.server)).size).toBe(3);
  });

  test('they differ the way real ones do: dev small, prod strict and larger', () => {
    const [devEnv, stagingEnv, prodEnv] = ENVIRONMENTS;
    expect(devEnv.taskManager.webReplicas).toBe(1);
    expect(stagingEnv.taskManager.webReplicas).toBeGreaterThanOrEqual(2);
    expect(prodEnv.taskManager.autoscaling).toEqual({ minReplicas: 2, maxReplicas: 10, targetCpuUtilizationPercent: 70 });
    expect(devEnv.taskManager.autoscaling).toBeUndefined();
    expect(devEnv.bootstrap.argocd.automatedSync).toBe(true);
    expect(prodEnv.bootstrap.argocd.automatedSync).toBe(false);
    expect(prodEnv.electoralFeed.micrositeReplicas).toBeGreaterThan(devEnv.electoralFeed.micrositeReplicas);
    expect(ENVIRONMENTS.some((e) => e.edge.kind === 'gateway-api')).toBe(true);
  });

  test('every image is pinned by a digest, in every environment', () => {
    for (const env of ENVIRONMENTS) {
      for (const image of [env.cleanup.image, env.electoralFeed.collectorImage, env.electoralFeed.micrositeImage, env.taskManager.webImage, env.taskManager.mysqlImage]) {
        expect(image.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      }
    }
  });
});

describe('validateEnvironment names the environment and the field', () => {
  test.each([
    ['cluster.kubernetesVersion', '1.x', /environment "dev" has an invalid configuration:\n {2}cluster.kubernetesVersion = "1.x": a version as MAJOR.MINOR/],
    ['cluster.kubernetesVersion', '1.19', /cluster.kubernetesVersion = "1.19": a version from 1.28 to 1.35/],
    ['timeZone', 'Europe/Atlantis', /timeZone = "Europe\/Atlantis"/],
    ['cleanup.schedule', '61 * * * *', /cleanup.schedule = "61 \* \* \* \*": .*minute/],
    ['cleanup.image.digest', 'sha256:1234', /cleanup.image = .*is not sha256:<64 lowercase hex>/],
    ['cleanup.egress', [{ cidr: '0.0.0.0/0', port: 443 }], /cleanup.egress\[0\] = .*cidr must be a specific network/],
    ['cleanup.egress', [], /cleanup.egress: list at least one CIDR:port destination/],
    ['electoralFeed.sourceUrl', 'http://results.example.org/x', /electoralFeed.sourceUrl = "http:\/\/results.example.org\/x": an https:\/\/ URL/],
    ['electoralFeed.publishVolumeSize', 'big', /electoralFeed.publishVolumeSize = "big": a storage quantity of at least 1Mi with a unit, e.g. "10Gi"/],
    ['taskManager.webResources.memoryLimit', '1Mi', /taskManager.webResources.memoryLimit = "1Mi": at least the request \(128Mi\)/],
    ['namespaces.electoral', 'task-manager', /namespaces: each workload gets its own namespace/],
    ['edge.kind', 'istio', /edge.kind = "istio": gateway-api, traefik or nginx/],
    ['bootstrap.backend.path', '/var/tf/state', /bootstrap.backend.path = "\/var\/tf\/state": a relative path/],
    ['storageClasses.readWriteMany', 'NFS_RWX', /storageClasses.readWriteMany = "NFS_RWX": must be an RFC 1123 subdomain/],
    ['secrets.scope', 'everywhere', /secrets.scope: strict, namespace-wide, cluster-wide/],
    ['secrets.certificateFile', '/etc/sealed.pem', /secrets.certificateFile: a path inside the repository, relative to its root/],
    ['secrets.delivery', 'vault', /secrets.delivery: "external-secrets" or "sealed-secrets"/],
    ['reloader', 'yes', /reloader: true when Stakater Reloader runs in the cluster, else false/],
  ])('%s = %j', (field, value, message) => {
    expect(() => validateEnvironment(withField(dev, field, value))).toThrow(message);
  });

  test('an external store needs a store name, a key prefix and a refresh interval that refreshes', () => {
    expect(() => validateEnvironment(withField(prod, 'secrets.refreshInterval', '0s'))).toThrow(/secrets.refreshInterval: a Go duration from 1m to 24h/);
    expect(() => validateEnvironment(withField(prod, 'secrets.store.name', 'Vault'))).toThrow(/secrets.store.name: the ClusterSecretStore name must be an RFC 1123 subdomain/);
  });

  test('prod keeps at least two web replicas and manual sync', () => {
    expect(() => validateEnvironment(withField(prod, 'taskManager.webReplicas', 1))).toThrow(/environment "prod".*\n.*taskManager.webReplicas: outside dev the web tier runs at least 2 replicas/);
    expect(() => validateEnvironment(withField(prod, 'bootstrap.argocd.automatedSync', true))).toThrow(/bootstrap.argocd.automatedSync: prod is synced by a human/);
  });

  test('autoscaling max below min is rejected', () => {
    expect(() => validateEnvironment(withField(prod, 'taskManager.autoscaling', { minReplicas: 4, maxReplicas: 3, targetCpuUtilizationPercent: 70 })))
      .toThrow(/taskManager.autoscaling.maxReplicas = 3: at least minReplicas \(4\)/);
  });

  test('all problems are reported at once', () => {
    const broken = withField(withField(dev, 'timeZone', 'Nowhere'), 'registry', 'UPPER');
    expect(() => validateEnvironment(broken)).toThrow(/registry = "UPPER"[\s\S]*timeZone = "Nowhere"/);
  });
});
