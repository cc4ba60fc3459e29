import { Chart, Testing } from 'cdk8s';
import { Edge, HardenedIngress, HardenedIngressProps, SecurityHeaders } from '../../constructs';
import * as kplus from '../../lib/plus';

const OWNERSHIP = { partOf: 'shop', owner: 'team-web', runbookUrl: 'https://runbooks.example.org/shop' };
const GATEWAY = { gatewayName: 'edge', gatewayNamespace: 'gateway-system', httpsListener: 'https', httpListener: 'http' };
const DEFAULT_HEADERS = {
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'Content-Security-Policy': "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-XSS-Protection': '0',
};

function chart(namespace: string | undefined = 'shop'): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

function props(overrides: Partial<HardenedIngressProps> = {}): HardenedIngressProps {
  return {
    ...OWNERSHIP,
    hosts: ['shop.example.org'],
    routes: [{ path: '/', service: { name: 'web' }, port: 8080 }],
    edge: Edge.gatewayApi(GATEWAY),
    ...overrides,
  };
}

function synth(c: Chart): any[] {
  return Testing.synth(c);
}

function find(objects: any[], kind: string, name: string): any {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} in ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

function build(overrides: Partial<HardenedIngressProps> = {}, namespace?: string): any[] {
  const c = chart(namespace);
  new HardenedIngress(c, 'Web', props(overrides));
  return synth(c);
}

function error(overrides: Partial<HardenedIngressProps>, namespace?: string): string {
  try {
    build(overrides, namespace);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the construct to throw');
}

describe('HardenedIngress on the Gateway API', () => {
  test('emits an HTTPS route with the headers and an HTTP route that only redirects', () => {
    const objects = build({
      hosts: ['shop.example.org', 'www.shop.example.org'],
      routes: [
        { path: '/', service: { name: 'web' }, port: 8080 },
        { path: '/api', pathType: 'Prefix', service: { name: 'api' }, port: 9000 },
        { path: '/healthz', pathType: 'Exact', service: { name: 'web' }, port: 8080 },
      ],
    });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['HTTPRoute/web', 'HTTPRoute/web-http-redirect']);

    const https = find(objects, 'HTTPRoute', 'web');
    expect(https.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(https.metadata.namespace).toBe('shop');
    expect(https.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'gateway-system', sectionName: 'https' }]);
    expect(https.spec.hostnames).toEqual(['shop.example.org', 'www.shop.example.org']);
    const set = Object.entries(DEFAULT_HEADERS).map(([name, value]) => ({ name, value }));
    expect(https.spec.rules).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }], filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set } }], backendRefs: [{ name: 'web', port: 8080 }] },
      { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set } }], backendRefs: [{ name: 'api', port: 9000 }] },
      { matches: [{ path: { type: 'Exact', value: '/healthz' } }], filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set } }], backendRefs: [{ name: 'web', port: 8080 }] },
    ]);

    const redirect = find(objects, 'HTTPRoute', 'web-http-redirect');
    expect(redirect.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'gateway-system', sectionName: 'http' }]);
    expect(redirect.spec.hostnames).toEqual(['shop.example.org', 'www.shop.example.org']);
    expect(redirect.spec.rules).toEqual([{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }]);
  });

  test('emits the Gateway when the app owns it: HTTPS listener with certificateRefs and the issuer annotation', () => {
    const objects = build({ edge: Edge.gatewayApi({ ...GATEWAY, gatewayNamespace: 'shop', emitGateway: { gatewayClassName: 'eg', clusterIssuer: 'letsencrypt' } }) });
    const gw = find(objects, 'Gateway', 'edge');
    expect(gw.metadata.namespace).toBe('shop');
    expect(gw.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt');
    const allowedRoutes = { kinds: [{ kind: 'HTTPRoute' }], namespaces: { from: 'Same' } };
    expect(gw.spec).toEqual({
      gatewayClassName: 'eg',
      listeners: [
        { name: 'https', protocol: 'HTTPS', port: 443, hostname: 'shop.example.org', tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'edge-tls' }] }, allowedRoutes },
        { name: 'http', protocol: 'HTTP', port: 80, hostname: 'shop.example.org', allowedRoutes },
      ],
    });
  });

  test('an emitted Gateway in another namespace admits exactly the route namespace; several hosts leave the listener hostname to the route', () => {
    const objects = build({
      hosts: ['a.example.org', 'b.example.org'],
      edge: Edge.gatewayApi({ ...GATEWAY, emitGateway: { gatewayClassName: 'eg', tlsSecretName: 'shop-cert' } }),
    });
    const gw = find(objects, 'Gateway', 'edge');
    expect(gw.metadata.namespace).toBe('gateway-system');
    expect(gw.metadata.annotations['cert-manager.io/cluster-issuer']).toBeUndefined();
    expect(gw.spec.listeners[0].hostname).toBeUndefined();
    expect(gw.spec.listeners[0].tls.certificateRefs).toEqual([{ kind: 'Secret', name: 'shop-cert' }]);
    expect(gw.spec.listeners[0].allowedRoutes.namespaces).toEqual({ from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } });
  });

  test('rejects a rate limit and source ranges, which the standard API does not have', () => {
    expect(error({ rateLimit: { requestsPerSecond: 10 } })).toMatch(/^test\/Web: invalid rateLimit .*no rate limit on the gateway-api edge/);
    expect(error({ allowedSourceRanges: ['10.0.0.0/8'] })).toMatch(/^test\/Web: invalid allowedSourceRanges .*no client-IP filter/);
  });

  test('rejects the same listener for HTTPS and HTTP, and an issuer for several hosts on an emitted Gateway', () => {
    expect(error({ edge: Edge.gatewayApi({ ...GATEWAY, httpListener: 'https' }) })).toMatch(/^test\/Web: invalid edge.httpListener "https": a listener other than httpsListener/);
    expect(error({ hosts: ['a.example.org', 'b.example.org'], edge: Edge.gatewayApi({ ...GATEWAY, emitGateway: { gatewayClassName: 'eg', clusterIssuer: 'le' } }) }))
      .toMatch(/invalid edge.emitGateway.clusterIssuer "le": one host per emitted Gateway \(has 2\)/);
    expect(error({ edge: Edge.gatewayApi({ ...GATEWAY, gatewayName: 'Edge' }) })).toMatch(/invalid edge.gatewayName "Edge": a Kubernetes name \(must be an RFC 1123 subdomain/);
  });
});

