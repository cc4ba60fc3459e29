import { runPolicy } from '../../../lib/policy/engine';
import { networkPack } from '../../../lib/policy/packs/network';
import { suppressionAnnotationKey } from '../../../lib/policy/suppressions';
import { workloadPack } from '../../../lib/policy/packs/workload';
import { Finding } from '../../../lib/policy/types';
import { deployment, entriesOf } from './policy-helpers';

const summary = (findings: readonly Finding[]) => findings.map(
  (finding) => [finding.ruleId, finding.severity, finding.suppressedBecause ?? null, finding.path],
);

function run(annotations: Record<string, string>, packs = [networkPack, workloadPack]) {
  return runPolicy(entriesOf([deployment({ annotations })]), { k8sVersion: '1.33', packs }).findings;
}

describe('suppression annotations (hand-written YAML)', () => {
  test('the annotation key spells the rule id with a dot', () => {
    expect(suppressionAnnotationKey('network/default-deny')).toBe('policy.platform/suppress.network.default-deny');
  });

  test('an annotation with a reason suppresses the finding on its object', () => {
    expect(summary(run({ 'policy.platform/suppress.network.default-deny': 'isolated by the CNI' }))).toEqual([['network/default-deny', 'error', 'isolated by the CNI', 'metadata.namespace']]);
  });

  test('the literal form with a slash is read too (the API server would reject it, so YAML for clusters uses the dot)', () => {
    expect(summary(run({ 'policy.platform/suppress.network/default-deny': 'isolated by the CNI' }))).toEqual([['network/default-deny', 'error', 'isolated by the CNI', 'metadata.namespace']]);
  });

  test('an annotation without a reason is an error and suppresses nothing', () => {
    expect(summary(run({ 'policy.platform/suppress.network.default-deny': '' }))).toEqual([
      ['network/default-deny', 'error', null, 'metadata.namespace'],
      ['policy/suppression-without-reason', 'error', null, 'metadata.annotations["policy.platform/suppress.network.default-deny"]'],
    ]);
  });

  test('an annotation for an unsuppressible pack is refused as an error finding', () => {
    const findings = run({ 'policy.platform/suppress.workload.image-digest': 'pinned elsewhere' });
    expect(summary(findings).filter(([ruleId]) => ruleId !== 'network/default-deny')).toEqual([
      ['policy/refused-suppression', 'error', null, 'metadata.annotations["policy.platform/suppress.workload.image-digest"]'],
    ]);
  });

  test('an annotation matching nothing, or naming no rule, is a warning', () => {
    const findings = run({ 'policy.platform/suppress.ingress.tls': 'no ingress', 'policy.platform/suppress.netwrk.default-deny': 'typo' }, [networkPack]);
    expect(summary(findings)).toEqual([
      ['network/default-deny', 'error', null, 'metadata.namespace'],
      ['policy/unused-suppression', 'warning', null, 'metadata.annotations["policy.platform/suppress.netwrk.default-deny"]'],
    ]);
    expect(findings[1].message).toBe('the suppression names netwrk/default-deny, which is not a rule');
  });

  test('a suppression for a pack that did not run is not called unused', () => {
    expect(summary(run({ 'policy.platform/suppress.ingress.tls': 'no ingress' }, [networkPack]))).toEqual([['network/default-deny', 'error', null, 'metadata.namespace']]);
  });
});
