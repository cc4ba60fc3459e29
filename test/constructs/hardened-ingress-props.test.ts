import { Chart, Testing } from 'cdk8s';
import { Edge, HardenedIngress, HardenedIngressProps, SecurityHeaders } from '../../constructs';

const OWNERSHIP = { partOf: 'shop', owner: 'team-web', runbookUrl: 'https://runbooks.example.org/shop' };
const TRAEFIK = Edge.traefik({ ingressClassName: 'traefik', clusterIssuer: 'letsencrypt' });
const CSP_FIX = "which lets injected script run: remove it (hashes, 'strict-dynamic') or pass allowUnsafe: { reason: '...' }";
const RANGE = 'an IPv4 or IPv6 CIDR such as "203.0.113.0/24" (lowercase hex for IPv6)';

function props(overrides: Partial<HardenedIngressProps> = {}): HardenedIngressProps {
  return { ...OWNERSHIP, hosts: ['shop.example.org'], routes: [{ path: '/', service: { name: 'web' }, port: 8080 }], edge: TRAEFIK, ...overrides };
}

const build = (overrides: Partial<HardenedIngressProps>) =>
  new HardenedIngress(new Chart(Testing.app(), 'test', { namespace: 'shop' }), 'Web', props(overrides));
const csp = (policy: string, reason?: string) =>
  SecurityHeaders.strict({ contentSecurityPolicy: policy, allowUnsafe: reason === undefined ? undefined : { reason } });

describe('HardenedIngress refuses every invalid prop, naming the construct path, the prop, the value and what is accepted', () => {
  test.each<[string, Partial<HardenedIngressProps>, string]>([
    ['malformed IPv6 range', { allowedSourceRanges: ['fffff::/64'] }, `test/Web: invalid allowedSourceRanges[0] "fffff::/64": ${RANGE}`],
    ['0::/0', { allowedSourceRanges: ['0::/0'] },
      'test/Web: invalid allowedSourceRanges[0] "0::/0": a specific network: this admits every source (leave allowedSourceRanges unset instead)'],
    ['1.2.3.4/0', { allowedSourceRanges: ['203.0.113.0/24', '1.2.3.4/0'] },
      'test/Web: invalid allowedSourceRanges[1] "1.2.3.4/0": a specific network: this admits every source (leave allowedSourceRanges unset instead)'],
    ['IPv6 host bits', { allowedSourceRanges: ['2001:db8::1/64'] },
      'test/Web: invalid allowedSourceRanges[0] "2001:db8::1/64": a network address: host bits are set (did you mean 2001:db8::/64?)'],
    ['script-src data:', { securityHeaders: csp("default-src 'self'; script-src 'self' data:") },
      `test/Web: invalid securityHeaders Content-Security-Policy "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; `
      + `script-src 'self' data:": uses script-src data:, ${CSP_FIX}`],
    ['script-src *', { securityHeaders: csp('script-src *') }, `uses script-src *, ${CSP_FIX}`],
    ['default-src https: without a script-src', { securityHeaders: csp("default-src 'self' https:") }, `uses default-src https:, ${CSP_FIX}`],
    ["script-src 'unsafe-inline'", { securityHeaders: csp("script-src 'self' 'unsafe-inline'", '') }, `uses script-src 'unsafe-inline', ${CSP_FIX}`],
  ])('%s', (_, overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });

  test('an unsafe script source with a reason is allowed, and img-src data: needs none', () => {
    expect(() => build({ securityHeaders: csp("script-src 'self' data:", 'the legacy widget loads a data: script; ticket WEB-12') })).not.toThrow();
    expect(() => build({ securityHeaders: csp("default-src 'self'; img-src 'self' data:") })).not.toThrow();
  });

  test('two HardenedIngresses of one name in one namespace: refused, naming both paths', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    new HardenedIngress(chart, 'Web', props({ name: 'shop' }));
    expect(() => new HardenedIngress(chart, 'Again', props({ name: 'shop', hosts: ['other.example.org'] })))
      .toThrow('test/Again: invalid name "shop": a name no other HardenedIngress uses in namespace "shop" (test/Web has it)');
  });
});