describe('HardenedIngress on Traefik', () => {
  test('emits a websecure-only TLS Ingress and a headers Middleware referenced by the router annotation', () => {
    const objects = build({
      hosts: ['shop.example.org', '*.shop.example.org'],
      edge: Edge.traefik({ ingressClassName: 'traefik', clusterIssuer: 'letsencrypt' }),
    });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Middleware/web-headers', 'Ingress/web']);
    const ingress = find(objects, 'Ingress', 'web');
    expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
    expect(ingress.metadata.annotations).toMatchObject({
      'traefik.ingress.kubernetes.io/router.middlewares': 'shop-web-headers@kubernetescrd',
      'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure',
      'traefik.ingress.kubernetes.io/router.tls': 'true',
      'cert-manager.io/cluster-issuer': 'letsencrypt',
    });
    expect(ingress.spec.ingressClassName).toBe('traefik');
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.org', '*.shop.example.org'], secretName: 'web-tls' }]);
    expect(ingress.spec.rules.map((r: any) => r.host)).toEqual(['shop.example.org', '*.shop.example.org']);
    expect(ingress.spec.rules[0].http.paths).toEqual([{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 8080 } } } }]);

    const mw = find(objects, 'Middleware', 'web-headers');
    expect(mw.apiVersion).toBe('traefik.io/v1alpha1');
    expect(mw.metadata.namespace).toBe('shop');
    expect(mw.spec).toEqual({
      headers: {
        stsSeconds: 31536000,
        stsIncludeSubdomains: true,
        stsPreload: false,
        contentTypeNosniff: true,
        frameDeny: true,
        contentSecurityPolicy: DEFAULT_HEADERS['Content-Security-Policy'],
        referrerPolicy: 'strict-origin-when-cross-origin',
        permissionsPolicy: 'camera=(), microphone=(), geolocation=()',
        customResponseHeaders: { 'Cross-Origin-Opener-Policy': 'same-origin', 'X-XSS-Protection': '0' },
      },
    });
    expect(JSON.stringify(objects)).not.toContain('browserXssFilter');
  });

  test('chains headers, ipAllowList and RateLimit middlewares; maps preload and SAMEORIGIN to Traefik fields', () => {
    const objects = build({
      edge: Edge.traefik({ ingressClassName: 'traefik', tlsSecretName: 'shop-cert', secureEntrypoint: 'https' }),
      rateLimit: { requestsPerSecond: 20, burst: 30 },
      allowedSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
      securityHeaders: SecurityHeaders.strict({
        strictTransportSecurity: 'max-age=63072000; includeSubDomains; preload',
        frameOptions: 'SAMEORIGIN',
        contentSecurityPolicy: "frame-ancestors 'self'",
      }),
    });
    const ingress = find(objects, 'Ingress', 'web');
    expect(ingress.metadata.annotations['traefik.ingress.kubernetes.io/router.middlewares'])
      .toBe('shop-web-headers@kubernetescrd,shop-web-ipallowlist@kubernetescrd,shop-web-ratelimit@kubernetescrd');
    expect(ingress.metadata.annotations['traefik.ingress.kubernetes.io/router.entrypoints']).toBe('https');
    expect(ingress.metadata.annotations['cert-manager.io/cluster-issuer']).toBeUndefined();
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.org'], secretName: 'shop-cert' }]);
    expect(find(objects, 'Middleware', 'web-ipallowlist').spec).toEqual({ ipAllowList: { sourceRange: ['203.0.113.0/24', '2001:db8::/32'] } });
    expect(find(objects, 'Middleware', 'web-ratelimit').spec).toEqual({ rateLimit: { average: 20, period: '1s', burst: 30 } });
    const headers = find(objects, 'Middleware', 'web-headers').spec.headers;
    expect(headers).toMatchObject({ stsSeconds: 63072000, stsIncludeSubdomains: true, stsPreload: true, customFrameOptionsValue: 'SAMEORIGIN' });
    expect(headers.frameDeny).toBeUndefined();
  });

  test('rejects a bad entrypoint and a burst below the rate', () => {
    expect(error({ edge: Edge.traefik({ ingressClassName: 'traefik', secureEntrypoint: 'web secure' }) })).toMatch(/invalid edge.secureEntrypoint "web secure"/);
    expect(error({ edge: Edge.traefik({ ingressClassName: 'traefik' }), rateLimit: { requestsPerSecond: 10, burst: 5 } })).toMatch(/invalid rateLimit.burst 5: a whole number of requests at least requestsPerSecond \(10\)/);
  });
});

