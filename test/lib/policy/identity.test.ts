import { Chart, Testing } from 'cdk8s';
import { SecureCronJob } from '../../../constructs';
import { Schedule } from '../../../lib/cron';
import { PolicyGateError, runPolicyGate } from '../../../lib/policy/gate';
import { Manifest } from '../../../lib/policy/types';
import { PINNED_IMAGE, problems } from './policy-helpers';

const hpa = (apiVersion: string, namespace?: string): Manifest => ({
  apiVersion,
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', ...(namespace === undefined ? {} : { namespace }) },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 4 },
});
const object = (apiVersion: string, kind: string, name: string, namespace?: string): Manifest => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace === undefined ? {} : { namespace }) },
});

describe('identity/unique', () => {
  test('an autoscaling/v1 and an autoscaling/v2 HPA named web are one object: the second is an error', () => {
    expect(problems('identity/unique', [hpa('autoscaling/v1', 'app'), hpa('autoscaling/v2', 'app')])).toEqual([
      'metadata.name: the same object as the autoscaling/v1 HorizontalPodAutoscaler at test.yaml:1 ' +
        '(one API group, kind, namespace and name): applying both, the second replaces the first',
    ]);
  });

  test('an unset namespace is default; the namespace of a cluster-scoped object does not count', () => {
    expect(problems('identity/unique', [hpa('autoscaling/v2'), hpa('autoscaling/v2', 'default')])).toHaveLength(1);
    const clusterRole = (namespace: string) => object('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader', namespace);
    expect(problems('identity/unique', [clusterRole('a'), clusterRole('b')])).toHaveLength(1);
  });

  test('a legacy group serving the same stored object counts as its current group', () => {
    expect(problems('identity/unique', [object('extensions/v1beta1', 'Ingress', 'web', 'app'), object('networking.k8s.io/v1', 'Ingress', 'web', 'app')])).toHaveLength(1);
    expect(problems('identity/unique', [object('extensions/v1beta1', 'Deployment', 'web', 'app'), object('apps/v1', 'Deployment', 'web', 'app')])).toHaveLength(1);
  });

  test('another namespace, kind or group, or no name, is another object', () => {
    expect(problems('identity/unique', [hpa('autoscaling/v2', 'app'), hpa('autoscaling/v2', 'shop')])).toEqual([]);
    expect(problems('identity/unique', [object('v1', 'ConfigMap', 'web', 'app'), object('v1', 'Secret', 'web', 'app')])).toEqual([]);
    expect(problems('identity/unique', [object('a.example.com/v1', 'Widget', 'w', 'app'), object('b.example.com/v1', 'Widget', 'w', 'app')])).toEqual([]);
    const generated = { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'run-', namespace: 'app' } };
    expect(problems('identity/unique', [generated, generated])).toEqual([]);
  });

  test('the gate refuses two SecureCronJobs with the same name in one chart', () => {
    const chart = new Chart(Testing.app(), 'jobs', { namespace: 'jobs', disableResourceNameHashes: true });
    for (const id of ['first', 'second']) {
      new SecureCronJob(chart, id, {
        name: 'nightly',
        schedule: Schedule.cron('0 3 * * *'),
        image: PINNED_IMAGE,
        partOf: 'platform',
        owner: 'platform-team',
        runbookUrl: 'https://runbooks.example.org/nightly',
      });
    }
    let failure: unknown;
    try {
      runPolicyGate([chart], { environment: 'test', k8sVersion: '1.33' });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(PolicyGateError);
    const duplicates = (failure as PolicyGateError).result.findings.filter((finding) => finding.ruleId === 'identity/unique');
    expect(duplicates.map((finding) => `${finding.kind} ${finding.name} ${finding.source.constructPath}: ${finding.message}`)).toEqual([
      'CronJob nightly jobs/second/CronJob/Resource: the same object as the batch/v1 CronJob at jobs/first/CronJob/Resource ' +
        '(one API group, kind, namespace and name): applying both, the second replaces the first',
      expect.stringMatching(/^NetworkPolicy nightly-egress jobs\/second\//),
      expect.stringMatching(/^ServiceAccount nightly jobs\/second\//),
    ]);
  });
});
