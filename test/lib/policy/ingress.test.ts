import { Manifest } from '../../../lib/policy/types';
import { problems } from './policy-helpers';

const SECURITY_HEADERS = [
  { name: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' },
  { name: 'X-Content-Type-Options', value: 'nosniff' },
  { name: 'X-Frame-Options', value: 'DENY' },
  { name: 'Content-Security-Policy', value: "default-src 'self'" },
  { name: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
];

const headersFilter = (set = SECURITY_HEADERS) => ({ type: 'ResponseHeaderModifier', responseHeaderModifier: { set } });
const redirectRule = (scheme = 'https') => ({ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme, statusCode: 301 } }] });
const backendRule = (filters: unknown[] = [headersFilter()]) => ({ filters, backendRefs: [{ name: 'web', port: 80 }] });

function gateway(listeners = [{ name: 'https', protocol: 'HTTPS', port: 443 }, { name: 'http', protocol: 'HTTP', port: 80 }]): Manifest {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'edge', namespace: 'gateway' },
    spec: { gatewayClassName: 'traefik', listeners },
  };
}

function route(parentRef: Record<string, unknown> = { sectionName: 'https' }, rules: unknown[] = [backendRule()]): Manifest {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { parentRefs: [{ name: 'edge', namespace: 'gateway', ...parentRef }], hostnames: ['shop.example.com'], rules },
  };
}

function ingress(options: { annotations?: Record<string, string>; rules?: unknown[]; tls?: unknown[] } = {}): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: 'shop', annotations: options.annotations ?? { 'traefik.ingress.kubernetes.io/router.middlewares': 'shop-headers@kubernetescrd' } },
    spec: {
      ingressClassName: 'traefik',
      rules: options.rules ?? [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
      tls: options.tls ?? [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
    },
  };
}

function middleware(headers: Record<string, unknown> = {}, name = 'headers', extra: Record<string, unknown> = {}): Manifest {
  return {
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'Middleware',
    metadata: { name, namespace: 'shop' },
    spec: {
      headers: {
        stsSeconds: 31536000,
        contentTypeNosniff: true,
        frameDeny: true,
        contentSecurityPolicy: "default-src 'self'",
        referrerPolicy: 'no-referrer',
        ...headers,
      },
      ...extra,
    },
  };
}

const nginxHeaders = (data: Record<string, string> = Object.fromEntries(SECURITY_HEADERS.map(({ name, value }) => [name, value]))): Manifest => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'security-headers', namespace: 'ingress-nginx' },
  data,
});

