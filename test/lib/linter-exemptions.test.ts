import { ApiObject, Chart, Testing } from 'cdk8s';
import { exemptFromLinters, LINTER_EXEMPTIONS } from '../../lib/linter-exemptions';
import { exemptionAnnotations, linterExemptionAnnotations } from '../../lib/policy/external-linters';

function object(annotations: Record<string, string> = {}): ApiObject {
  const chart = new Chart(Testing.app(), 'test');
  return new ApiObject(chart, 'object', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'object', annotations } });
}

describe('linterExemptionAnnotations', () => {
  test('Polaris gets "true", kube-linter the reason, kube-score one sorted list', () => {
    expect(linterExemptionAnnotations({ polaris: ['a', 'b'], kubeLinter: 'c', kubeScore: ['z-id', 'a-id'] }, 'because', {})).toEqual({
      'polaris.fairwinds.com/a-exempt': 'true',
      'polaris.fairwinds.com/b-exempt': 'true',
      'ignore-check.kube-linter.io/c': 'because',
      'kube-score/ignore': 'a-id,z-id',
    });
  });

  test('the kube-score list is extended, never replaced, and holds no duplicates', () => {
    expect(linterExemptionAnnotations({ kubeScore: 'b' }, 'r', { 'kube-score/ignore': 'c, a,b' })).toEqual({ 'kube-score/ignore': 'a,b,c' });
  });

  test('exemptionAnnotations (suppressions) keeps its mapping', () => {
    expect(exemptionAnnotations('network/default-deny', 'isolated by the CNI', {})).toEqual({
      'ignore-check.kube-linter.io/non-isolated-pod': 'isolated by the CNI',
      'kube-score/ignore': 'pod-networkpolicy',
    });
    expect(exemptionAnnotations('workload/resources', 'r', {})).toEqual({});
  });
});

describe('exemptFromLinters', () => {
  test('writes each named exemption; several add up on kube-score\'s one list', () => {
    const apiObject = object({ 'kube-score/ignore': 'stable-version' });
    exemptFromLinters(apiObject, 'digestPinnedPullPolicy', 'singleReplicaByConfig');
    expect(apiObject.toJson().metadata.annotations).toEqual({
      'kube-score/ignore': 'container-image-pull-policy,deployment-replicas,stable-version',
      'polaris.fairwinds.com/pullPolicyNotAlways-exempt': 'true',
      'polaris.fairwinds.com/deploymentMissingReplicas-exempt': 'true',
    });
  });

  test('every exemption names at least one check and says why', () => {
    for (const [name, exemption] of Object.entries(LINTER_EXEMPTIONS)) {
      const checks = Object.keys(exemption).filter((key) => key !== 'reason');
      expect({ name, checks: checks.length > 0, reason: exemption.reason.trim().length > 20 }).toEqual({ name, checks: true, reason: true });
    }
  });
});
