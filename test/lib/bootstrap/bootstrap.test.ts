import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
// Brings cdktf's typings of its jest matchers (toHaveResourceWithProperties, ...) into the program.
import type {} from 'cdktf/lib/testing/adapters/jest';
import { LimitRangeV1 } from '@cdktf/provider-kubernetes/lib/limit-range-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ResourceQuotaV1 } from '@cdktf/provider-kubernetes/lib/resource-quota-v1';
import { ENVIRONMENTS } from '../../../environments';
import type { EnvironmentConfig } from '../../../environments/types';
import {
  BootstrapStack,
  bootstrapObjectsOf,
  inventoryOf,
  namespaceAgreement,
  ownershipOverlaps,
  RESOURCES_FINALIZER,
  synthesizeBootstrap,
  synthesizeBootstraps,
} from '../../../lib/bootstrap';
import { schemaOutcome } from '../../../lib/policy/schema';
import { quantityValue } from '../../../lib/quantity';
import { distFixture, Manifest as Json } from './fixtures';

Testing.setupJest();

const REPO_ROOT = join(__dirname, '..', '..', '..');

const PSS_LABELS = (version: string) => ({
  'app.kubernetes.io/managed-by': 'terraform',
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': version,
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/audit-version': version,
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/warn-version': version,
});

/** The kinds each environment's fixture contains, written out by hand (not computed by the code under test). */
const NAMESPACED_KINDS: Record<string, [string, string][]> = {
  dev: [
    ['', 'PersistentVolumeClaim'], ['', 'Service'], ['apps', 'Deployment'], ['apps', 'StatefulSet'], ['batch', 'CronJob'],
    ['networking.k8s.io', 'Ingress'], ['networking.k8s.io', 'NetworkPolicy'], ['policy', 'PodDisruptionBudget'],
    ['rbac.authorization.k8s.io', 'RoleBinding'], ['traefik.io', 'Middleware'],
  ],
  staging: [
    ['', 'PersistentVolumeClaim'], ['', 'Service'], ['apps', 'Deployment'], ['apps', 'StatefulSet'], ['autoscaling', 'HorizontalPodAutoscaler'], ['batch', 'CronJob'],
    ['gateway.networking.k8s.io', 'HTTPRoute'], ['monitoring.coreos.com', 'PrometheusRule'], ['networking.k8s.io', 'NetworkPolicy'],
    ['policy', 'PodDisruptionBudget'], ['rbac.authorization.k8s.io', 'RoleBinding'],
  ],
  prod: [
    ['', 'PersistentVolumeClaim'], ['', 'Service'], ['apps', 'Deployment'], ['apps', 'StatefulSet'], ['autoscaling', 'HorizontalPodAutoscaler'],
    ['batch', 'CronJob'], ['gateway.networking.k8s.io', 'HTTPRoute'], ['monitoring.coreos.com', 'PrometheusRule'],
    ['networking.k8s.io', 'NetworkPolicy'], ['policy', 'PodDisruptionBudget'], ['rbac.authorization.k8s.io', 'RoleBinding'],
  ],
};

/** The largest container of each fixture (the MySQL StatefulSet everywhere), by hand. */
const LIMIT_MAX: Record<string, { cpu: string; memory: string }> = {
  dev: { cpu: '500m', memory: '1Gi' },
  staging: { cpu: '1', memory: '2Gi' },
  prod: { cpu: '2', memory: '4Gi' },
};

function resourcesOf(json: Json, type: string): Json[] {
  return Object.values(json.resource?.[type] ?? {});
}

