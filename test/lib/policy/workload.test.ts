import { AUTOMOUNT_TOKEN_REASON_ANNOTATION } from '../../../lib/policy/packs/workload';
import { Manifest } from '../../../lib/policy/types';
import { PINNED_IMAGE, container, deployment, findingsOf, podSpec, problems } from './policy-helpers';

const pdb = (namespace = 'shop', selector: unknown = { matchLabels: { app: 'web' } }): Manifest => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'web', namespace },
  spec: { minAvailable: 1, selector },
});

const hpa = (target: Record<string, unknown> = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, namespace = 'shop'): Manifest => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web-hpa', namespace },
  spec: { scaleTargetRef: target, minReplicas: 2, maxReplicas: 5 },
});

const spread = (selector: unknown = { matchLabels: { app: 'web' } }) => [
  { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector },
];

const job: Manifest = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'migrate', namespace: 'shop' },
  spec: { template: { spec: podSpec({ restartPolicy: 'Never', containers: [container('migrate', { livenessProbe: undefined, readinessProbe: undefined })] }) } },
};

const barePod = (restartPolicy?: string): Manifest => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'debug', namespace: 'shop' },
  spec: podSpec({ ...(restartPolicy ? { restartPolicy } : {}), containers: [container('app', { livenessProbe: undefined, readinessProbe: undefined })] }),
});