describe('HardenedIngress on ingress-nginx', () => {
  test('emits a TLS Ingress with force-ssl-redirect and custom-headers pointing at the emitted ConfigMap', () => {
    const objects = build({
      edge: Edge.nginx({ ingressClassName: 'nginx', clusterIssuer: 'letsencrypt' }),
      rateLimit: { requestsPerSecond: 10, burst: 30 },
      allowedSourceRanges: ['10.0.0.0/8', '192.168.0.0/16'],
    });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ConfigMap/web-headers', 'Ingress/web']);
    const ingress = find(objects, 'Ingress', 'web');
    expect(ingress.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
      'nginx.ingress.kubernetes.io/custom-headers': 'shop/web-headers',
      'nginx.ingress.kubernetes.io/limit-rps': '10',
      'nginx.ingress.kubernetes.io/limit-burst-multiplier': '3',
      'nginx.ingress.kubernetes.io/whitelist-source-range': '10.0.0.0/8,192.168.0.0/16',
      'cert-manager.io/cluster-issuer': 'letsencrypt',
    });
    expect(Object.keys(ingress.metadata.annotations).filter((k) => k.includes('snippet'))).toEqual([]);
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.org'], secretName: 'web-tls' }]);
    const cm = find(objects, 'ConfigMap', 'web-headers');
    expect(cm.metadata.namespace).toBe('shop');
    expect(cm.data).toEqual(DEFAULT_HEADERS);
  });

  test('puts the ConfigMap in the namespace the annotation names', () => {
    const objects = build({ edge: Edge.nginx({ ingressClassName: 'nginx', customHeadersConfigMapNamespace: 'edge-headers' }) });
    expect(find(objects, 'ConfigMap', 'web-headers').metadata.namespace).toBe('edge-headers');
    expect(find(objects, 'Ingress', 'web').metadata.annotations['nginx.ingress.kubernetes.io/custom-headers']).toBe('edge-headers/web-headers');
  });

  test('rejects a burst that is not a multiple of the rate (the controller takes a multiplier)', () => {
    expect(error({ edge: Edge.nginx({ ingressClassName: 'nginx' }), rateLimit: { requestsPerSecond: 10, burst: 25 } }))
      .toMatch(/^test\/Web: invalid rateLimit.burst 25: a multiple of requestsPerSecond \(10\)/);
  });
});

