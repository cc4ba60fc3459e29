import { Chart } from 'cdk8s';
import { SecureCronJob } from '../../constructs';
import { ENVIRONMENTS, validateEnvironment } from '../../environments';
import type { EnvironmentConfig } from '../../environments/types';
import { DnsPeer, dnsEgress } from '../../lib/network';
import { synthesizeEnvironment } from '../../lib/synth/synthesize';
import { buildEnvironmentApp } from '../../main';
import { baseJobProps } from '../constructs/secure-cron-job-fixtures';
import { find, Manifest, synth } from '../helpers/manifests';

const KUBE_DNS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};
const DNS_PORTS = [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }];

function job(dnsPeer?: DnsPeer): Manifest[] {
  return synth((chart) => new SecureCronJob(chart, 'nightly', baseJobProps({
    runbookUrl: 'https://runbooks.example.org/x', egress: [{ cidr: '203.0.113.10/32', port: 443 }], dnsPeer,
  })));
}

/** The port-53 rules of every NetworkPolicy, by policy name. */
function dnsRules(manifests: readonly Manifest[]): [string, Manifest][] {
  return manifests.filter((m) => m.kind === 'NetworkPolicy').flatMap((policy) => (policy.spec.egress ?? [])
    .filter((rule: Manifest) => (rule.ports ?? []).some((p: Manifest) => p.port === 53))
    .map((rule: Manifest) => [policy.metadata.name, rule] as [string, Manifest]));
}

describe('DnsPeer', () => {
  test('kube-dns (the default): the kube-dns pods in kube-system, port 53 UDP and TCP', () => {
    const rule = find(job(), 'NetworkPolicy', 'nightly-egress').spec.egress[0];
    expect(rule).toEqual({ to: [KUBE_DNS_PEER], ports: DNS_PORTS });
    expect(find(job(DnsPeer.kubeDns()), 'NetworkPolicy', 'nightly-egress').spec.egress[0]).toEqual(rule);
  });

  test.each([
    [undefined, '169.254.20.10/32'],
    ['169.254.20.10', '169.254.20.10/32'],
    ['169.254.25.10/32', '169.254.25.10/32'],
    ['fd00::a', 'fd00::a/128'],
  ])('NodeLocal DNSCache at %s: an ipBlock of %s, port 53 UDP and TCP', (address, cidr) => {
    const rule = find(job(DnsPeer.nodeLocalCache(address)), 'NetworkPolicy', 'nightly-egress').spec.egress[0];
    expect(rule).toEqual({ to: [{ ipBlock: { cidr } }], ports: DNS_PORTS });
  });

  test.each([
    ['dns.local', /nightly: invalid dnsPeer "dns.local": .*an IP address or CIDR of the NodeLocal DNSCache/],
    ['0.0.0.0/0', /nightly: invalid dnsPeer "0.0.0.0\/0": .*not every address/],
  ])('a NodeLocal DNSCache address of %j is refused, naming the construct and the prop', (address, message) => {
    expect(() => job(DnsPeer.nodeLocalCache(address))).toThrow(message);
  });

  test('dnsEgress without a peer is the kube-dns rule', () => {
    expect(JSON.parse(JSON.stringify(dnsEgress())).to).toEqual([KUBE_DNS_PEER]);
  });
});

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('the DNS peer of %s flows from cluster.dns to every policy', (_name, env) => {
  const manifestsOf = (config: EnvironmentConfig) => buildEnvironmentApp(config).node.children
    .filter((c): c is Chart => Chart.isChart(c)).flatMap((chart) => chart.toJson());

  test('unset: every DNS rule selects the kube-dns pods', () => {
    const rules = dnsRules(manifestsOf(env));
    expect(rules.length).toBeGreaterThanOrEqual(3);
    for (const [, rule] of rules) expect(rule.to).toEqual([KUBE_DNS_PEER]);
  });

  test('node-local-cache: every DNS rule, and only those, allow 169.254.20.10/32 instead', () => {
    const config: EnvironmentConfig = { ...env, cluster: { ...env.cluster, dns: { kind: 'node-local-cache' } } };
    expect(() => validateEnvironment(config)).not.toThrow();
    const before = dnsRules(manifestsOf(env));
    const after = dnsRules(manifestsOf(config));
    expect(after.map(([name]) => name)).toEqual(before.map(([name]) => name));
    for (const [, rule] of after) expect(rule).toEqual({ to: [{ ipBlock: { cidr: '169.254.20.10/32' } }], ports: DNS_PORTS });
    // The policy gate accepts the link-local peer (it is not the cloud metadata address).
    expect(() => synthesizeEnvironment(buildEnvironmentApp(config), config.name, config.cluster.kubernetesVersion)).not.toThrow();
  });
});

test('validateEnvironment refuses a NodeLocal DNSCache address that is not an IP', () => {
  const env = ENVIRONMENTS[0];
  const config = { ...env, cluster: { ...env.cluster, dns: { kind: 'node-local-cache', address: 'node-local' } } } as EnvironmentConfig;
  expect(() => validateEnvironment(config)).toThrow(/cluster.dns.address = "node-local": an IP address or CIDR of the NodeLocal DNSCache/);
});
