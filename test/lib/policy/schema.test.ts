import { Manifest } from '../../../lib/policy/types';
import { deployment, problems } from './policy-helpers';

const invalid = (manifest: Manifest) => problems('schema/valid', [manifest]);
const UNKNOWN = 'unknown field: the schema does not declare it (the API server rejects or drops it)';

function httpRoute(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): Manifest {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'web', namespace: 'shop', ...metadata },
    spec: {
      parentRefs: [{ name: 'edge', namespace: 'gateway', sectionName: 'https' }],
      hostnames: ['shop.example.com'],
      rules: [{ backendRefs: [{ name: 'web', port: 80 }] }],
      ...spec,
    },
  };
}

describe('schema/valid on built-in kinds (kubernetes-models)', () => {
  test('a valid Deployment passes', () => {
    expect(invalid(deployment())).toEqual([]);
  });

  test('an unknown field at the top level fails', () => {
    expect(invalid({ ...deployment(), specs: {} })).toEqual([`specs: ${UNKNOWN}`]);
  });

  test('unknown fields deep inside fail, each at its own path', () => {
    const manifest = deployment();
    manifest.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    manifest.spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem = true;
    manifest.metadata.label = { a: 'b' };
    expect(invalid(manifest).sort()).toEqual(
      [
        `metadata.label: ${UNKNOWN}`,
        `spec.template.spec.containers[0].imagePullPolicyy: ${UNKNOWN}`,
        `spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem: ${UNKNOWN}`,
      ].sort(),
    );
  });

  test('wrong types fail', () => {
    const manifest = deployment({ replicas: '2' as unknown as number });
    manifest.spec.template.spec.containers[0].ports = [{ containerPort: '8080' }];
    expect(invalid(manifest)).toEqual(['spec.replicas: must be integer, got string', 'spec.template.spec.containers[0].ports[0].containerPort: must be integer, got string']);
  });

  test('missing required fields fail, metadata.name included', () => {
    const manifest = deployment();
    delete manifest.spec.selector;
    delete manifest.metadata.name;
    expect(invalid(manifest)).toEqual(['spec.selector: required field is missing', 'metadata.name: required field is missing']);
  });

  test('generateName stands in for name', () => {
    const manifest = deployment();
    manifest.metadata = { generateName: 'web-', namespace: 'shop' };
    expect(invalid(manifest)).toEqual([]);
  });

  test('maps accept any key: labels, annotations, resources, ConfigMap data', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { 'app.kubernetes.io/name': 'x' }, annotations: { 'a/b': 'c' } }, data: { 'any.key': 'v' } };
    expect(invalid(configMap)).toEqual([]);
  });

  test('free-form fields accept anything (RawExtension in a ControllerRevision)', () => {
    const revision = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, revision: 1, data: { anything: { nested: [1, 2] } } };
    expect(invalid(revision)).toEqual([]);
  });

  test('fields below a wrong-typed parent are not judged again', () => {
    expect(invalid({ ...deployment(), spec: 'oops' })).toEqual(['spec: must be object, got string']);
  });

  test('a kind the apiVersion does not have is an error', () => {
    expect(invalid({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } })).toEqual(['kind: apps/v1 has no kind Deploymnet']);
    expect(invalid({ apiVersion: 'apps/v1', kind: 'CronJob', metadata: { name: 'x' } })).toEqual(['kind: apps/v1 has no kind CronJob']);
    // Nested types ship as modules too; they are not kinds.
    expect(invalid({ apiVersion: 'v1', kind: 'PodSpec', metadata: { name: 'x' } })).toEqual(['kind: v1 has no kind PodSpec']);
  });

  test('kind and apiVersion cannot reach outside kubernetes-models', () => {
    expect(problems('schema/not-checked', [{ apiVersion: '../../v1', kind: 'Pod', metadata: { name: 'x' } }])).toHaveLength(1);
    expect(invalid({ apiVersion: 'v1', kind: '../apps/v1/Deployment', metadata: { name: 'x' } })).toEqual(['kind: v1 has no kind ../apps/v1/Deployment']);
  });

  test('legacy apiVersions that kubernetes-models still ships are validated', () => {
    const legacy = {
      apiVersion: 'batch/v1beta1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { schedule: '@daily', startingDeadline: 60, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } } },
    };
    expect(invalid(legacy)).toEqual([`spec.startingDeadline: ${UNKNOWN}`]);
  });
});

