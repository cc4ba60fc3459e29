import { Chart, Testing } from 'cdk8s';
import { Edge, HardenedIngress, HardenedIngressProps, SecurityHeaderOverrides, SecurityHeaders } from '../../constructs';

const BASE: HardenedIngressProps = {
  partOf: 'shop',
  owner: 'team-web',
  runbookUrl: 'https://runbooks.example.org/shop',
  hosts: ['shop.example.org'],
  routes: [{ path: '/', service: { name: 'web' }, port: 8080 }],
  edge: Edge.gatewayApi({ gatewayName: 'edge', gatewayNamespace: 'gateway-system', httpsListener: 'https', httpListener: 'http' }),
};

function ingress(overrides: SecurityHeaderOverrides, edge: Edge = BASE.edge): { objects: any[]; construct: HardenedIngress } {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
  const construct = new HardenedIngress(chart, 'Web', { ...BASE, edge, securityHeaders: SecurityHeaders.strict(overrides) });
  return { objects: Testing.synth(chart), construct };
}

function headerError(overrides: SecurityHeaderOverrides): string {
  try {
    ingress(overrides);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the construct to throw');
}

describe('SecurityHeaders.strict()', () => {
  test('defaults', () => {
    expect(SecurityHeaders.strict().headers()).toEqual({
      'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
      'Content-Security-Policy': "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'X-XSS-Protection': '0',
    });
    expect(SecurityHeaders.strict().problems()).toEqual([]);
  });

  test('merges CSP per directive and Permissions-Policy per feature onto the defaults', () => {
    const headers = SecurityHeaders.strict({
      contentSecurityPolicy: "default-src 'none'; img-src 'self' data: https://cdn.example.org; script-src 'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
      permissionsPolicy: 'geolocation=(self "https://maps.example.org"), payment=()',
    }).headers();
    expect(headers['Content-Security-Policy']).toBe(
      "default-src 'none'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; img-src 'self' data: https://cdn.example.org; script-src 'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
    );
    expect(headers['Permissions-Policy']).toBe('camera=(), microphone=(), geolocation=(self "https://maps.example.org"), payment=()');
  });

  test('overrides single headers and adds extra ones in name order', () => {
    const headers = SecurityHeaders.strict({
      strictTransportSecurity: 'max-age=63072000; includeSubDomains; preload',
      referrerPolicy: 'no-referrer',
      crossOriginOpenerPolicy: 'same-origin-allow-popups',
      additional: { 'X-Robots-Tag': 'noindex', 'Cross-Origin-Resource-Policy': 'same-origin' },
    }).headers();
    expect(headers['Strict-Transport-Security']).toBe('max-age=63072000; includeSubDomains; preload');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
    expect(headers['Cross-Origin-Opener-Policy']).toBe('same-origin-allow-popups');
    expect(Object.keys(headers).slice(-2)).toEqual(['Cross-Origin-Resource-Policy', 'X-Robots-Tag']);
  });

  test('headers() of an invalid set throws; problems() lists every problem', () => {
    const invalid = SecurityHeaders.strict({ strictTransportSecurity: 'includeSubDomains', referrerPolicy: 'never' });
    expect(() => invalid.headers()).toThrow(/SecurityHeaders: invalid Strict-Transport-Security "includeSubDomains": has no max-age/);
    expect(invalid.problems().map((p) => p.header)).toEqual(['Strict-Transport-Security', 'Referrer-Policy']);
  });

  test('an extra header reaches every edge', () => {
    const additional = { 'X-Robots-Tag': 'noindex' };
    const gw = ingress({ additional }).objects.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'web');
    expect(gw.spec.rules[0].filters[0].responseHeaderModifier.set).toContainEqual({ name: 'X-Robots-Tag', value: 'noindex' });
    const traefik = ingress({ additional }, Edge.traefik({ ingressClassName: 'traefik' })).objects.find((o) => o.kind === 'Middleware');
    expect(traefik.spec.headers.customResponseHeaders['X-Robots-Tag']).toBe('noindex');
    const nginx = ingress({ additional }, Edge.nginx({ ingressClassName: 'nginx' })).objects.find((o) => o.kind === 'ConfigMap');
    expect(nginx.data['X-Robots-Tag']).toBe('noindex');
  });
});