describe('ingress/tls', () => {
  const RULE = 'ingress/tls';

  describe('Ingress', () => {
    test('every host listed under tls passes, also through a wildcard', () => {
      expect(problems(RULE, [ingress()])).toEqual([]);
      expect(problems(RULE, [ingress({ tls: [{ hosts: ['*.example.com'] }] })])).toEqual([]);
    });

    test('a host without TLS is plaintext', () => {
      const rules = [{ host: 'shop.example.com' }, { host: 'api.example.com' }];
      expect(problems(RULE, [ingress({ rules })])).toEqual(['spec.rules[1].host: host api.example.com is not listed in any spec.tls hosts: it is served over plaintext HTTP']);
    });

    test('a wildcard covers exactly one label', () => {
      expect(problems(RULE, [ingress({ rules: [{ host: 'a.b.example.com' }], tls: [{ hosts: ['*.example.com'] }] })])).toHaveLength(1);
      expect(problems(RULE, [ingress({ rules: [{ host: 'example.com' }], tls: [{ hosts: ['*.example.com'] }] })])).toHaveLength(1);
    });

    test('no tls at all fails; a hostless rule needs a hostless (default certificate) tls entry', () => {
      expect(problems(RULE, [ingress({ tls: [] })])).toHaveLength(1);
      expect(problems(RULE, [ingress({ rules: [], tls: [] })])).toEqual(['spec.tls: the Ingress has no TLS section: it serves plaintext HTTP']);
      expect(problems(RULE, [ingress({ rules: [{ http: {} }], tls: [{ hosts: ['shop.example.com'] }] })])).toHaveLength(1);
      expect(problems(RULE, [ingress({ rules: [{ http: {} }], tls: [{ secretName: 'default' }] })])).toEqual([]);
    });

    test('ingress-nginx ssl-redirect "false" serves plaintext', () => {
      const annotations = { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false', 'nginx.ingress.kubernetes.io/custom-headers': 'ingress-nginx/security-headers' };
      expect(problems(RULE, [ingress({ annotations })])).toEqual([
        'metadata.annotations["nginx.ingress.kubernetes.io/ssl-redirect"]: ssl-redirect "false" makes ingress-nginx serve the hosts over plaintext HTTP instead of redirecting to HTTPS',
      ]);
    });

    test('legacy extensions/v1beta1 Ingresses are judged too', () => {
      expect(problems(RULE, [{ ...ingress({ tls: [] }), apiVersion: 'extensions/v1beta1' }])).toHaveLength(1);
    });
  });

  describe('HTTPRoute', () => {
    test('attached to the HTTPS listener passes', () => {
      expect(problems(RULE, [route(), gateway()])).toEqual([]);
    });

    test('without sectionName it attaches to plaintext listeners too', () => {
      expect(problems(RULE, [route({}), gateway()])).toEqual([
        'spec.parentRefs[0].sectionName: no sectionName: the route attaches to every listener of Gateway edge, plaintext ones included',
      ]);
    });

    test('attached to an HTTP listener fails unless it only redirects to https', () => {
      expect(problems(RULE, [route({ sectionName: 'http' }), gateway()])).toEqual([
        'spec.parentRefs[0].sectionName: listener http of Gateway gateway/edge is "HTTP", not HTTPS: only redirects to https may use a plaintext listener',
      ]);
      expect(problems(RULE, [route({ sectionName: 'http' }, [redirectRule()]), gateway()])).toEqual([]);
      expect(problems(RULE, [route({}, [redirectRule()]), gateway()])).toEqual([]);
    });

    test('a redirect to http, or a redirect rule with a backend, is not a redirect-only route', () => {
      expect(problems(RULE, [route({ sectionName: 'http' }, [redirectRule('http')]), gateway()])).toHaveLength(1);
      expect(problems(RULE, [route({ sectionName: 'http' }, [{ ...redirectRule(), backendRefs: [{ name: 'web', port: 80 }] }]), gateway()])).toHaveLength(1);
      expect(problems(RULE, [route({ sectionName: 'http' }, [redirectRule(), backendRule()]), gateway()])).toHaveLength(1);
    });

    test('an unknown listener is an error', () => {
      expect(problems(RULE, [route({ sectionName: 'htps' }), gateway()])).toEqual(['spec.parentRefs[0].sectionName: Gateway gateway/edge has no listener named htps']);
    });

    test('a Gateway outside the run gives a warning, not an error', () => {
      const findings = problems(RULE, [route()]);
      expect(findings).toEqual(['spec.parentRefs[0].sectionName: cannot verify that listener https is HTTPS: Gateway gateway/edge is not among the checked objects']);
    });

    test('parentRefs to something other than a Gateway are not judged', () => {
      expect(problems(RULE, [route({ kind: 'Service', group: '' })])).toEqual([]);
    });
  });
});

describe('ingress/security-headers', () => {
  const RULE = 'ingress/security-headers';

  describe('HTTPRoute', () => {
    test('a ResponseHeaderModifier with every header passes; names are case-insensitive; add counts like set', () => {
      expect(problems(RULE, [route()])).toEqual([]);
      const lower = SECURITY_HEADERS.map(({ name, value }) => ({ name: name.toLowerCase(), value }));
      expect(problems(RULE, [route(undefined, [backendRule([{ type: 'ResponseHeaderModifier', responseHeaderModifier: { add: lower } }])])])).toEqual([]);
    });

    test('each missing header is named', () => {
      const partial = SECURITY_HEADERS.filter(({ name }) => name !== 'Referrer-Policy' && name !== 'X-Frame-Options');
      expect(problems(RULE, [route(undefined, [backendRule([headersFilter(partial)])])])).toEqual([
        'spec.rules[0].filters: rule 0 does not send X-Frame-Options (or a Content-Security-Policy with frame-ancestors), Referrer-Policy',
      ]);
    });

    test('a CSP with frame-ancestors replaces X-Frame-Options', () => {
      const headers = SECURITY_HEADERS.filter(({ name }) => name !== 'X-Frame-Options').map((header) =>
        header.name === 'Content-Security-Policy' ? { ...header, value: "default-src 'self'; frame-ancestors 'none'" } : header,
      );
      expect(problems(RULE, [route(undefined, [backendRule([headersFilter(headers)])])])).toEqual([]);
    });

    test('redirect rules need no headers, every other rule does', () => {
      expect(problems(RULE, [route(undefined, [redirectRule(), backendRule([])])])).toEqual([
        'spec.rules[1].filters: rule 1 does not send Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options (or a Content-Security-Policy with frame-ancestors), Content-Security-Policy, Referrer-Policy',
      ]);
    });

    test('a Traefik Middleware ExtensionRef provides headers; missing from the run it is a warning', () => {
      const extensionRef = { type: 'ExtensionRef', extensionRef: { group: 'traefik.io', kind: 'Middleware', name: 'headers' } };
      expect(problems(RULE, [route(undefined, [backendRule([extensionRef])]), middleware()])).toEqual([]);
      expect(problems(RULE, [route(undefined, [backendRule([extensionRef])])])).toEqual([
        expect.stringMatching(/^spec\.rules\[0\]\.filters: cannot verify the security headers of rule 0: Middleware shop\/headers not among the checked objects/),
      ]);
    });
  });

  describe('Ingress with Traefik', () => {
    test('a referenced Middleware with the header fields passes', () => {
      expect(problems(RULE, [ingress(), middleware()])).toEqual([]);
    });

    test('customResponseHeaders count; an empty value removes a header in Traefik', () => {
      const custom = middleware({ stsSeconds: undefined, referrerPolicy: undefined, customResponseHeaders: { 'Strict-Transport-Security': 'max-age=63072000', 'Referrer-Policy': '' } });
      expect(problems(RULE, [ingress(), custom])).toEqual([
        'metadata.annotations["traefik.ingress.kubernetes.io/router.middlewares"]: the Ingress does not send Referrer-Policy',
      ]);
    });

    test('stsSeconds 0 sends no HSTS', () => {
      expect(problems(RULE, [ingress(), middleware({ stsSeconds: 0 })])).toEqual([
        'metadata.annotations["traefik.ingress.kubernetes.io/router.middlewares"]: the Ingress does not send Strict-Transport-Security',
      ]);
    });

    test('headers are combined across listed and chained middlewares', () => {
      const hsts = middleware({ contentTypeNosniff: undefined, frameDeny: undefined, contentSecurityPolicy: undefined, referrerPolicy: undefined }, 'hsts');
      const rest = middleware({ stsSeconds: undefined }, 'rest');
      const chain: Manifest = { ...middleware({}, 'chain'), spec: { chain: { middlewares: [{ name: 'hsts' }, { name: 'rest' }] } } };
      const annotations = { 'traefik.ingress.kubernetes.io/router.middlewares': 'shop-chain@kubernetescrd' };
      expect(problems(RULE, [ingress({ annotations }), chain, hsts, rest])).toEqual([]);
      const both = { 'traefik.ingress.kubernetes.io/router.middlewares': 'shop-hsts@kubernetescrd, shop-rest@kubernetescrd' };
      expect(problems(RULE, [ingress({ annotations: both }), hsts, rest])).toEqual([]);
    });

    test('a Middleware not in the run is a warning', () => {
      expect(problems(RULE, [ingress()])).toEqual([
        expect.stringMatching(/cannot verify the security headers of the Ingress: Middleware shop-headers@kubernetescrd not among the checked objects/),
      ]);
    });
  });

  describe('Ingress with ingress-nginx', () => {
    const annotations = { 'nginx.ingress.kubernetes.io/custom-headers': 'ingress-nginx/security-headers' };

    test('a referenced ConfigMap with every header passes', () => {
      expect(problems(RULE, [ingress({ annotations }), nginxHeaders()])).toEqual([]);
    });

    test('a ConfigMap missing headers fails; one outside the run warns', () => {
      expect(problems(RULE, [ingress({ annotations }), nginxHeaders({ 'X-Content-Type-Options': 'nosniff' })])).toHaveLength(1);
      expect(problems(RULE, [ingress({ annotations })])).toEqual([expect.stringContaining('ConfigMap ingress-nginx/security-headers not among the checked objects')]);
    });

    test('a ConfigMap name without namespace is looked up beside the Ingress', () => {
      const local = { ...nginxHeaders(), metadata: { name: 'security-headers', namespace: 'shop' } };
      expect(problems(RULE, [ingress({ annotations: { 'nginx.ingress.kubernetes.io/custom-headers': 'security-headers' } }), local])).toEqual([]);
    });
  });

  test('an Ingress with neither annotation has no security headers', () => {
    expect(problems(RULE, [ingress({ annotations: {} })])).toEqual([
      'metadata.annotations: no security headers: neither traefik.ingress.kubernetes.io/router.middlewares nor nginx.ingress.kubernetes.io/custom-headers is set',
    ]);
  });
});

describe('ingress/no-snippet-annotations', () => {
  test.each(['configuration-snippet', 'server-snippet', 'auth-snippet', 'stream-snippet'])('nginx.ingress.kubernetes.io/%s fails', (name) => {
    expect(problems('ingress/no-snippet-annotations', [ingress({ annotations: { [`nginx.ingress.kubernetes.io/${name}`]: 'more_set_headers "X: y";' } })])).toEqual([
      `metadata.annotations["nginx.ingress.kubernetes.io/${name}"]: snippet annotation nginx.ingress.kubernetes.io/${name} injects raw proxy configuration`,
    ]);
  });

  test('applies to any kind; other annotations pass', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', annotations: { 'example.com/server-snippet': 'x', 'example.com/snippets': 'y' } } };
    expect(problems('ingress/no-snippet-annotations', [service])).toHaveLength(1);
    expect(problems('ingress/no-snippet-annotations', [ingress()])).toEqual([]);
  });
});

describe('ingress/no-browser-xss-filter', () => {
  test('browserXssFilter is refused whatever its value', () => {
    expect(problems('ingress/no-browser-xss-filter', [middleware({ browserXssFilter: true })])).toEqual([
      'spec.headers.browserXssFilter: browserXssFilter is deprecated and must not be set',
    ]);
    expect(problems('ingress/no-browser-xss-filter', [middleware({ browserXssFilter: false })])).toHaveLength(1);
    expect(problems('ingress/no-browser-xss-filter', [middleware()])).toEqual([]);
  });
});