describe('workload pack', () => {
  test('a compliant Deployment passes every rule', () => {
    for (const rule of ['resources', 'liveness-probe', 'readiness-probe', 'image-digest', 'service-account', 'automount-token', 'read-only-root-filesystem', 'pod-disruption-budget', 'topology-spread', 'hpa-replicas']) {
      expect(problems(`workload/${rule}`, [deployment()])).toEqual([]);
    }
  });

  describe('workload/resources', () => {
    test('each missing request and limit is its own finding, init containers included', () => {
      const init = container('init', { resources: { requests: { cpu: '10m' } } });
      const found = problems('workload/resources', [deployment({ spec: { initContainers: [init], containers: [container('app', { resources: { limits: { cpu: '1', memory: '1Gi' } } })] } })]);
      expect(found).toEqual([
        'spec.template.spec.containers[0].resources.requests.cpu: container "app" has no CPU request',
        'spec.template.spec.containers[0].resources.requests.memory: container "app" has no memory request',
        'spec.template.spec.initContainers[0].resources.requests.memory: init container "init" has no memory request',
        'spec.template.spec.initContainers[0].resources.limits.cpu: init container "init" has no CPU limit',
        'spec.template.spec.initContainers[0].resources.limits.memory: init container "init" has no memory limit',
      ]);
    });

    test('ephemeral containers are exempt (the API forbids resources on them)', () => {
      const ephemeral = { ...container('debug'), resources: undefined };
      expect(problems('workload/resources', [barePod('Never'), { ...barePod(), spec: { ...barePod().spec, ephemeralContainers: [ephemeral] } }])).toEqual([]);
    });

    test('applies to CronJob pods', () => {
      const cronJob = {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'c', namespace: 'shop' },
        spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: podSpec({ containers: [container('c', { resources: undefined })] }) } } } },
      };
      expect(problems('workload/resources', [cronJob])).toHaveLength(4);
    });
  });

  describe('probes', () => {
    test('long-running kinds need liveness and readiness probes on regular containers', () => {
      const noProbes = deployment({ spec: { containers: [container('app', { livenessProbe: undefined, readinessProbe: undefined })] } });
      expect(problems('workload/liveness-probe', [noProbes])).toEqual(['spec.template.spec.containers[0].livenessProbe: container "app" has no liveness probe']);
      expect(problems('workload/readiness-probe', [noProbes])).toEqual(['spec.template.spec.containers[0].readinessProbe: container "app" has no readiness probe']);
    });

    test('only the missing probe is reported', () => {
      const onlyLiveness = deployment({ spec: { containers: [container('app', { readinessProbe: undefined })] } });
      expect(problems('workload/liveness-probe', [onlyLiveness])).toEqual([]);
      expect(problems('workload/readiness-probe', [onlyLiveness])).toHaveLength(1);
    });

    test('init containers need no probes', () => {
      const init = container('init', { livenessProbe: undefined, readinessProbe: undefined });
      expect(problems('workload/liveness-probe', [deployment({ spec: { initContainers: [init] } })])).toEqual([]);
    });

    test('Jobs need no probes', () => {
      expect(problems('workload/liveness-probe', [job])).toEqual([]);
      expect(problems('workload/readiness-probe', [job])).toEqual([]);
    });

    test('a bare Pod is long-running unless it runs to completion', () => {
      expect(problems('workload/liveness-probe', [barePod()])).toHaveLength(1);
      expect(problems('workload/liveness-probe', [barePod('Always')])).toHaveLength(1);
      expect(problems('workload/liveness-probe', [barePod('Never')])).toEqual([]);
      expect(problems('workload/readiness-probe', [barePod('OnFailure')])).toEqual([]);
    });

    test.each(['StatefulSet', 'DaemonSet', 'ReplicaSet'])('%s needs probes', (kind) => {
      const workload = { ...deployment({ spec: { containers: [container('app', { livenessProbe: undefined })] } }), kind };
      expect(problems('workload/liveness-probe', [workload])).toHaveLength(1);
    });
  });

  describe('workload/image-digest', () => {
    const withImage = (image: unknown) => deployment({ spec: { containers: [container('app', { image })] } });

    test('a tag@digest and a bare digest pass', () => {
      expect(problems('workload/image-digest', [withImage(PINNED_IMAGE)])).toEqual([]);
      expect(problems('workload/image-digest', [withImage(`curl@sha256:${'0'.repeat(64)}`)])).toEqual([]);
    });

    test.each([
      ['a tag', 'nginx:1.25'],
      ['latest', 'nginx:latest'],
      ['a short digest', `nginx@sha256:${'a'.repeat(63)}`],
      ['a long digest', `nginx@sha256:${'a'.repeat(65)}`],
      ['upper-case hex', `nginx@sha256:${'A'.repeat(64)}`],
      ['another algorithm', `nginx@sha512:${'a'.repeat(64)}`],
    ])('%s fails', (_label, image) => {
      expect(problems('workload/image-digest', [withImage(image)])).toEqual([
        `spec.template.spec.containers[0].image: container "app" image ${JSON.stringify(image)} is not pinned by a sha256 digest`,
      ]);
    });

    test('init and ephemeral containers count', () => {
      const pod = { ...barePod('Never'), spec: { ...barePod().spec, initContainers: [container('i', { image: 'x:1' })], ephemeralContainers: [container('e', { image: 'y:1' })] } };
      expect(findingsOf('workload/image-digest', [pod]).map((finding) => finding.path)).toEqual(['spec.initContainers[0].image', 'spec.ephemeralContainers[0].image']);
    });
  });

  describe('workload/service-account', () => {
    test.each([
      ['missing', { serviceAccountName: undefined }, 'no serviceAccountName: the pod runs as the default service account'],
      ['default', { serviceAccountName: 'default' }, 'the pod runs as the default service account'],
      ['empty', { serviceAccountName: '' }, 'no serviceAccountName: the pod runs as the default service account'],
      ['the deprecated alias set to default', { serviceAccountName: undefined, serviceAccount: 'default' }, 'the pod runs as the default service account'],
    ])('%s fails', (_label, spec, message) => {
      expect(problems('workload/service-account', [deployment({ spec })])).toEqual([`spec.template.spec.serviceAccountName: ${message}`]);
    });

    test('a dedicated account passes, also through the deprecated alias', () => {
      expect(problems('workload/service-account', [deployment({ spec: { serviceAccountName: 'web' } })])).toEqual([]);
      expect(problems('workload/service-account', [deployment({ spec: { serviceAccountName: undefined, serviceAccount: 'web' } })])).toEqual([]);
    });
  });

  describe('workload/automount-token', () => {
    test('true or unset fails without an opt-in', () => {
      expect(problems('workload/automount-token', [deployment({ spec: { automountServiceAccountToken: true } })])).toHaveLength(1);
      expect(problems('workload/automount-token', [deployment({ spec: { automountServiceAccountToken: undefined } })])).toEqual([
        'spec.template.spec.automountServiceAccountToken: the service account token is mounted (automountServiceAccountToken is not false) and no opt-in annotation says why',
      ]);
    });

    test('the opt-in annotation with a reason allows the token, on the object or its pod template', () => {
      const annotations = { [AUTOMOUNT_TOKEN_REASON_ANNOTATION]: 'leader election through the Lease API' };
      expect(problems('workload/automount-token', [deployment({ annotations, spec: { automountServiceAccountToken: true } })])).toEqual([]);
      const onTemplate = deployment({ spec: { automountServiceAccountToken: undefined } });
      onTemplate.spec.template.metadata.annotations = annotations;
      expect(problems('workload/automount-token', [onTemplate])).toEqual([]);
    });

    test('an empty reason does not count', () => {
      const annotations = { [AUTOMOUNT_TOKEN_REASON_ANNOTATION]: '  ' };
      expect(problems('workload/automount-token', [deployment({ annotations, spec: { automountServiceAccountToken: true } })])).toEqual([
        `spec.template.spec.automountServiceAccountToken: the ${AUTOMOUNT_TOKEN_REASON_ANNOTATION} annotation is empty: say why the pod needs the token`,
      ]);
    });
  });

  describe('workload/read-only-root-filesystem', () => {
    test.each([[false], [undefined], ['true']])('readOnlyRootFilesystem %p fails', (value) => {
      const app = container('app');
      app.securityContext = { ...app.securityContext, readOnlyRootFilesystem: value };
      expect(problems('workload/read-only-root-filesystem', [deployment({ spec: { containers: [app] } })])).toEqual([
        'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem: container "app" has a writable root filesystem',
      ]);
    });

    test('applies to init containers and to containers without a securityContext', () => {
      const found = problems('workload/read-only-root-filesystem', [deployment({ spec: { initContainers: [container('init', { securityContext: undefined })] } })]);
      expect(found).toEqual(['spec.template.spec.initContainers[0].securityContext.readOnlyRootFilesystem: init container "init" has a writable root filesystem']);
    });
  });

  describe('replicated workloads', () => {
    const replicated = (replicas: number | null, spec: Record<string, unknown> = { topologySpreadConstraints: spread() }) =>
      deployment({ replicas, spec });

    test('one replica needs neither a PDB nor spreading', () => {
      expect(problems('workload/pod-disruption-budget', [replicated(1, {})])).toEqual([]);
      expect(problems('workload/topology-spread', [replicated(1, {})])).toEqual([]);
    });

    test('two replicas need a PDB selecting the pods', () => {
      expect(problems('workload/pod-disruption-budget', [replicated(2)])).toEqual([
        'spec.template.metadata.labels: replicated workload (replicas: 2) has no PodDisruptionBudget selecting its pods in namespace shop',
      ]);
      expect(problems('workload/pod-disruption-budget', [replicated(2), pdb()])).toEqual([]);
    });

    test('a PDB in another namespace or with a non-matching selector does not count', () => {
      expect(problems('workload/pod-disruption-budget', [replicated(2), pdb('other')])).toHaveLength(1);
      expect(problems('workload/pod-disruption-budget', [replicated(2), pdb('shop', { matchLabels: { app: 'api' } })])).toHaveLength(1);
      expect(problems('workload/pod-disruption-budget', [replicated(2), pdb('shop', { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] })])).toEqual([]);
    });

    test('an HPA makes a workload replicated even without spec.replicas', () => {
      expect(problems('workload/pod-disruption-budget', [replicated(null), hpa()])).toEqual([
        'spec.template.metadata.labels: replicated workload (scaled by HorizontalPodAutoscaler web-hpa) has no PodDisruptionBudget selecting its pods in namespace shop',
      ]);
      expect(problems('workload/topology-spread', [replicated(null, {}), hpa()])).toHaveLength(1);
    });

    test('topology spread constraints must select the pods', () => {
      expect(problems('workload/topology-spread', [replicated(3, {})])).toEqual([
        'spec.template.spec.topologySpreadConstraints: replicated workload (replicas: 3) has no topologySpreadConstraints',
      ]);
      expect(problems('workload/topology-spread', [replicated(3, { topologySpreadConstraints: spread({ matchLabels: { app: 'other' } }) })])).toEqual([
        "spec.template.spec.topologySpreadConstraints: replicated workload (replicas: 3): no topologySpreadConstraint's labelSelector selects the pod template labels, so none spreads these pods",
      ]);
      expect(problems('workload/topology-spread', [replicated(3)])).toEqual([]);
    });

    test('StatefulSets count, DaemonSets do not', () => {
      expect(problems('workload/pod-disruption-budget', [{ ...replicated(2), kind: 'StatefulSet' }])).toHaveLength(1);
      expect(problems('workload/pod-disruption-budget', [{ ...replicated(2), kind: 'DaemonSet' }])).toEqual([]);
    });
  });

  describe('workload/hpa-replicas', () => {
    test('spec.replicas on an HPA-owned workload fails', () => {
      expect(problems('workload/hpa-replicas', [deployment({ replicas: 2 }), hpa()])).toEqual([
        'spec.replicas: spec.replicas is set but HorizontalPodAutoscaler web-hpa owns the replica count',
      ]);
    });

    test('no spec.replicas, another target, another namespace, or another group passes', () => {
      expect(problems('workload/hpa-replicas', [deployment({ replicas: null }), hpa()])).toEqual([]);
      expect(problems('workload/hpa-replicas', [deployment({ replicas: 2 }), hpa({ kind: 'Deployment', name: 'api' })])).toEqual([]);
      expect(problems('workload/hpa-replicas', [deployment({ replicas: 2 }), hpa(undefined, 'other')])).toEqual([]);
      expect(problems('workload/hpa-replicas', [deployment({ replicas: 2 }), hpa({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Deployment', name: 'web' })])).toEqual([]);
    });

    test('HPAs of every autoscaling version count', () => {
      const legacy = { ...hpa(), apiVersion: 'autoscaling/v2beta2' };
      expect(problems('workload/hpa-replicas', [deployment({ replicas: 2 }), legacy])).toHaveLength(1);
    });
  });
});
