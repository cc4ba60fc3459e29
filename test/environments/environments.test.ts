import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENTS, inEnvironment, refuseCollisions, validateEnvironment } from '../../environments';
import { dev } from '../../environments/dev';
import { prod } from '../../environments/prod';
import { staging } from '../../environments/staging';
import type { EnvironmentConfig } from '../../environments/types';
import { buildEnvironmentApp } from '../../main';

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
  test('each is valid and lives in environments/<name>.ts, as the README recipe adds one', () => {
    expect(ENVIRONMENTS.length).toBeGreaterThan(0);
    for (const env of ENVIRONMENTS) {
      expect(() => validateEnvironment(env)).not.toThrow();
      const file = existsSync(join(__dirname, '..', '..', 'environments', `${env.name}.ts`));
      expect({ env: env.name, file }).toEqual({ env: env.name, file: true });
    }
  });

  test('each environment is its own cluster', () => {
    expect(new Set(ENVIRONMENTS.map((e) => e.cluster.name)).size).toBe(ENVIRONMENTS.length);
    expect(new Set(ENVIRONMENTS.map((e) => e.cluster.server)).size).toBe(ENVIRONMENTS.length);
  });

  test('they differ the way real ones do: dev small, prod strict and larger', () => {
    const [devEnv, stagingEnv, prodEnv] = [dev, staging, prod];
    expect(devEnv.taskManager.webReplicas).toBe(1);
    expect(stagingEnv.taskManager.autoscaling).toEqual({ minReplicas: 2, maxReplicas: 3, targetCpuUtilizationPercent: 70 });
    expect(stagingEnv.taskManager.webReplicas).toBeUndefined();
    expect(prodEnv.taskManager.webReplicas).toBeUndefined();
    expect(prodEnv.taskManager.autoscaling).toEqual({ minReplicas: 2, maxReplicas: 10, targetCpuUtilizationPercent: 70 });
    expect(devEnv.taskManager.autoscaling).toBeUndefined();
    expect(devEnv.bootstrap.argocd.automatedSync).toBe(true);
    expect(prodEnv.bootstrap.argocd.automatedSync).toBe(false);
    expect(prodEnv.electoralFeed.micrositeReplicas).toBeGreaterThan(devEnv.electoralFeed.micrositeReplicas);
    expect(ENVIRONMENTS.some((e) => e.edge.kind === 'gateway-api')).toBe(true);
  });

  test('every image is pinned by a digest, in every environment', () => {
    for (const env of ENVIRONMENTS) {
      const { cleanup, electoralFeed, taskManager } = env;
      const images = [cleanup.image, electoralFeed.collectorImage, electoralFeed.micrositeImage, taskManager.webImage, taskManager.mysqlImage,
        taskManager.backupUploadImage];
      for (const image of images) {
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
    ['electoralFeed.sourceUrl', 'https://results.dev.example.org/v1/results.json',
      /electoralFeed.sourceUrl = "https:\/\/results.dev.example.org\/v1\/results.json": a host other than the microsite's host/],
    ['electoralFeed.signerFingerprints', [], /electoralFeed.signerFingerprints = \[\]: at least one primary-key fingerprint of 40 hex digits/],
    ['electoralFeed.signerFingerprints', ['ABCD'], /electoralFeed.signerFingerprints = \["ABCD"\]: at least one primary-key fingerprint/],
    ['electoralFeed.publishVolumeSize', 'big', /electoralFeed.publishVolumeSize = "big": a storage quantity of at least 1Mi with a unit, e.g. "10Gi"/],
    ['taskManager.webResources.memoryLimit', '1Mi', /taskManager.webResources.memoryLimit = "1Mi": at least the request \(128Mi\)/],
    ['namespaces.electoral', 'task-manager', /namespaces: each workload gets its own namespace/],
    ['edge.kind', 'istio', /edge.kind = "istio": gateway-api, traefik or nginx/],
    ['bootstrap.backend.path', '/var/tf/state', /bootstrap.backend.path = "\/var\/tf\/state": a relative path/],
    ['storageClasses.readWriteMany', 'NFS_RWX', /storageClasses.readWriteMany = "NFS_RWX": must be an RFC 1123 subdomain/],
    ['taskManager.offsiteBackup.endpoint', 'http://objects.backup.example.org',
      /taskManager.offsiteBackup.endpoint = "http:\/\/objects.backup.example.org": https only/],
    ['taskManager.offsiteBackup.endpoint', 'https://objects.backup.example.org/?versioning', /offsiteBackup.endpoint = .*: no query string/],
    ['taskManager.offsiteBackup.endpoint', 'https://AKIAEXAMPLE:pw@objects.backup.example.org',
      /offsiteBackup.endpoint = "https:\/\/\(credentials hidden\)@objects.backup.example.org": no credentials in the URL/],
    ['taskManager.offsiteBackup.bucket', 'Backups', /taskManager.offsiteBackup.bucket = "Backups": a bucket name/],
    ['taskManager.offsiteBackup.prefix', '/task-manager', /taskManager.offsiteBackup.prefix = "\/task-manager": empty, or "\/"-terminated segments/],
    ['taskManager.offsiteBackup.egress', [], /taskManager.offsiteBackup.egress: list at least one CIDR:port destination/],
    ['taskManager.offsiteBackup.credentialsSecretName', 'Offsite_Keys', /taskManager.offsiteBackup.credentialsSecretName = "Offsite_Keys"/],
    ['taskManager.backupUploadImage.digest', 'sha256:abc', /taskManager.backupUploadImage = .*is not sha256:<64 lowercase hex>/],
    ['alerting.prometheus', { namespace: 'monitoring', podLabels: {} }, /alerting.prometheus = .*: podLabels must name at least one label/],
    ['electoralFeed.electionWindows', [{ start: '2027-05-23T09:00:00', end: '2027-05-24T09:00:00+02:00' }],
      /electoralFeed.electionWindows = .*: \[0\].start "2027-05-23T09:00:00": an ISO 8601 date and time with an explicit offset/],
    ['electoralFeed.electionWindows', [{ start: '2027-05-24T09:00:00+02:00', end: '2027-05-23T09:00:00+02:00' }],
      /electoralFeed.electionWindows = .*: \[0\]: the end 2027-05-23T09:00:00\+02:00 must be after the start/],
    ['electoralFeed.electionWindows', [
      { start: '2027-05-23T09:00:00+02:00', end: '2027-05-24T09:00:00+02:00' }, { start: '2027-05-24T08:00:00+02:00', end: '2027-05-25T00:00:00Z' },
    ], /electoralFeed.electionWindows = .*: two windows overlap/],
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
    expect(() => validateEnvironment(withField(prod, 'taskManager.autoscaling.minReplicas', 1)))
      .toThrow(/environment "prod".*\n.*taskManager.autoscaling.minReplicas = 1: at least 2 in a production environment/);
    const fixed = withField(withField(prod, 'taskManager.autoscaling', undefined), 'taskManager.webReplicas', 1);
    expect(() => validateEnvironment(fixed)).toThrow(/taskManager.webReplicas = 1: at least 2 in a production environment/);
    expect(() => validateEnvironment(withField(prod, 'bootstrap.argocd.automatedSync', true)))
      .toThrow(/bootstrap.argocd.automatedSync: production is synced by a human/);
  });


  test('webReplicas together with autoscaling is refused (the HPA would silently own the count), and so is neither', () => {
    expect(() => validateEnvironment(withField(prod, 'taskManager.webReplicas', 3)))
      .toThrow(/environment "prod".*\n.*taskManager.webReplicas: set together with taskManager.autoscaling \(2-10\); the HPA owns the replica count/);
    expect(() => validateEnvironment(withField(dev, 'taskManager.webReplicas', undefined)))
      .toThrow(/taskManager.webReplicas: a fixed replica count, or taskManager.autoscaling/);
  });

  test('a cluster without the preStop sleep action (before 1.30) is refused: the web tier drains with it', () => {
    expect(() => validateEnvironment(withField(dev, 'cluster.kubernetesVersion', '1.29')))
      .toThrow(/cluster.kubernetesVersion: 1.29 has no preStop sleep action \(on by default from 1.30\)/);
    expect(() => validateEnvironment(withField(dev, 'cluster.kubernetesVersion', '1.30'))).not.toThrow();
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

describe('promotion', () => {
  const production = ENVIRONMENTS.filter((e) => e.tier === 'production');
  const others = ENVIRONMENTS.filter((e) => e.tier !== 'production');

  test('there is a production environment and others before it', () => {
    expect(production.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
  });

  test.each(others.map((e) => [e.name, e] as const))('%s follows main and syncs on its own', (_name, env) => {
    expect(env.bootstrap.argocd.targetRevision).toBe('main');
    expect(env.bootstrap.argocd.automatedSync).toBe(true);
  });

  test.each(production.map((e) => [e.name, e] as const))('%s follows a release, only inside allow windows, synced by named groups', (_name, env) => {
    const argocd = env.bootstrap.argocd;
    expect(argocd.targetRevision).not.toMatch(/^(refs\/(heads|tags)\/)?(main|HEAD)$/i);
    expect(argocd.automatedSync).toBe(false);
    expect(argocd.syncWindows!.filter((w) => w.kind === 'allow').length).toBeGreaterThan(0);
    expect(argocd.syncWindows!.every((w) => !w.manualSync)).toBe(true);
    expect(argocd.syncRole!.groups.length).toBeGreaterThan(0);
  });

  const productionEnv = production[0];
  const allowWindow = (extra: object) => [{ kind: 'allow', schedule: '0 9 * * 1-4', duration: '7h', timeZone: 'UTC', ...extra }];
  test.each([
    ['main', /bootstrap.argocd.targetRevision = "main": production follows a release branch or tag/],
    ['HEAD', /bootstrap.argocd.targetRevision = "HEAD": production follows a release branch or tag/],
    ['refs/heads/main', /targetRevision = "refs\/heads\/main": production follows a release branch or tag/],
    ['', /bootstrap.argocd.targetRevision = "": a git branch or tag name/],
    ['release prod', /targetRevision = "release prod": a git branch or tag name/],
    ['release/..', /targetRevision = "release\/..": a git branch or tag name/],
    ['v1.4.0.lock', /a git branch or tag name/],
  ])('production refuses targetRevision %j', (revision, message) => {
    expect(() => validateEnvironment(withField(productionEnv, 'bootstrap.argocd.targetRevision', revision))).toThrow(message);
  });

  test.each(['release/prod', 'v1.4.0', 'refs/tags/v2026.12.1'])('production accepts targetRevision %j', (revision) => {
    expect(() => validateEnvironment(withField(productionEnv, 'bootstrap.argocd.targetRevision', revision))).not.toThrow();
  });

  test.each([
    ['bootstrap.argocd.syncWindows', undefined, /bootstrap.argocd.syncWindows: production declares at least one allow window/],
    ['bootstrap.argocd.syncWindows', [{ kind: 'deny', schedule: '0 0 * * 5', duration: '72h', timeZone: 'UTC' }], /at least one allow window/],
    ['bootstrap.argocd.syncRole', undefined, /bootstrap.argocd.syncRole: production names the groups that may sync it/],
    ['bootstrap.argocd.syncRole', { groups: [] }, /bootstrap.argocd.syncRole.groups: name at least one group/],
    ['bootstrap.argocd.syncRole', { groups: ['a', 'a'] }, /bootstrap.argocd.syncRole.groups: each group once/],
    ['bootstrap.argocd.syncWindows', allowWindow({ manualSync: true }), /syncWindows\[0\].manualSync: only humans sync this environment/],
    ['bootstrap.argocd.syncWindows', allowWindow({ schedule: '0 25 * * *' }), /syncWindows\[0\].schedule = "0 25 \* \* \*"/],
    ['bootstrap.argocd.syncWindows', allowWindow({ duration: '7 hours' }), /syncWindows\[0\].duration = "7 hours": "7 hours" has the unknown unit/],
    ['bootstrap.argocd.syncWindows', allowWindow({ duration: '0' }), /syncWindows\[0\].duration = "0": a positive duration/],
    ['bootstrap.argocd.syncWindows', allowWindow({ timeZone: 'Mars/Olympus' }), /syncWindows\[0\].timeZone = "Mars\/Olympus"/],
    ['bootstrap.argocd.syncWindows', allowWindow({ kind: 'maybe' }), /syncWindows\[0\].kind = "maybe": allow or deny/],
    ['tier', 'prod', /tier = "prod": development, staging or production/],
  ])('production: %s = %j is refused', (field, value, message) => {
    expect(() => validateEnvironment(withField(productionEnv, field, value))).toThrow(message);
  });
});

describe('Terraform state', () => {
  const productionLike = ENVIRONMENTS.filter((e) => e.tier !== 'development');

  test('there are production-like environments', () => {
    expect(productionLike.length).toBeGreaterThan(0);
  });

  test.each(productionLike.map((e) => [e.name, e] as const))('%s keeps its state in a remote store outside its cluster', (_name, env) => {
    expect(['s3', 'gcs', 'azurerm']).toContain(env.bootstrap.backend.kind);
  });

  test.each(productionLike.flatMap((e) => [
    [e.name, 'local', { kind: 'local', path: '../state.tfstate' },
      /bootstrap.backend.kind: "local" keeps the state on one machine; a (staging|production) environment uses a remote backend: s3, gcs, azurerm/],
    [e.name, 'kubernetes', { kind: 'kubernetes', secretSuffix: 'x', namespace: 'terraform-state' },
      /bootstrap.backend.kind: "kubernetes" keeps the state inside the cluster it bootstraps/],
  ] as const))('%s refuses a %s backend', (name, _kind, backend, message) => {
    const env = ENVIRONMENTS.find((e) => e.name === name)!;
    expect(() => validateEnvironment(withField(env, 'bootstrap.backend', backend))).toThrow(message);
  });

  test('development may keep a local state', () => {
    const development = ENVIRONMENTS.find((e) => e.tier === 'development')!;
    for (const backend of [{ kind: 'local', path: '../state.tfstate' }, { kind: 'kubernetes', secretSuffix: 'x', namespace: 'tf' }]) {
      expect(() => validateEnvironment(withField(development, 'bootstrap.backend', backend))).not.toThrow();
    }
  });

  const s3 = { kind: 's3', bucket: 'tfstate-prod', key: 'bootstrap/prod.tfstate', region: 'eu-west-1', lock: { lockfile: true } };
  test.each([
    [{ ...s3, bucket: 'Tf_State' }, /bootstrap.backend.bucket = "Tf_State": a bucket name/],
    [{ ...s3, key: '/prod.tfstate' }, /bootstrap.backend.key = "\/prod.tfstate": a path inside the bucket/],
    [{ ...s3, region: 'Ireland' }, /bootstrap.backend.region = "Ireland": an AWS region/],
    [{ ...s3, lock: {} }, /bootstrap.backend.lock: either \{ lockfile: true \} or \{ dynamodbTable/],
    [{ ...s3, lock: { dynamodbTable: 'x' } }, /bootstrap.backend.lock.dynamodbTable = "x": a DynamoDB table name/],
    [{ kind: 'gcs', bucket: 'tfstate', prefix: '' }, /bootstrap.backend.prefix = "": a path inside the bucket/],
    [{ kind: 'azurerm', resourceGroupName: 'rg', storageAccountName: 'Has-Dash', containerName: 'tfstate', key: 'k' },
      /storageAccountName = "Has-Dash": 3-24 lowercase/],
    [{ kind: 'consul', path: 'x' }, /bootstrap.backend.kind: "consul" is not one of local, kubernetes, s3, gcs, azurerm/],
  ])('%j is refused', (backend, message) => {
    expect(() => validateEnvironment(withField(productionLike[0], 'bootstrap.backend', backend))).toThrow(message);
  });
});

describe('environments checked against each other', () => {
  /** A copy of staging as the README's recipe starts it: only the name changed. */
  const renamed = (name: string): EnvironmentConfig => ({ ...structuredClone(staging), name });

  test('a copy of staging with only its name changed is refused, naming both and every shared field', () => {
    expect(() => refuseCollisions([dev, staging, renamed('qa'), prod])).toThrow(
      [
        'environments collide (each must be its own cluster, Terraform state and Argo CD Application):',
        '  environments "staging" and "qa" share cluster.name "staging-eu1"',
        '  environments "staging" and "qa" share cluster.server "https://staging-eu1.k8s.example.org:6443"',
        '  environments "staging" and "qa" share cluster.kubeContext "staging-eu1"',
        '  environments "staging" and "qa" share the Terraform state s3://example-platform-tfstate-staging/bootstrap/staging.tfstate (bootstrap.backend)',
      ].join('\n'),
    );
  });

  test.each([
    ['cluster.name', 'dev-local', 'cluster.name "dev-local"'],
    ['cluster.server', 'HTTPS://DEV.k8s.example.org:443/', 'cluster.server "https://dev.k8s.example.org"'],
    ['cluster.kubeContext', 'kind-dev', 'cluster.kubeContext "kind-dev"'],
    [
      'bootstrap.backend',
      { kind: 'local', path: '../../../.terraform-state/../.terraform-state/dev.tfstate' },
      'the Terraform state .terraform-state/dev.tfstate (bootstrap.backend)',
    ],
  ])('one shared %s is refused, naming both environments', (field, value, shared) => {
    const keys = field.split('.');
    const copy = structuredClone(prod) as any;
    copy.cluster = { ...copy.cluster, name: 'other', server: 'https://other.example.org', kubeContext: 'other' };
    copy.bootstrap = { ...copy.bootstrap, backend: { kind: 'local', path: '../../../.terraform-state/other.tfstate' } };
    const source = structuredClone(dev) as any;
    source.cluster = { ...source.cluster, server: 'https://dev.k8s.example.org' };
    let target = copy;
    let from = source;
    for (const key of keys.slice(0, -1)) {
      target = target[key];
      from = from[key];
    }
    target[keys[keys.length - 1]] = value;
    from[keys[keys.length - 1]] = keys[0] === 'bootstrap' ? { kind: 'local', path: '../../../.terraform-state/dev.tfstate' } : value;
    expect(() => refuseCollisions([source, copy])).toThrow(`\n  environments "dev" and "prod" share ${shared}`);
    expect(() => refuseCollisions([source, copy])).toThrow(/^environments collide [^\n]*\n[^\n]*$/);
  });

  test('two environments of one name share their Argo CD Application', () => {
    expect(() => refuseCollisions([dev, { ...structuredClone(prod), name: 'dev' }])).toThrow(
      '  environments "dev" and "dev" share the Argo CD Application argocd/platform-dev (from name)',
    );
  });

  test('the Terraform state in the cluster (kubernetes backend) is told apart by its kube context', () => {
    const inCluster = (env: EnvironmentConfig): EnvironmentConfig => ({
      ...env, bootstrap: { ...env.bootstrap, backend: { kind: 'kubernetes', secretSuffix: 'platform', namespace: 'terraform' } },
    });
    expect(() => refuseCollisions([inCluster(dev), inCluster(prod)])).not.toThrow();
  });

  test('the environments of this repository do not collide', () => {
    expect(refuseCollisions(ENVIRONMENTS)).toBe(ENVIRONMENTS);
  });
});

describe('errors found after validation carry the environment and the field path', () => {
  test('a host the Ingress refuses names electoralFeed.host', () => {
    const env = { ...structuredClone(staging), electoralFeed: { ...structuredClone(staging.electoralFeed), host: 'localhost' } };
    expect(() => validateEnvironment(env)).not.toThrow();
    expect(() => inEnvironment(env, () => buildEnvironmentApp(env))).toThrow(
      'environment "staging": electoralFeed.host = "localhost": electoral-feed/electoral-feed/Ingress: invalid hosts[0] "localhost": ' +
        'must be a fully qualified name with at least two labels ("app.example.org")',
    );
  });

  test('an error whose value is in no field still names the environment', () => {
    expect(() => inEnvironment(dev, () => {
      throw new Error('x/y: invalid size "99Pi": too large');
    })).toThrow(/^environment "dev": x\/y: invalid size "99Pi": too large$/);
  });
});
