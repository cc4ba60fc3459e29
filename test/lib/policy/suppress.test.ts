import { ApiObject, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { PolicyGateError, runPolicyGate } from '../../../lib/policy/gate';
import { suppress } from '../../../lib/policy/suppressions';
import { Finding, Manifest } from '../../../lib/policy/types';
import { deployment } from './policy-helpers';

const OPTIONS = { environment: 'test', k8sVersion: '1.33' };
const REASON = 'the namespace policy is applied by the cluster bootstrap';

/** A chart in namespace shop whose Deployment has no default-deny NetworkPolicy (network/default-deny fails). */
function unprotectedChart(): { chart: Chart; group: Construct; web: ApiObject; config: ApiObject } {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop', disableResourceNameHashes: true });
  const group = new Construct(chart, 'group');
  const web = new ApiObject(group, 'web', deployment() as any);
  const config = new ApiObject(group, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' }, data: { a: 'b' } });
  return { chart, group, web, config };
}

function annotationsOf(chart: Chart, kind: string): Record<string, string> {
  return (Testing.synth(chart).find((manifest: Manifest) => manifest.kind === kind)?.metadata.annotations ?? {}) as Record<string, string>;
}

function failure(run: () => unknown): Finding[] {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyGateError) return error.result.findings;
    throw error;
  }
  throw new Error('expected the gate to fail');
}

describe('suppress()', () => {
  test('a suppression with a reason covers the objects under its scope; the finding stays visible, marked', () => {
    const { chart, group } = unprotectedChart();
    suppress(group, 'network/default-deny', REASON);
    const result = runPolicyGate([chart], OPTIONS);
    expect(result.findings).toEqual([
      expect.objectContaining({ ruleId: 'network/default-deny', severity: 'error', suppressedBecause: REASON, source: { constructPath: 'shop/group/web' } }),
    ]);
    expect(result.report).toContain(`| error, suppressed: ${REASON} | \`network/default-deny\` | \`Deployment shop/web\` | \`shop/group/web\` |`);
    expect(result.report).toContain('| network | 0 | 0 | 1 |');
  });

  test('a suppression on an ancestor (the chart) applies too; one on a sibling does not', () => {
    const { chart } = unprotectedChart();
    suppress(chart, 'network/default-deny', REASON);
    expect(runPolicyGate([chart], OPTIONS).findings[0].suppressedBecause).toBe(REASON);

    const other = unprotectedChart();
    suppress(other.config, 'network/default-deny', REASON);
    const findings = failure(() => runPolicyGate([other.chart], OPTIONS));
    expect(findings.map((finding) => [finding.ruleId, finding.severity, finding.suppressedBecause])).toEqual([
      ['network/default-deny', 'error', undefined],
      ['policy/unused-suppression', 'warning', undefined],
    ]);
  });

  test('a suppression without a reason is an error and suppresses nothing', () => {
    const { chart, group } = unprotectedChart();
    suppress(group, 'network/default-deny', '   ');
    const findings = failure(() => runPolicyGate([chart], OPTIONS));
    expect(findings[0]).not.toHaveProperty('suppressedBecause');
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'network/default-deny' }),
      expect.objectContaining({
        ruleId: 'policy/suppression-without-reason',
        severity: 'error',
        kind: 'Construct',
        name: 'group',
        source: { constructPath: 'shop/group' },
        message: 'the suppression of network/default-deny has no reason',
      }),
    ]);
  });

  test('an unused suppression is a warning and does not fail the gate', () => {
    const { chart, group } = unprotectedChart();
    suppress(group, 'network/default-deny', REASON);
    suppress(group, 'ingress/tls', 'there is no ingress here');
    const result = runPolicyGate([chart], OPTIONS);
    expect(result.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'policy/unused-suppression', severity: 'warning', message: 'the suppression of ingress/tls matches no finding' }),
    );
  });

  test.each(['workload/image-digest', 'secrets/no-secret-data', 'pss-baseline/privileged', 'pss-restricted/seccomp'])('suppressing %s is refused', (ruleId) => {
    const { group } = unprotectedChart();
    expect(() => suppress(group, ruleId, 'we really need it')).toThrow(
      `shop/group: suppressing "${ruleId}" is refused: the ${ruleId.split('/')[0]} pack cannot be suppressed; change the object so it passes`,
    );
  });

  test('an unknown rule id is refused at once', () => {
    const { group } = unprotectedChart();
    expect(() => suppress(group, 'network/default-deni', REASON)).toThrow('shop/group: cannot suppress "network/default-deni": there is no such rule');
  });

  test('external linter exemptions go on every object under the scope; our own annotation on the objects it suppressed', () => {
    const { chart, group, web } = unprotectedChart();
    web.metadata.addAnnotation('kube-score/ignore', 'container-image-tag');
    suppress(group, 'network/default-deny', REASON);
    runPolicyGate([chart], OPTIONS);
    expect(annotationsOf(chart, 'Deployment')).toEqual({
      'ignore-check.kube-linter.io/non-isolated-pod': REASON,
      'kube-score/ignore': 'container-image-tag,pod-networkpolicy',
      'policy.platform/suppress.network.default-deny': REASON,
    });
    expect(annotationsOf(chart, 'ConfigMap')).toEqual({
      'ignore-check.kube-linter.io/non-isolated-pod': REASON,
      'kube-score/ignore': 'pod-networkpolicy',
    });
  });

  test('Polaris exemptions use its check name', () => {
    const chart = new Chart(Testing.app(), 'edge', { namespace: 'shop' });
    const ingress = new ApiObject(chart, 'ingress', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', annotations: { 'nginx.ingress.kubernetes.io/custom-headers': 'shop/headers' } },
      spec: { rules: [{ host: 'shop.example.com' }] },
    });
    suppress(ingress, 'ingress/tls', 'TLS terminates at the cloud load balancer in front of the controller');
    suppress(ingress, 'ingress/security-headers', 'headers are set by the CDN');
    runPolicyGate([chart], OPTIONS);
    expect(annotationsOf(chart, 'Ingress')['polaris.fairwinds.com/tlsSettingsMissing-exempt']).toBe('true');
  });

  test('running the gate again (annotations already written) gives the same findings', () => {
    const { chart, group } = unprotectedChart();
    suppress(group, 'network/default-deny', REASON);
    const first = runPolicyGate([chart], OPTIONS).findings;
    expect(runPolicyGate([chart], OPTIONS).findings).toEqual(first);
  });
});