describe('HardenedIngress rejects headers that break their grammar, naming the path and the header', () => {
  test.each<[string, SecurityHeaderOverrides, RegExp]>([
    ['a CSP that does not parse (unknown directive)', { contentSecurityPolicy: "defualt-src 'self'" },
      /^test\/Web: invalid securityHeaders Content-Security-Policy "defualt-src 'self'": does not parse: unknown directive "defualt-src"/],
    ['a CSP with an unquoted keyword', { contentSecurityPolicy: 'script-src self' },
      /invalid securityHeaders Content-Security-Policy .*"self" must be single-quoted/],
    ['a CSP with curly quotes', { contentSecurityPolicy: 'script-src \u2018self\u2019' },
      /invalid securityHeaders Content-Security-Policy .*outside printable ASCII/],
    ['a CSP with a bad source expression', { contentSecurityPolicy: 'img-src https://cdn example.org/<x>' },
      /directive img-src: "example.org\/<x>" is not a source expression/],
    ['a CSP with a static nonce', { contentSecurityPolicy: "script-src 'nonce-abc123'" },
      /a nonce must change with every response/],
    ['an HSTS without max-age', { strictTransportSecurity: 'includeSubDomains; preload' },
      /^test\/Web: invalid securityHeaders Strict-Transport-Security "includeSubDomains; preload": has no max-age/],
    ['an HSTS preload under a year', { strictTransportSecurity: 'max-age=86400; includeSubDomains; preload' },
      /invalid securityHeaders Strict-Transport-Security .*preload needs max-age >= 31536000/],
    ['an HSTS preload without includeSubDomains', { strictTransportSecurity: 'max-age=31536000; preload' },
      /preload needs includeSubDomains/],
    ['an unknown Permissions-Policy feature', { permissionsPolicy: 'camra=()' },
      /^test\/Web: invalid securityHeaders Permissions-Policy "camra=\(\)": does not parse: unknown feature "camra"/],
    ['Feature-Policy syntax in Permissions-Policy', { permissionsPolicy: "camera 'none'" },
      /invalid securityHeaders Permissions-Policy .*has no allowlist/],
    ['an unknown Referrer-Policy token', { referrerPolicy: 'strict-origin-when-crossorigin' },
      /invalid securityHeaders Referrer-Policy "strict-origin-when-crossorigin": "strict-origin-when-crossorigin" is not a referrer policy/],
    ['an invalid COOP value', { crossOriginOpenerPolicy: 'same_origin' },
      /invalid securityHeaders Cross-Origin-Opener-Policy "same_origin": not a Cross-Origin-Opener-Policy value/],
    ["'unsafe-inline' without a reason", { contentSecurityPolicy: "style-src 'self' 'unsafe-inline'" },
      /^test\/Web: invalid securityHeaders Content-Security-Policy .*uses style-src 'unsafe-inline', which lets injected script run: .*allowUnsafe: \{ reason/],
    ["'unsafe-eval' with an empty reason", { contentSecurityPolicy: "script-src 'self' 'unsafe-eval'", allowUnsafe: { reason: ' ' } },
      /uses script-src 'unsafe-eval'/],
    ['Set-Cookie', { additional: { 'Set-Cookie': 'session=x; Secure' } },
      /^test\/Web: invalid securityHeaders Set-Cookie "session=x; Secure": cookies belong to the application: an edge Set-Cookie overwrites the cookies the application sets/],
    ['Feature-Policy', { additional: { 'Feature-Policy': "camera 'none'" } },
      /invalid securityHeaders Feature-Policy .*is replaced by Permissions-Policy/],
    ['a managed header through additional', { additional: { 'x-frame-options': 'SAMEORIGIN' } },
      /invalid securityHeaders x-frame-options "SAMEORIGIN": is set through its own option/],
    ['a header value with a line break', { additional: { 'X-Robots-Tag': 'noindex\r\nX-Evil: 1' } },
      /invalid securityHeaders X-Robots-Tag .*printable ASCII without line breaks/],
    ['a header name with an underscore', { additional: { X_Custom: '1' } },
      /invalid securityHeaders X_Custom "1": not a header name/],
    ['a bad value of a known extra header', { additional: { 'Cross-Origin-Embedder-Policy': 'require_corp' } },
      /invalid securityHeaders Cross-Origin-Embedder-Policy "require_corp": require-corp, credentialless or unsafe-none/],
    ['X-Frame-Options DENY with frame-ancestors self', { contentSecurityPolicy: "frame-ancestors 'self'" },
      /frame-ancestors 'self' contradicts X-Frame-Options DENY/],
    ["SAMEORIGIN with frame-ancestors 'none'", { frameOptions: 'SAMEORIGIN' },
      /frame-ancestors 'none' contradicts X-Frame-Options SAMEORIGIN/],
    ['an obsolete ALLOW-FROM', { frameOptions: 'ALLOW-FROM https://a.example.org' as 'DENY', contentSecurityPolicy: "frame-ancestors https://a.example.org" },
      /invalid securityHeaders X-Frame-Options "ALLOW-FROM https:\/\/a.example.org": ALLOW-FROM is obsolete/],
  ])('%s', (_name, overrides, message) => {
    expect(headerError(overrides)).toMatch(message);
  });

  test('more than 16 headers in all (the Gateway API limit)', () => {
    const additional = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`X-Extra-${i}`, 'v']));
    expect(headerError({ additional })).toMatch(/invalid securityHeaders additional .*at most 16 headers in all .*has 17/);
  });

  test("'unsafe-inline' with a reason is accepted and emitted", () => {
    const { construct } = ingress({ contentSecurityPolicy: "style-src 'self' 'unsafe-inline'", allowUnsafe: { reason: 'the charting library injects inline styles' } });
    expect(construct.headers['Content-Security-Policy']).toContain("style-src 'self' 'unsafe-inline'");
  });
});