describe('HardenedIngress identity and names', () => {
  test('stamps recommended labels and owner annotations on every object; names are explicit', () => {
    const c = chart();
    new HardenedIngress(c, 'Storefront', props({ name: 'store', version: '1.4.2', edge: Edge.nginx({ ingressClassName: 'nginx' }) }));
    for (const o of synth(c)) {
      expect(o.metadata.name).toMatch(/^store(-headers)?$/);
      expect(o.metadata.labels).toEqual({
        'app.kubernetes.io/name': 'store',
        'app.kubernetes.io/instance': 'store',
        'app.kubernetes.io/component': 'edge',
        'app.kubernetes.io/part-of': 'shop',
        'app.kubernetes.io/managed-by': 'cdk8s',
        'app.kubernetes.io/version': '1.4.2',
      });
      expect(o.metadata.annotations).toMatchObject({ 'platform.example.org/owner': 'team-web', 'platform.example.org/runbook': 'https://runbooks.example.org/shop' });
    }
  });

  test('the default version is a stable hash of the configuration', () => {
    const version = (o: Partial<HardenedIngressProps>) => build(o)[0].metadata.labels['app.kubernetes.io/version'];
    expect(version({})).toMatch(/^[0-9a-f]{12}$/);
    expect(version({})).toBe(version({}));
    expect(version({ hosts: ['other.example.org'] })).not.toBe(version({}));
  });

  test('takes the namespace prop over the chart namespace, and needs one of them', () => {
    const c = chart(undefined);
    new HardenedIngress(c, 'Web', props({ namespace: 'payments' }));
    expect(synth(c).map((o) => o.metadata.namespace)).toEqual(['payments', 'payments']);
    const noNs = new Chart(Testing.app(), 'test');
    expect(() => new HardenedIngress(noNs, 'Web', props())).toThrow(/^test\/Web: invalid namespace \(missing\): a namespace \(or a Chart with one\)/);
  });

  test('rejects a bad name and bad ownership', () => {
    expect(error({ name: 'Web_1' })).toMatch(/^test\/Web: invalid name "Web_1": a name that must be an RFC 1123 label/);
    expect(error({ name: 'x'.repeat(50) })).toMatch(/invalid name "x+": a name that must be at most 49 characters/);
    expect(error({ runbookUrl: 'http://wiki' })).toMatch(/invalid partOf\/owner\/runbookUrl\/version .*must be an https:\/\/ URL/);
  });
});

