import { Manifest } from '../../../lib/policy/types';
import { problems } from './policy-helpers';

const object = (apiVersion: string, kind: string): Manifest => ({ apiVersion, kind, metadata: { name: 'x', namespace: 'shop' } });

describe('api-versions pack', () => {
  test.each([
    // apiVersion, kind, last version without a finding, deprecated from, removed at, replacement
    ['batch/v1beta1', 'CronJob', '1.20', '1.21', '1.25', 'batch/v1'],
    ['extensions/v1beta1', 'Ingress', '1.13', '1.14', '1.22', 'networking.k8s.io/v1'],
    ['networking.k8s.io/v1beta1', 'Ingress', '1.18', '1.19', '1.22', 'networking.k8s.io/v1'],
    ['policy/v1beta1', 'PodDisruptionBudget', '1.20', '1.21', '1.25', 'policy/v1'],
    ['autoscaling/v2beta1', 'HorizontalPodAutoscaler', '1.21', '1.22', '1.25', 'autoscaling/v2'],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', '1.22', '1.23', '1.26', 'autoscaling/v2'],
    ['flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema', '1.25', '1.26', '1.29', 'flowcontrol.apiserver.k8s.io/v1'],
    ['flowcontrol.apiserver.k8s.io/v1beta3', 'PriorityLevelConfiguration', '1.28', '1.29', '1.32', 'flowcontrol.apiserver.k8s.io/v1'],
    ['storage.k8s.io/v1beta1', 'CSIStorageCapacity', '1.23', '1.24', '1.27', 'storage.k8s.io/v1'],
    ['apps/v1beta2', 'Deployment', '1.8', '1.9', '1.16', 'apps/v1'],
    ['extensions/v1beta1', 'DaemonSet', '1.8', '1.9', '1.16', 'apps/v1'],
    ['rbac.authorization.k8s.io/v1beta1', 'RoleBinding', '1.16', '1.17', '1.22', 'rbac.authorization.k8s.io/v1'],
  ])('%s %s: nothing before %s, a warning from %s, an error from %s', (apiVersion, kind, before, deprecatedIn, removedIn, replacement) => {
    const previous = (version: string) => version.replace(/\.(\d+)$/, (_match, minor) => `.${Number(minor) - 1}`);
    const manifest = object(apiVersion, kind);
    expect(problems('api-versions/deprecated', [manifest], before)).toEqual([]);
    expect(problems('api-versions/removed', [manifest], before)).toEqual([]);
    expect(problems('api-versions/deprecated', [manifest], deprecatedIn)).toEqual([
      `apiVersion: ${apiVersion} ${kind} is deprecated since Kubernetes ${deprecatedIn}, removed in ${removedIn}: use ${replacement}`,
    ]);
    expect(problems('api-versions/deprecated', [manifest], previous(removedIn))).toHaveLength(1);
    expect(problems('api-versions/removed', [manifest], previous(removedIn))).toEqual([]);
    expect(problems('api-versions/removed', [manifest], removedIn)).toEqual([
      `apiVersion: ${apiVersion} ${kind} was removed in Kubernetes ${removedIn} (target ${removedIn}): use ${replacement}`,
    ]);
    expect(problems('api-versions/deprecated', [manifest], removedIn)).toEqual([]);
  });

  test('an API that is deprecated but still served stays a warning', () => {
    expect(problems('api-versions/deprecated', [object('v1', 'Endpoints')], '1.37')).toEqual([
      'apiVersion: v1 Endpoints is deprecated since Kubernetes 1.33: use discovery.k8s.io/v1 EndpointSlice',
    ]);
    expect(problems('api-versions/removed', [object('v1', 'Endpoints')], '1.37')).toEqual([]);
  });

  test('versions compare numerically and current APIs pass', () => {
    expect(problems('api-versions/removed', [object('batch/v1beta1', 'CronJob')], '1.100')).toHaveLength(1);
    expect(problems('api-versions/removed', [object('batch/v1beta1', 'CronJob')], '1.3')).toEqual([]);
    expect(problems('api-versions/removed', [object('batch/v1', 'CronJob'), object('networking.k8s.io/v1', 'Ingress')], '1.37')).toEqual([]);
  });
});