function manifestOf(json: Json, kind: string): Json {
  const found = resourcesOf(json, 'kubernetes_manifest').map((r) => r.manifest).filter((m) => m.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}

const gk = (pairs: [string, string][]) => pairs.map(([group, kind]) => ({ group, kind }));

/**
 * For an environment not written out above (adding one needs no edit here): the namespaced kinds
 * and the largest container limits of its fixture, read directly. They must agree with the
 * written-out values where those exist.
 */
function namespacedKindsOf(manifests: readonly Json[]): [string, string][] {
  // Cluster-scoped kinds may carry a chart's namespace in cdk8s output; they are not namespaced.
  const clusterScoped = (kind: string) => kind.startsWith('Cluster') || ['Namespace', 'PriorityClass', 'StorageClass'].includes(kind);
  const pairs = manifests.filter((m) => m.metadata?.namespace !== undefined && !clusterScoped(m.kind))
    .map((m): [string, string] => [m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : '', m.kind]);
  const unique = [...new Map(pairs.map((pair) => [pair.join('/'), pair])).values()];
  return unique.sort(([ga, ka], [gb, kb]) => (ga === gb ? (ka < kb ? -1 : 1) : ga < gb ? -1 : 1));
}

function largestLimitsOf(manifests: readonly Json[]): { cpu: string; memory: string } {
  const limits = manifests.flatMap((m) => {
    const pod = m.kind === 'CronJob' ? m.spec.jobTemplate.spec.template.spec : m.spec?.template?.spec;
    return (pod?.containers ?? []).map((c: Json) => c.resources?.limits ?? {});
  });
  const largest = (key: 'cpu' | 'memory') => limits.map((l) => l[key]).filter(Boolean)
    .reduce((a: string, b: string) => (quantityValue(b)! > quantityValue(a)! ? b : a));
  return { cpu: largest('cpu'), memory: largest('memory') };
}

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('bootstrap of %s', (name, env) => {
  const manifests = distFixture(env);
  const files = synthesizeBootstrap(env, manifests);
  const text = files.get('cdk.tf.json')!;
  const json = JSON.parse(text) as Json;
  const namespaces = Object.values(env.namespaces);
  const version = `v${env.cluster.kubernetesVersion}`;
  const namespacedKinds = NAMESPACED_KINDS[name] ?? namespacedKindsOf(manifests);
  const limitMax = LIMIT_MAX[name] ?? largestLimitsOf(manifests);

  test('the values written out above (if any) are what its fixture holds', () => {
    expect(namespacedKindsOf(manifests)).toEqual(namespacedKinds);
    expect(largestLimitsOf(manifests)).toEqual(limitMax);
  });

  test('returns the standard stack file and a .gitignore for Terraform working files', () => {
    expect([...files.keys()].sort()).toEqual(['.gitignore', 'cdk.tf.json']);
    expect(files.get('.gitignore')).toContain('*.tfstate');
    expect(files.get('.gitignore')).toContain('.terraform/');
    expect(json['//'].metadata).toEqual({ backend: env.bootstrap.backend.kind, stackName: name, version: '0.21.0' });
  });

  test('creates every namespace with restricted Pod Security pinned to the cluster version', () => {
    expect(resourcesOf(json, 'kubernetes_namespace_v1')).toHaveLength(namespaces.length);
    for (const namespace of namespaces) {
      expect(text).toHaveResourceWithProperties(NamespaceV1, {
        metadata: { name: namespace, labels: PSS_LABELS(version) },
        lifecycle: { prevent_destroy: true },
      });
    }
  });

  test('gives every namespace a ResourceQuota sized from bootstrap.quota', () => {
    const q = env.bootstrap.quota;
    expect(resourcesOf(json, 'kubernetes_resource_quota_v1')).toHaveLength(namespaces.length);
    for (const namespace of namespaces) {
      expect(text).toHaveResourceWithProperties(ResourceQuotaV1, {
        metadata: { name: 'namespace-quota', namespace, labels: { 'app.kubernetes.io/managed-by': 'terraform' } },
        spec: {
          hard: {
            'requests.cpu': q.requestsCpu, 'requests.memory': q.requestsMemory,
            'limits.cpu': q.limitsCpu, 'limits.memory': q.limitsMemory,
            pods: String(q.pods), persistentvolumeclaims: String(q.persistentVolumeClaims), 'requests.storage': q.requestsStorage,
          },
        },
      });
    }
  });

  test('gives every namespace a LimitRange: container defaults, and a max that fits the largest container', () => {
    const d = env.bootstrap.containerDefaults;
    expect(resourcesOf(json, 'kubernetes_limit_range_v1')).toHaveLength(namespaces.length);
    for (const namespace of namespaces) {
      expect(text).toHaveResourceWithProperties(LimitRangeV1, {
        metadata: { name: 'container-limits', namespace, labels: { 'app.kubernetes.io/managed-by': 'terraform' } },
        spec: {
          limit: [{
            type: 'Container',
            default: { cpu: d.cpuLimit, memory: d.memoryLimit },
            default_request: { cpu: d.cpuRequest, memory: d.memoryRequest },
            max: limitMax,
          }],
        },
      });
    }
  });

  test('configures the provider and the state backend from the environment, with relative paths', () => {
    expect(text).toHaveProviderWithProperties(KubernetesProvider, {
      config_path: env.cluster.kubeconfigPath,
      config_context: env.cluster.kubeContext,
    });
    expect(json.terraform.backend).toEqual(expectedBackend(env));
    if (env.tier !== 'development') expect(Object.keys(json.terraform.backend)).not.toContain('local');
    if (env.tier !== 'development') expect(Object.keys(json.terraform.backend)).not.toContain('kubernetes');
    expect(json.terraform.required_providers).toEqual({ kubernetes: { source: 'kubernetes', version: '2.38.0' } });
  });

  test('restricts the AppProject to the repository, the namespaces and the kinds dist/<env> contains', () => {
    expect(text).toHaveResourceWithProperties(Manifest, {
      manifest: expect.objectContaining({ kind: 'AppProject', metadata: expect.objectContaining({ namespace: env.bootstrap.argocd.namespace }) }),
    });
    const project = manifestOf(json, 'AppProject');
    expect(project.spec.sourceRepos).toEqual([env.bootstrap.argocd.repoUrl]);
    expect(project.spec.destinations).toEqual([...namespaces].sort().map((namespace) => ({ namespace, server: env.cluster.server })));
    expect(project.spec.clusterResourceWhitelist).toEqual([{ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' }]);
    expect(project.spec.namespaceResourceWhitelist).toEqual(gk(namespacedKinds));
    expect(project.spec.orphanedResources).toEqual({ warn: true, ignore: [{ group: '', kind: 'PersistentVolumeClaim', name: 'data-mysql-*' }] });
    expect(text).not.toMatch(/"(group|kind|namespace|server)": "\*"/);
  });

  test(`points the Application at dist/${name}, ${env.bootstrap.argocd.automatedSync ? 'with' : 'without'} automated sync`, () => {
    const app = manifestOf(json, 'Application');
    expect(app.metadata).toMatchObject({ name: `platform-${name}`, namespace: env.bootstrap.argocd.namespace });
    expect(app.spec.project).toBe(manifestOf(json, 'AppProject').metadata.name);
    expect(app.spec.source).toEqual({
      repoURL: env.bootstrap.argocd.repoUrl,
      targetRevision: env.bootstrap.argocd.targetRevision,
      path: `dist/${name}`,
      directory: { recurse: false },
    });
    expect(app.spec.destination).toEqual({ server: env.cluster.server, namespace: env.namespaces.platform });
    expect(app.spec.syncPolicy.syncOptions).toEqual([
      'ServerSideApply=true', 'CreateNamespace=false', 'PruneLast=true', 'ApplyOutOfSyncOnly=true', 'FailOnSharedResource=true',
      ...(env.reloader ? ['RespectIgnoreDifferences=true'] : []),
    ]);
    expect(app.spec.syncPolicy.retry).toEqual({ limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } });
    if (env.bootstrap.argocd.automatedSync) {
      expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      expect(app.metadata.finalizers).toEqual([RESOURCES_FINALIZER]);
    } else {
      expect(app.spec.syncPolicy).not.toHaveProperty('automated');
      expect(app.metadata).not.toHaveProperty('finalizers');
    }
  });

  test(`${env.reloader ? 'ignores' : 'has no reason to ignore'} the pod-template annotation Reloader writes on a restart`, () => {
    const app = manifestOf(json, 'Application');
    const pointer = '/spec/template/metadata/annotations/reloader.stakater.com~1last-reloaded-from';
    expect(app.spec.ignoreDifferences).toEqual(env.reloader
      ? ['DaemonSet', 'Deployment', 'StatefulSet'].map((kind) => ({ group: 'apps', kind, jsonPointers: [pointer] }))
      : undefined);
  });

  const { syncWindows, syncRole } = env.bootstrap.argocd;
  test(`the AppProject ${syncWindows ? 'has' : 'has no'} sync windows and ${syncRole ? 'a' : 'no'} sync role`, () => {
    const project = manifestOf(json, 'AppProject');
    const windows = env.bootstrap.argocd.syncWindows ?? [];
    if (windows.length === 0) expect(project.spec).not.toHaveProperty('syncWindows');
    else {
      expect(project.spec.syncWindows).toEqual(windows.map((w) => expect.objectContaining({
        kind: w.kind, schedule: w.schedule, duration: w.duration, timeZone: w.timeZone,
        manualSync: w.manualSync ?? false, applications: [`platform-${name}`],
      })));
    }
    const role = env.bootstrap.argocd.syncRole;
    if (!role) expect(project.spec).not.toHaveProperty('roles');
    else {
      // Argo CD's RBAC: the role's groups may get and sync this one Application, and nothing else.
      expect(project.spec.roles).toEqual([{
        name: 'deployers',
        description: `May see and sync platform-${name}/platform-${name}`,
        groups: [...role.groups],
        policies: [
          `p, proj:platform-${name}:deployers, applications, get, platform-${name}/platform-${name}, allow`,
          `p, proj:platform-${name}:deployers, applications, sync, platform-${name}/platform-${name}, allow`,
        ],
      }]);
    }
  });

  test('creates the Application after its project, namespaces, quotas and limit ranges', () => {
    const app = json.resource.kubernetes_manifest.argocd_application;
    const expected = ['kubernetes_manifest.argocd_project'];
    for (const type of ['kubernetes_namespace_v1', 'kubernetes_resource_quota_v1', 'kubernetes_limit_range_v1']) {
      for (const address of Object.keys(json.resource[type])) expected.push(`${type}.${address}`);
    }
    expect([...app.depends_on].sort()).toEqual(expected.sort());
  });

  test('Argo CD objects are valid against the Argo CD CRD schemas', () => {
    for (const kind of ['AppProject', 'Application']) {
      const outcome = schemaOutcome(manifestOf(json, kind));
      expect(outcome.checked).toBe(true);
      // The schema pack strips metadata before checking a CRD schema whose `required` lists it, so
      // it reports every Argo CD object as missing metadata (reported to the policy owner).
      const violations = outcome.checked ? outcome.violations.filter((v) => !(v.path === 'metadata' && v.message === 'required field is missing')) : [];
      expect(violations).toEqual([]);
    }
  });

  test('holds the ownership line: no object is created by both the bootstrap and dist/<env>', () => {
    const objects = bootstrapObjectsOf(text);
    expect(objects.map((o) => `${o.kind} ${o.namespace ?? ''}/${o.name}`).sort()).toEqual([
      `AppProject ${env.bootstrap.argocd.namespace}/platform-${name}`,
      `Application ${env.bootstrap.argocd.namespace}/platform-${name}`,
      ...namespaces.map((n) => `LimitRange ${n}/container-limits`),
      ...namespaces.map((n) => `Namespace /${n}`),
      ...namespaces.map((n) => `ResourceQuota ${n}/namespace-quota`),
    ].sort());
    expect(ownershipOverlaps(objects, manifests)).toEqual([]);
  });

  test('agrees with the cdk8s output on namespace names, both ways', () => {
    expect(namespaceAgreement(bootstrapObjectsOf(text), manifests)).toEqual({ notCreated: [], unused: [] });
  });

  test("equals cdktf's own synthesis of the stack (minus cdktf's comment keys)", () => {
    const outdir = mkdtempSync(join(tmpdir(), 'bootstrap-test-'));
    try {
      const app = Testing.app({ outdir, stubVersion: false });
      const stack = new BootstrapStack(app, name, { env, inventory: inventoryOf(manifests) });
      const viaTesting = Testing.synth(stack);
      expect(viaTesting).toHaveResourceWithProperties(NamespaceV1, { metadata: expect.objectContaining({ name: env.namespaces.platform }) });
      expect(JSON.parse(viaTesting)).toEqual(withoutComments(json));
      app.synth();
      expect(JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'))).toEqual(json);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('is byte-identical between runs and free of machine-specific values', () => {
    expect(synthesizeBootstrap(env, distFixture(env))).toEqual(files);
    for (const local of [REPO_ROOT, process.cwd(), tmpdir(), homedir()]) expect(text).not.toContain(local);
    expect(text).not.toContain(hostname());
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(text).not.toMatch(/"\/(home|root|tmp|Users|var)\//);
  });
});

describe('bootstrap output does not depend on the process', () => {
  test('working directory and CDKTF_*/KUBE* variables leave the output unchanged', () => {
    const env = ENVIRONMENTS[0];
    const before = synthesizeBootstrap(env, distFixture(env));
    const saved = { ...process.env };
    const cwd = process.cwd();
    const elsewhere = mkdtempSync(join(tmpdir(), 'bootstrap-cwd-'));
    try {
      process.chdir(elsewhere);
      Object.assign(process.env, {
        SYNTH_HCL_OUTPUT: 'true',
        CDKTF_OUTDIR: elsewhere,
        CDKTF_CONTEXT_JSON: JSON.stringify({ excludeStackIdFromLogicalIds: 'false', allowSepCharsInLogicalIds: 'true' }),
        KUBECONFIG: '/etc/kubernetes/admin.conf',
        KUBE_CONFIG_PATH: '/etc/kubernetes/admin.conf',
        TZ: 'Pacific/Kiritimati',
      });
      expect(synthesizeBootstrap(env, distFixture(env))).toEqual(before);
    } finally {
      process.chdir(cwd);
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  test('synthesizeBootstraps builds one stack per environment in one app', () => {
    const files = synthesizeBootstraps(ENVIRONMENTS.map((env) => ({ env, distManifests: distFixture(env) })));
    expect([...files.keys()].sort()).toEqual(ENVIRONMENTS.flatMap((e) => [`${e.name}/.gitignore`, `${e.name}/cdk.tf.json`]).sort());
    for (const env of ENVIRONMENTS) {
      expect(files.get(`${env.name}/cdk.tf.json`)).toBe(synthesizeBootstrap(env, distFixture(env)).get('cdk.tf.json'));
    }
  });
});

describe('whitelists follow the manifests', () => {
  const env = ENVIRONMENTS[0];
  const project = (manifests: Json[]) => manifestOf(JSON.parse(synthesizeBootstrap(env, manifests).get('cdk.tf.json')!), 'AppProject');

  test('no cluster-scoped kind leaves clusterResourceWhitelist out (Argo CD then denies them all)', () => {
    const manifests = distFixture(env).filter((m) => m.kind !== 'ClusterRole');
    expect(project(manifests).spec).not.toHaveProperty('clusterResourceWhitelist');
  });

  test('every cluster-scoped kind present is listed once, sorted', () => {
    const manifests = [
      ...distFixture(env),
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'x' } },
      { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'batch' }, value: 1000 },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'y' } },
    ];
    expect(project(manifests).spec.clusterResourceWhitelist).toEqual([
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
      { group: 'scheduling.k8s.io', kind: 'PriorityClass' },
    ]);
  });

  test('the LimitRange max is the default limit when every container is smaller', () => {
    const json = JSON.parse(synthesizeBootstrap(env, distFixture(env).filter((m) => !['StatefulSet', 'CronJob'].includes(m.kind))).get('cdk.tf.json')!);
    const limits = resourcesOf(json, 'kubernetes_limit_range_v1')[0].spec.limit[0];
    expect(limits.max).toEqual({ cpu: env.bootstrap.containerDefaults.cpuLimit, memory: env.bootstrap.containerDefaults.memoryLimit });
  });
});

/** The `terraform.backend` block each kind must produce, written out by hand. */
function expectedBackend(env: EnvironmentConfig): Json {
  const backend = env.bootstrap.backend;
  switch (backend.kind) {
    case 'local':
      return { local: { path: backend.path } };
    case 'kubernetes':
      return {
        kubernetes: {
          secret_suffix: backend.secretSuffix, namespace: backend.namespace,
          config_path: env.cluster.kubeconfigPath, config_context: env.cluster.kubeContext,
        },
      };
    case 's3':
      return {
        s3: {
          bucket: backend.bucket, key: backend.key, region: backend.region, encrypt: true,
          ...('lockfile' in backend.lock ? { use_lockfile: true } : { dynamodb_table: backend.lock.dynamodbTable }),
          ...(backend.kmsKeyId ? { kms_key_id: backend.kmsKeyId } : {}),
        },
      };
    case 'gcs':
      return { gcs: { bucket: backend.bucket, prefix: backend.prefix } };
    case 'azurerm':
      return {
        azurerm: {
          resource_group_name: backend.resourceGroupName, storage_account_name: backend.storageAccountName,
          container_name: backend.containerName, key: backend.key,
        },
      };
  }
}

test('quota and LimitRange quantities are written as the API server returns them', () => {
  const env = ENVIRONMENTS[0];
  const variant: EnvironmentConfig = {
    ...env,
    bootstrap: {
      ...env.bootstrap,
      quota: { ...env.bootstrap.quota, requestsCpu: '4000m', limitsMemory: '16384Mi' },
      containerDefaults: { ...env.bootstrap.containerDefaults, cpuLimit: '0.5', memoryLimit: '0.25Gi' },
    },
  };
  const json = JSON.parse(synthesizeBootstrap(variant, distFixture(env)).get('cdk.tf.json')!);
  const quota = resourcesOf(json, 'kubernetes_resource_quota_v1')[0].spec.hard;
  expect([quota['requests.cpu'], quota['limits.memory']]).toEqual(['4', '16Gi']);
  expect(resourcesOf(json, 'kubernetes_limit_range_v1')[0].spec.limit[0].default).toEqual({ cpu: '500m', memory: '256Mi' });
});

describe('every state backend kind', () => {
  const env = ENVIRONMENTS[0];
  test.each<[string, EnvironmentConfig['bootstrap']['backend']]>([
    ['local', { kind: 'local', path: '../state/dev.tfstate' }],
    ['kubernetes', { kind: 'kubernetes', secretSuffix: 'bootstrap-dev', namespace: 'terraform-state' }],
    ['s3 with a lock file', { kind: 's3', bucket: 'tfstate-dev', key: 'bootstrap/dev.tfstate', region: 'eu-west-1', lock: { lockfile: true } }],
    ['s3 with DynamoDB and KMS', {
      kind: 's3', bucket: 'tfstate-dev', key: 'bootstrap/dev.tfstate', region: 'eu-west-1',
      lock: { dynamodbTable: 'tf-locks' }, kmsKeyId: 'alias/tfstate',
    }],
    ['gcs', { kind: 'gcs', bucket: 'tfstate-dev', prefix: 'bootstrap/dev' }],
    ['azurerm', {
      kind: 'azurerm', resourceGroupName: 'platform-state', storageAccountName: 'platformtfstate',
      containerName: 'tfstate', key: 'bootstrap/dev.tfstate',
    }],
  ])('%s', (_label, backend) => {
    const variant: EnvironmentConfig = { ...env, bootstrap: { ...env.bootstrap, backend } };
    const json = JSON.parse(synthesizeBootstrap(variant, distFixture(env)).get('cdk.tf.json')!);
    expect(json.terraform.backend).toEqual(expectedBackend(variant));
  });
});

describe('errors', () => {
  const env = ENVIRONMENTS[0];
  const ns = env.namespaces;
  const synth = (extra: Json[], base: Json[] = distFixture(env)) => () => synthesizeBootstrap(env, [...base, ...extra]);

  test('a Namespace in dist/<env> crosses the ownership line', () => {
    expect(synth([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.electoral } }])).toThrow(
      `bootstrap dev: the cdk8s output crosses the ownership line:\n  Namespace ${ns.electoral} in dist/dev: the bootstrap creates the same object`,
    );
  });

  test('a second LimitRange in a namespace crosses the ownership line', () => {
    expect(synth([{ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'extra', namespace: ns.platform }, spec: { limits: [] } }])).toThrow(
      `LimitRange ${ns.platform}/extra in dist/dev: the bootstrap owns every LimitRange of the environment`,
    );
  });

  test('an Argo CD Application in dist/<env> crosses the ownership line', () => {
    expect(synth([{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'platform-dev', namespace: 'argocd' } }])).toThrow(
      'Application.argoproj.io argocd/platform-dev in dist/dev: the bootstrap creates the same object',
    );
  });

  test('objects in a namespace the bootstrap does not create', () => {
    expect(synth([{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow', namespace: 'traefik' }, spec: {} }])).toThrow(
      'dist/dev writes objects into namespace traefik, which the bootstrap does not create (namespaces: platform-jobs, electoral, task-manager) and the AppProject does not allow',
    );
  });

  test('a namespaced object without a namespace', () => {
    expect(synth([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: {} }])).toThrow(
      'bootstrap: cannot read the dist manifests:\n  ConfigMap settings has no metadata.namespace (if ConfigMap is cluster-scoped, add it to CLUSTER_SCOPED in lib/bootstrap/inventory.ts)',
    );
  });

  test('a manifest without kind', () => {
    expect(synth([{ apiVersion: 'v1', metadata: { name: 'what' } }], [])).toThrow('manifest #0 (what) has no apiVersion or kind');
  });

  test('a container larger than a namespace quota', () => {
    const huge = distFixture({ ...env, taskManager: { ...env.taskManager, mysqlResources: { cpuRequest: '1', cpuLimit: '12', memoryRequest: '1Gi', memoryLimit: '2Gi' } } });
    expect(() => synthesizeBootstrap(env, huge)).toThrow(
      `bootstrap dev: containers do not fit the namespace quota:\n  StatefulSet ${ns.taskManager}/mysql container mysql: limits.cpu 12 exceeds the namespace quota limits.cpu=8 (bootstrap.quota)`,
    );
  });

  test('an absolute local state path', () => {
    const bad: EnvironmentConfig = { ...env, bootstrap: { ...env.bootstrap, backend: { kind: 'local', path: '/var/lib/terraform.tfstate' } } };
    expect(() => synthesizeBootstrap(bad, distFixture(env))).toThrow(
      'bootstrap dev: invalid bootstrap.backend.path "/var/lib/terraform.tfstate": a relative POSIX path (relative to dist/bootstrap/dev/), so every machine renders the same output',
    );
  });

  test('an absolute kubeconfig path', () => {
    const bad: EnvironmentConfig = { ...env, cluster: { ...env.cluster, kubeconfigPath: '~/.kube/config' } };
    expect(() => synthesizeBootstrap(bad, distFixture(env))).toThrow('bootstrap dev: invalid cluster.kubeconfigPath "~/.kube/config"');
  });

  test('bootstrapObjectsOf refuses kubernetes resource types it cannot map', () => {
    expect(() => bootstrapObjectsOf({ resource: { kubernetes_secret_v1: { token: { metadata: { name: 't' } } } } })).toThrow(
      'bootstrapObjectsOf: unknown resource type kubernetes_secret_v1 (kubernetes_secret_v1.token): add it to TYPED_RESOURCES in lib/bootstrap/ownership.ts',
    );
  });

  test('namespaceAgreement reports namespaces the bootstrap creates but nothing uses', () => {
    const onlyPlatform = distFixture(env).filter((m) => m.metadata.namespace === ns.platform);
    const objects = bootstrapObjectsOf(synthesizeBootstrap(env, onlyPlatform).get('cdk.tf.json')!);
    expect(namespaceAgreement(objects, onlyPlatform)).toEqual({ notCreated: [], unused: [ns.electoral, ns.taskManager].sort() });
  });
});

function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== '//').map(([k, v]) => [k, withoutComments(v)]));
}