describe('schema/valid on custom resources (kept CRD schemas)', () => {
  test('a valid HTTPRoute passes', () => {
    expect(invalid(httpRoute())).toEqual([]);
  });

  test('unknown fields at the top level, nested, and in metadata fail', () => {
    const route = httpRoute({ extra: true });
    route.spec.parentRefs[0].sectionname = 'https';
    route.metadata.labelz = {};
    expect(invalid(route)).toEqual([`spec.parentRefs[0].sectionname: ${UNKNOWN}`, `spec.extra: ${UNKNOWN}`, `metadata.labelz: ${UNKNOWN}`]);
  });

  test('wrong types and enum values fail', () => {
    expect(invalid(httpRoute({ rules: [{ backendRefs: [{ name: 'web', port: '80' }] }] }))).toEqual(['spec.rules[0].backendRefs[0].port: must be integer, got string']);
    expect(invalid(httpRoute({ rules: [{ filters: [{ type: 'Teleport' }] }] }))).toEqual([
      expect.stringMatching(/^spec\.rules\[0\]\.filters\[0\]\.type: must be one of "RequestHeaderModifier", /),
    ]);
  });

  test('missing required fields fail', () => {
    const gateway = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'edge' }, spec: { listeners: [{ name: 'https', port: 443 }] } };
    expect(invalid(gateway)).toEqual(['spec.gatewayClassName: required field is missing', 'spec.listeners[0].protocol: required field is missing']);
  });

  test('defaults apply before oneOf: a Gateway address without type is an IP address', () => {
    const gateway = (value: string) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'edge' },
      spec: { gatewayClassName: 'traefik', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }], addresses: [{ value }] },
    });
    expect(invalid(gateway('10.0.0.1'))).toEqual([]);
    expect(invalid(gateway('not-an-ip'))).toEqual(['spec.addresses[0]: must match exactly one of the allowed shapes (oneOf)']);
  });

  test('preserve-unknown-fields allows free-form values (Argo CD helm valuesObject)', () => {
    const application = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'shop', namespace: 'argocd' },
      spec: {
        project: 'default',
        destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
        source: { repoURL: 'https://example.com/repo.git', targetRevision: 'main', path: 'dist/prod', helm: { valuesObject: { any: { thing: 1 } } } },
      },
    };
    expect(invalid(application)).toEqual([]);
    expect(invalid({ ...application, spec: { ...application.spec, sources: 'one' } })).toEqual(['spec.sources: must be array, got string']);
  });

  test.each([
    ['traefik.io/v1alpha1', 'Middleware', { headers: { stsSeconds: 31536000, customResponseHeaders: { 'X-A': 'b' } } }],
    ['monitoring.coreos.com/v1', 'PrometheusRule', { groups: [{ name: 'g', rules: [{ alert: 'Down', expr: 'up == 0', for: '5m', labels: { severity: 'page' } }] }] }],
    ['argoproj.io/v1alpha1', 'AppProject', { sourceRepos: ['*'], destinations: [{ server: '*', namespace: 'shop' }] }],
    ['monitoring.coreos.com/v1', 'PodMonitor', { selector: { matchLabels: { app: 'feed' } }, podMetricsEndpoints: [{ port: 'metrics' }] }],
    ['monitoring.coreos.com/v1', 'ServiceMonitor', { selector: { matchLabels: { app: 'db' } }, endpoints: [{ port: 'metrics', interval: '30s' }] }],
  ])('%s %s is checked against its CRD', (apiVersion, kind, spec) => {
    const manifest = { apiVersion, kind, metadata: { name: 'x', namespace: 'shop' }, spec };
    expect(invalid(manifest)).toEqual([]);
    expect(invalid({ ...manifest, spec: { ...spec, typo: 1 } })).toEqual([`spec.typo: ${UNKNOWN}`]);
  });

  test('a PodMonitor endpoint with an unknown field or a bad scheme is refused', () => {
    const podMonitor = (endpoint: Record<string, unknown>) => ({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'feed', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'feed' } }, podMetricsEndpoints: [endpoint] },
    });
    expect(invalid(podMonitor({ port: 'metrics', metricsPort: 9 }))).toEqual([`spec.podMetricsEndpoints[0].metricsPort: ${UNKNOWN}`]);
    expect(invalid(podMonitor({ port: 'metrics', scheme: 'ftp' }))).toHaveLength(1);
  });
});

describe('schema/not-checked', () => {
  test('a kind without a known schema is a warning, never silently passed', () => {
    const unknown = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { anything: true } };
    expect(problems('schema/not-checked', [unknown])).toEqual(['apiVersion: not schema-checked: no schema known for example.com/v1 Widget']);
    expect(invalid(unknown)).toEqual([]);
  });

  test('a CRD version we keep no schema for is not checked either', () => {
    expect(problems('schema/not-checked', [{ ...httpRoute(), apiVersion: 'gateway.networking.k8s.io/v1beta1' }])).toHaveLength(1);
  });

  test('checked objects give no warning', () => {
    expect(problems('schema/not-checked', [deployment(), httpRoute()])).toEqual([]);
  });
});