describe('HardenedIngress validation of hosts and routes', () => {
  test.each([
    [[], /invalid hosts \[\]: at least one hostname/],
    [['Shop.example.org'], /invalid hosts\[0\] "Shop.example.org": must be lowercase/],
    [['shop.*.example.org'], /invalid hosts\[0\] "shop.\*.example.org": a wildcard is allowed only as the whole first label/],
    [['*shop.example.org'], /invalid hosts\[0\] "\*shop.example.org": a wildcard is allowed only as the whole first label/],
    [['*.*.example.org'], /a wildcard is allowed only as the whole first label/],
    [['*.org'], /a wildcard must cover a domain with at least two labels/],
    [['localhost'], /must be a fully qualified name/],
    [['10.0.0.1'], /an IP address is not a hostname/],
    [['shop.example.org.'], /must not end with "."/],
    [['-shop.example.org'], /label "-shop" is not an RFC 1123 label/],
    [['a.example.org', 'a.example.org'], /invalid hosts\[1\] "a.example.org": each host once/],
  ])('rejects hosts %j', (hosts, message) => {
    expect(error({ hosts })).toMatch(message);
  });

  test.each([
    [[], /^test\/Web: invalid routes \[\]: at least one route/],
    [[{ path: 'api', service: { name: 'web' }, port: 80 }], /^test\/Web: invalid routes\[0\].path "api": must start with "\/"/],
    [[{ path: '/a?b', service: { name: 'web' }, port: 80 }], /invalid routes\[0\].path "\/a\?b": may contain only/],
    [[{ path: '/a/../b', service: { name: 'web' }, port: 80 }], /must not contain "." or ".." segments/],
    [[{ path: '/', service: { name: 'web' }, port: 0 }], /invalid routes\[0\].port 0: a Service port from 1 to 65535/],
    [[{ path: '/', service: { name: 'Web' }, port: 80 }], /invalid routes\[0\].service.name "Web": a Service name/],
    [[{ path: '/', pathType: 'Regex', service: { name: 'web' }, port: 80 }], /invalid routes\[0\].pathType "Regex": "Prefix" or "Exact"/],
    [[{ path: '/api', service: { name: 'a' }, port: 80 }, { path: '/api/', service: { name: 'b' }, port: 80 }],
      /invalid routes\[1\].path "\/api\/": a path not already routed: routes\[0\] matches the same path on host shop.example.org/],
  ])('rejects routes %j', (routes, message) => {
    expect(error({ routes: routes as any })).toMatch(message);
  });

  test('treats the same path as a duplicate whatever its pathType, and different paths as distinct', () => {
    expect(error({ routes: [{ path: '/a', service: { name: 'a' }, port: 80 }, { path: '/a', pathType: 'Exact', service: { name: 'b' }, port: 80 }] }))
      .toMatch(/invalid routes\[1\].path "\/a": a path not already routed: routes\[0\]/);
    expect(() => build({ routes: [{ path: '/a', service: { name: 'a' }, port: 80 }, { path: '/ab', service: { name: 'b' }, port: 80 }] })).not.toThrow();
  });

  test.each([
    [['0.0.0.0/0'], /invalid allowedSourceRanges\[0\] "0.0.0.0\/0": a specific network/],
    [['10.0.0.1/8'], /host bits are set \(did you mean 10.0.0.0\/8\?\)/],
    [['10.0.0.0'], /an IPv4 or IPv6 CIDR/],
    [[], /invalid allowedSourceRanges \[\]: at least one CIDR/],
  ])('rejects source ranges %j', (allowedSourceRanges, message) => {
    expect(error({ edge: Edge.traefik({ ingressClassName: 'traefik' }), allowedSourceRanges })).toMatch(message);
  });
});

describe('HardenedIngress backends that are Service constructs of this app', () => {
  function withService(port: number, serviceNamespace?: string): Chart {
    const c = chart();
    const service = new kplus.Service(c, 'Svc', { metadata: { name: 'web', namespace: serviceNamespace }, ports: [{ port: 8080 }, { port: 9090 }] });
    new HardenedIngress(c, 'Web', props({ routes: [{ path: '/', service, port }] }));
    return c;
  }

  test('routes to the Service by its name and port', () => {
    const route = find(Testing.synth(withService(9090)), 'HTTPRoute', 'web');
    expect(route.spec.rules[0].backendRefs).toEqual([{ name: 'web', port: 9090 }]);
    const app = withService(9090).node.root as any;
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('rejects a port the Service does not expose', () => {
    const app = withService(8443).node.root as any;
    expect(() => app.synthYaml()).toThrow(/test\/Web: invalid routes\[0\].port 8443: a port of Service "web" \(8080, 9090\)/);
  });

  test('rejects a Service in another namespace', () => {
    const app = withService(8080, 'other').node.root as any;
    expect(() => app.synthYaml()).toThrow(/invalid routes\[0\].service "web": a Service in namespace "shop" \(it is in "other"\)/);
  });

  test('rejects a Service construct of another app', () => {
    const other = new kplus.Service(chart(), 'Svc', { ports: [{ port: 80 }] });
    expect(error({ routes: [{ path: '/', service: other, port: 80 }] })).toMatch(/invalid routes\[0\].service "test\/Svc": a Service construct of this app/);
  });
});
