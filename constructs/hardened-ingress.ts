import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { sha256Hex } from '../lib/checksum';
import { mergeCsp, parseCsp, serializeCsp, unsafeSources } from '../lib/edge/csp';
import { gateway, GATEWAY_GROUP, GatewayListener, httpRoute, ParentRef } from '../lib/edge/gateway-api';
import { hostnameProblem } from '../lib/edge/hostnames';
import { pathKey, pathProblem } from '../lib/edge/paths';
import { mergePermissionsPolicy, parsePermissionsPolicy, serializePermissionsPolicy } from '../lib/edge/permissions-policy';
import {
  additionalValueProblem, CONTENT_TYPE_OPTIONS, COOP, coopProblem, CSP, FRAME_OPTIONS, frameOptionsProblem, HSTS,
  headerNameProblem, headerValueProblem, hstsProblem, MAX_HEADERS, parseHsts, PERMISSIONS_POLICY, REFERRER_POLICY,
  referrerPolicyProblem, XSS_PROTECTION,
} from '../lib/edge/security-headers';
import { middleware, middlewareReference, ROUTER_ENTRYPOINTS, ROUTER_MIDDLEWARES, ROUTER_TLS } from '../lib/edge/traefik';
import { propError } from '../lib/errors';
import { Ownership, stampIdentity } from '../lib/metadata';
import * as kplus from '../lib/plus';
import {
  constructName, constructNamespace, dnsLabelProblem, dnsSubdomainProblem, integerProblem, requireIdentity, requireInteger, requirePort,
  requireValid, serviceNameProblem, sourceRangeProblem,
} from '../lib/validate';

// ---------------------------------------------------------------------------------------------
// Public API (stable: other constructs and the policy gate code against it)
// ---------------------------------------------------------------------------------------------

/** When HardenedIngress emits the Gateway itself (the app owns it rather than the platform). */
export interface GatewayOwnership {
  /** `spec.gatewayClassName` of the emitted Gateway. */
  readonly gatewayClassName: string;
  /**
   * TLS Secret (in the Gateway's namespace) the HTTPS listener terminates with (`certificateRefs`).
   * @default `<gatewayName>-tls`
   */
  readonly tlsSecretName?: string;
  /**
   * cert-manager ClusterIssuer: adds `cert-manager.io/cluster-issuer` to the Gateway so cert-manager
   * fills `tlsSecretName` (needs exactly one host: cert-manager issues per listener hostname).
   * @default none (the Secret is provided by other means)
   */
  readonly clusterIssuer?: string;
}

export interface GatewayApiEdgeOptions {
  /** Name of the Gateway the routes attach to. */
  readonly gatewayName: string;
  /** Namespace of that Gateway (its `allowedRoutes.namespaces` must admit the route's namespace). */
  readonly gatewayNamespace: string;
  /** `sectionName` of the Gateway's HTTPS listener (TLS terminated there): the route that serves. */
  readonly httpsListener: string;
  /** `sectionName` of the Gateway's plain-HTTP listener: the route that only redirects to HTTPS. */
  readonly httpListener: string;
  /**
   * Emit the Gateway too (HTTPS listener on 443 with certificateRefs, HTTP listener on 80).
   * @default the platform owns the Gateway; only HTTPRoutes are emitted
   */
  readonly emitGateway?: GatewayOwnership;
}

/** Options shared by the Ingress-based edges (Traefik, ingress-nginx). */
export interface IngressEdgeOptions {
  /** `spec.ingressClassName`. */
  readonly ingressClassName: string;
  /**
   * cert-manager ClusterIssuer: adds `cert-manager.io/cluster-issuer` so cert-manager fills the TLS Secret.
   * @default none (the TLS Secret is provided by other means)
   */
  readonly clusterIssuer?: string;
  /**
   * Secret holding the certificate for every host (one `spec.tls` entry covering all hosts).
   * @default `<name>-tls`
   */
  readonly tlsSecretName?: string;
}

export interface TraefikEdgeOptions extends IngressEdgeOptions {
  /**
   * The Traefik entrypoint the router listens on (TLS). Plain HTTP is redirected to it by the
   * entrypoint configuration of Traefik (see docs/hardened-ingress.md), never served by this Ingress.
   * @default 'websecure'
   */
  readonly secureEntrypoint?: string;
}

export interface NginxEdgeOptions extends IngressEdgeOptions {
  /**
   * Namespace of the ConfigMap holding the response headers (`custom-headers` annotation).
   * @default the namespace of the Ingress
   */
  readonly customHeadersConfigMapNamespace?: string;
}

/** Which controller renders the route. */
export type EdgeKind = 'gateway-api' | 'traefik' | 'nginx';

/** Where the route is rendered: a Gateway API Gateway, a Traefik v3 Ingress, or an ingress-nginx Ingress. */
export class Edge {
  /** HTTPRoutes attached to a Gateway's HTTPS listener (serving) and HTTP listener (301 to HTTPS). */
  static gatewayApi(options: GatewayApiEdgeOptions): Edge {
    return new Edge('gateway-api', options);
  }

  /** A `networking.k8s.io/v1` Ingress for Traefik v3, headers in a `traefik.io/v1alpha1` Middleware. */
  static traefik(options: TraefikEdgeOptions): Edge {
    return new Edge('traefik', options);
  }

  /**
   * A `networking.k8s.io/v1` Ingress for ingress-nginx, headers through the `custom-headers`
   * annotation and a ConfigMap (never a snippet). ingress-nginx was retired in March 2026: prefer
   * `Edge.gatewayApi` for new work.
   */
  static nginx(options: NginxEdgeOptions): Edge {
    return new Edge('nginx', options);
  }

  private constructor(
    readonly kind: EdgeKind,
    readonly options: GatewayApiEdgeOptions | TraefikEdgeOptions | NginxEdgeOptions,
  ) {}
}

/** A Service that is not a construct of this app, in the route's namespace. */
export interface HardenedIngressServiceReference {
  readonly name: string;
}

export interface HardenedIngressRoute {
  /** Path to match; starts with `/`. */
  readonly path: string;
  /** @default 'Prefix' */
  readonly pathType?: 'Prefix' | 'Exact';
  /** The backend: a Service construct of this app (its ports are checked) or a Service by name. */
  readonly service: kplus.Service | HardenedIngressServiceReference;
  /** Port of the Service (`spec.ports[].port`, not the target port). */
  readonly port: number;
}

/** A per-client-IP request rate limit (Traefik RateLimit middleware, ingress-nginx limit-rps). */
export interface HardenedIngressRateLimit {
  /** Average requests per second a client IP may send. */
  readonly requestsPerSecond: number;
  /**
   * Requests a client may send in a burst above the average. On ingress-nginx it must be a
   * multiple of `requestsPerSecond` (the controller takes a multiplier).
   * @default 5 × requestsPerSecond
   */
  readonly burst?: number;
}

/** A reason for allowing CSP `'unsafe-inline'`, `'unsafe-eval'` or `'unsafe-hashes'`. */
export interface CspUnsafeAllowance {
  /** Why the application needs it (kept in the code that loosens the default). */
  readonly reason: string;
}

/**
 * Per-header overrides of `SecurityHeaders.strict()`. Every value is checked against its grammar.
 * `Content-Security-Policy` and `Permissions-Policy` are merged per directive / feature onto the
 * defaults: a directive or feature you name replaces the default one, the others stay.
 */
export interface SecurityHeaderOverrides {
  /**
   * `Strict-Transport-Security`. `preload` needs max-age ≥ 31536000 and includeSubDomains.
   * @default 'max-age=31536000; includeSubDomains'
   */
  readonly strictTransportSecurity?: string;
  /**
   * `Content-Security-Policy` directives, merged onto the default per directive.
   * @default "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
   */
  readonly contentSecurityPolicy?: string;
  /**
   * `Permissions-Policy` features, merged onto the default per feature (e.g. `'geolocation=(self)'`).
   * @default 'camera=(), microphone=(), geolocation=()'
   */
  readonly permissionsPolicy?: string;
  /** @default 'strict-origin-when-cross-origin' */
  readonly referrerPolicy?: string;
  /**
   * `X-Frame-Options`; must agree with CSP `frame-ancestors` (DENY ⇔ 'none').
   * @default 'DENY'
   */
  readonly frameOptions?: 'DENY' | 'SAMEORIGIN';
  /** @default 'same-origin' */
  readonly crossOriginOpenerPolicy?: string;
  /**
   * Further response headers by name. `Set-Cookie` (cookies belong to the application),
   * `Feature-Policy` (replaced by Permissions-Policy) and the headers above are rejected.
   * @default none
   */
  readonly additional?: Readonly<Record<string, string>>;
  /**
   * Needed when the CSP contains `'unsafe-inline'`, `'unsafe-eval'` or `'unsafe-hashes'`.
   * @default not allowed
   */
  readonly allowUnsafe?: CspUnsafeAllowance;
}

/** A header that failed its grammar check. */
export interface SecurityHeaderProblem {
  readonly header: string;
  readonly value: string;
  readonly problem: string;
}

/**
 * The response headers HardenedIngress sets at the edge. Built by `SecurityHeaders.strict()`;
 * HardenedIngress checks them (`problems()`) in its constructor, naming its path and the header.
 */
export class SecurityHeaders {
  /**
   * Safe defaults: HSTS one year with subdomains, nosniff, DENY + frame-ancestors 'none', a
   * self-only CSP, strict-origin-when-cross-origin, camera/microphone/geolocation off,
   * `X-XSS-Protection: 0`, COOP same-origin. Tighten or override per header with `overrides`.
   */
  static strict(overrides: SecurityHeaderOverrides = {}): SecurityHeaders {
    return new SecurityHeaders(overrides);
  }

  private readonly resolved: { headers: Record<string, string>; problems: SecurityHeaderProblem[] };

  private constructor(readonly overrides: SecurityHeaderOverrides) {
    this.resolved = resolveHeaders(overrides);
  }

  /** Header name → value, in a fixed order. Throws when a header fails its grammar check. */
  headers(): Record<string, string> {
    const [first] = this.resolved.problems;
    if (first) throw new Error(`SecurityHeaders: invalid ${first.header} ${JSON.stringify(first.value)}: ${first.problem}`);
    return { ...this.resolved.headers };
  }

  /** Every grammar problem of these headers; empty when they are all valid. */
  problems(): SecurityHeaderProblem[] {
    return [...this.resolved.problems];
  }
}

export interface HardenedIngressProps extends Ownership {
  /** Hostnames served (RFC 1123, lowercase; a wildcard only as a single leading `*.` label). */
  readonly hosts: readonly string[];
  /** Path routes; each applies to every host. At least one. */
  readonly routes: readonly HardenedIngressRoute[];
  /**
   * Where the route is rendered. Required: every edge names platform objects (a Gateway and its
   * listeners, an IngressClass) that no default could guess right, and a route attached to a
   * guessed Gateway would silently serve nothing.
   */
  readonly edge: Edge;
  /** @default SecurityHeaders.strict() */
  readonly securityHeaders?: SecurityHeaders;
  /**
   * Per-client-IP rate limit (Traefik, ingress-nginx). Rejected on the Gateway API edge: the
   * standard API has no rate limit (configure it on the Gateway implementation's own policy).
   * @default no rate limit
   */
  readonly rateLimit?: HardenedIngressRateLimit;
  /**
   * Client CIDRs allowed to connect (Traefik ipAllowList, ingress-nginx whitelist-source-range).
   * Rejected on the Gateway API edge: the standard API has no source-range filter.
   * @default every source
   */
  readonly allowedSourceRanges?: readonly string[];
  /**
   * `metadata.name` of the main object; helper objects append a suffix (`-headers`, `-http-redirect`, ...).
   * RFC 1123 label, at most 49 characters.
   * @default the construct id, lowercased
   */
  readonly name?: string;
  /**
   * Namespace of the emitted objects (the middleware/ConfigMap references and the Gateway's
   * allowedRoutes name it).
   * @default the Chart's namespace; one of the two is required
   */
  readonly namespace?: string;
  /** @default 'edge' */
  readonly component?: string;
  /**
   * `app.kubernetes.io/version`.
   * @default a short hash of the rendered edge configuration (hosts, routes, headers)
   */
  readonly version?: string;
}

/** `cert-manager.io/cluster-issuer`: cert-manager's ingress- and gateway-shim fill the TLS Secret. */
export const CLUSTER_ISSUER_ANNOTATION = 'cert-manager.io/cluster-issuer';
export const NGINX_CUSTOM_HEADERS = 'nginx.ingress.kubernetes.io/custom-headers';
export const NGINX_FORCE_SSL_REDIRECT = 'nginx.ingress.kubernetes.io/force-ssl-redirect';

const MAX_NAME = 49; // 63 minus the longest suffix, "-http-redirect"

/**
 * TLS-only HTTP exposure with security headers, rendered for the Gateway API, Traefik v3 or
 * ingress-nginx. Plain HTTP only ever redirects to HTTPS; the headers are grammar-checked.
 *
 * Objects (construct ids are public contract):
 * - gateway-api: `HttpsRoute` (HTTPRoute `<name>`), `HttpRedirectRoute` (HTTPRoute `<name>-http-redirect`),
 *   `Gateway` (when `emitGateway`);
 * - traefik: `Ingress` (`<name>`), `Headers` (Middleware `<name>-headers`), `RateLimit`
 *   (`<name>-ratelimit`), `IpAllowList` (`<name>-ipallowlist`);
 * - nginx: `Ingress` (`<name>`), `Headers` (ConfigMap `<name>-headers`).
 */
export class HardenedIngress extends Construct {
  /** `metadata.name` of the main object. */
  readonly name: string;
  readonly namespace: string;
  readonly edge: Edge;
  /** The response headers set at the edge. */
  readonly headers: Readonly<Record<string, string>>;

  private readonly hosts: readonly string[];
  private readonly routes: readonly HardenedIngressRoute[];

  constructor(scope: Construct, id: string, props: HardenedIngressProps) {
    super(scope, id);
    this.name = constructName(this, props.name, MAX_NAME);
    this.namespace = constructNamespace(this, props.namespace, 'the edge objects reference each other by namespace');
    if (!(props.edge instanceof Edge)) throw propError(this, 'edge', props.edge, 'Edge.gatewayApi(...), Edge.traefik(...) or Edge.nginx(...)');
    this.edge = props.edge;

    this.hosts = this.validateHosts(props.hosts);
    this.routes = this.validateRoutes(props.routes);
    const securityHeaders = props.securityHeaders ?? SecurityHeaders.strict();
    const [headerProblem] = securityHeaders.problems();
    if (headerProblem) throw propError(this, `securityHeaders ${headerProblem.header}`, headerProblem.value, headerProblem.problem);
    this.headers = securityHeaders.headers();
    this.validateRateLimit(props.rateLimit);
    this.validateSourceRanges(props.allowedSourceRanges);

    const identity = requireIdentity(this, {
      name: this.name,
      instance: this.name,
      component: props.component ?? 'edge',
      partOf: props.partOf,
      version: props.version ?? this.configHash(),
      owner: props.owner,
      runbookUrl: props.runbookUrl,
    }, 'partOf/owner/runbookUrl/version');

    switch (this.edge.kind) {
      case 'gateway-api':
        this.renderGatewayApi(this.edge.options as GatewayApiEdgeOptions);
        break;
      case 'traefik':
        this.renderTraefik(this.edge.options as TraefikEdgeOptions, props);
        break;
      case 'nginx':
        this.renderNginx(this.edge.options as NginxEdgeOptions, props);
        break;
    }
    this.node.addValidation({ validate: () => this.backendProblems() });
    stampIdentity(this, identity);
  }

  // -------------------------------------------------------------------------------------------
  // Validation
  // -------------------------------------------------------------------------------------------

  private validateHosts(hosts: readonly string[] | undefined): readonly string[] {
    if (!hosts || hosts.length === 0) throw propError(this, 'hosts', hosts, 'at least one hostname');
    const seen = new Set<string>();
    hosts.forEach((host, i) => {
      const problem = hostnameProblem(host);
      if (problem) throw propError(this, `hosts[${i}]`, host, problem);
      if (seen.has(host)) throw propError(this, `hosts[${i}]`, host, 'each host once (it is listed twice)');
      seen.add(host);
    });
    return [...hosts];
  }

  private validateRoutes(routes: readonly HardenedIngressRoute[] | undefined): readonly HardenedIngressRoute[] {
    if (!routes || routes.length === 0) throw propError(this, 'routes', routes, 'at least one route');
    const seen = new Map<string, number>();
    routes.forEach((route, i) => {
      const pathType = route.pathType ?? 'Prefix';
      if (pathType !== 'Prefix' && pathType !== 'Exact') throw propError(this, `routes[${i}].pathType`, pathType, '"Prefix" or "Exact"');
      const problem = pathProblem(route.path);
      if (problem) throw propError(this, `routes[${i}].path`, route.path, problem);
      const key = pathKey(route.path);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        throw propError(this, `routes[${i}].path`, route.path, `a path not already routed: routes[${earlier}] matches the same path on host ${this.hosts[0]} (every route applies to every host)`);
      }
      seen.set(key, i);
      requirePort(this, `routes[${i}].port`, route.port, { noun: 'a Service port' });
      if (route.service instanceof kplus.Service) {
        if (route.service.node.root !== this.node.root) throw propError(this, `routes[${i}].service`, route.service.node.path, 'a Service construct of this app (or { name } for a Service defined elsewhere)');
      } else {
        requireValid(this, `routes[${i}].service.name`, route.service?.name, serviceNameProblem);
      }
    });
    return [...routes];
  }

  private validateRateLimit(rateLimit: HardenedIngressRateLimit | undefined): void {
    if (rateLimit === undefined) return;
    if (this.edge.kind === 'gateway-api') {
      throw propError(this, 'rateLimit', rateLimit, 'no rate limit on the gateway-api edge: the standard Gateway API has none; configure it with the Gateway implementation\'s own policy (e.g. Envoy Gateway BackendTrafficPolicy) or use Edge.traefik/Edge.nginx');
    }
    const { requestsPerSecond: rps } = rateLimit;
    requireInteger(this, 'rateLimit.requestsPerSecond', rps, { min: 1, max: 100000 }, 'a whole number of requests per second');
    const burst = requireValid(this, 'rateLimit.burst', rateLimit.burst ?? 5 * rps,
      (b) => integerProblem(b, { min: rps }) && `a whole number of requests at least requestsPerSecond (${rps})`);
    if (this.edge.kind === 'nginx' && burst % rps !== 0) {
      throw propError(this, 'rateLimit.burst', burst, `a multiple of requestsPerSecond (${rps}): ingress-nginx takes a burst multiplier (limit-burst-multiplier)`);
    }
  }

  private validateSourceRanges(ranges: readonly string[] | undefined): void {
    if (ranges === undefined) return;
    if (this.edge.kind === 'gateway-api') {
      throw propError(this, 'allowedSourceRanges', ranges, 'no source ranges on the gateway-api edge: the standard Gateway API has no client-IP filter; use the Gateway implementation\'s own policy (e.g. Envoy Gateway SecurityPolicy authorization) or a NetworkPolicy on the Gateway\'s pods');
    }
    if (ranges.length === 0) throw propError(this, 'allowedSourceRanges', ranges, 'at least one CIDR (leave the prop unset to admit every source)');
    const seen = new Set<string>();
    ranges.forEach((cidr, i) => {
      const problem = sourceRangeProblem(cidr);
      if (problem) throw propError(this, `allowedSourceRanges[${i}]`, cidr, problem);
      if (seen.has(cidr)) throw propError(this, `allowedSourceRanges[${i}]`, cidr, 'each range once (it is listed twice)');
      seen.add(cidr);
    });
  }

  /** Needs the finished tree: a Service construct may get its ports (and namespace) after this construct. */
  private backendProblems(): string[] {
    const problems: string[] = [];
    this.routes.forEach((route, i) => {
      if (!(route.service instanceof kplus.Service)) return;
      const service = route.service;
      const ports = service.ports.map((p) => p.port);
      if (!ports.includes(route.port)) {
        problems.push(propError(this, `routes[${i}].port`, route.port, `a port of Service "${service.name}" (${ports.length ? ports.join(', ') : 'it has no ports'})`).message);
      }
      const serviceNamespace = service.metadata.namespace ?? Chart.of(service).namespace;
      if (serviceNamespace !== this.namespace) {
        problems.push(propError(this, `routes[${i}].service`, service.name, `a Service in namespace "${this.namespace}" (it is in "${serviceNamespace ?? '(none)'}"): routes reach Services of their own namespace only`).message);
      }
    });
    return problems;
  }

  private checkName(prop: string, value: string | undefined, kind: 'label' | 'subdomain'): string {
    return requireValid(this, prop, value, (v) => {
      const problem = typeof v !== 'string' ? 'required' : kind === 'label' ? dnsLabelProblem(v) : dnsSubdomainProblem(v);
      return problem && `a Kubernetes name (${problem})`;
    }) as string;
  }

  // -------------------------------------------------------------------------------------------
  // Gateway API
  // -------------------------------------------------------------------------------------------

  private renderGatewayApi(options: GatewayApiEdgeOptions): void {
    const gatewayName = this.checkName('edge.gatewayName', options.gatewayName, 'subdomain');
    const gatewayNamespace = this.checkName('edge.gatewayNamespace', options.gatewayNamespace, 'label');
    const httpsListener = this.checkName('edge.httpsListener', options.httpsListener, 'subdomain');
    const httpListener = this.checkName('edge.httpListener', options.httpListener, 'subdomain');
    if (httpsListener === httpListener) throw propError(this, 'edge.httpListener', httpListener, 'a listener other than httpsListener (plain HTTP must only redirect)');

    const parent = (sectionName: string): ParentRef => ({ group: GATEWAY_GROUP, kind: 'Gateway', name: gatewayName, namespace: gatewayNamespace, sectionName });
    const headerList = Object.entries(this.headers).map(([name, value]) => ({ name, value }));
    httpRoute(this, 'HttpsRoute', { name: this.name, namespace: this.namespace }, {
      parentRefs: [parent(httpsListener)],
      hostnames: this.hosts,
      rules: this.routes.map((route) => ({
        matches: [{ path: { type: (route.pathType ?? 'Prefix') === 'Prefix' ? 'PathPrefix' : 'Exact', value: route.path } }],
        filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: headerList } }],
        backendRefs: [{ name: serviceName(route), port: route.port }],
      })),
    });
    // No matches: the rule takes every path. No backendRefs: plain HTTP never reaches the application.
    httpRoute(this, 'HttpRedirectRoute', { name: `${this.name}-http-redirect`, namespace: this.namespace }, {
      parentRefs: [parent(httpListener)],
      hostnames: this.hosts,
      rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    });
    if (options.emitGateway) this.renderGateway(options.emitGateway, gatewayName, gatewayNamespace, httpsListener, httpListener);
  }

  private renderGateway(owned: GatewayOwnership, name: string, namespace: string, httpsListener: string, httpListener: string): void {
    const className = this.checkName('edge.emitGateway.gatewayClassName', owned.gatewayClassName, 'subdomain');
    const secretName = this.checkName('edge.emitGateway.tlsSecretName', owned.tlsSecretName ?? `${name}-tls`, 'subdomain');
    if (owned.clusterIssuer !== undefined) {
      this.checkName('edge.emitGateway.clusterIssuer', owned.clusterIssuer, 'subdomain');
      if (this.hosts.length !== 1) {
        throw propError(this, 'edge.emitGateway.clusterIssuer', owned.clusterIssuer, `one host per emitted Gateway (has ${this.hosts.length}): cert-manager issues a certificate per listener hostname and a listener has one; use one HardenedIngress per host or a platform Gateway`);
      }
    }
    // One host: the listeners carry it, so the Gateway accepts nothing else. Several: the route's hostnames filter.
    const hostname = this.hosts.length === 1 ? this.hosts[0] : undefined;
    const allowedRoutes: GatewayListener['allowedRoutes'] = {
      kinds: [{ kind: 'HTTPRoute' }],
      namespaces: namespace === this.namespace
        ? { from: 'Same' }
        : { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': this.namespace } } },
    };
    gateway(this, 'Gateway', {
      name,
      namespace,
      ...(owned.clusterIssuer !== undefined ? { annotations: { [CLUSTER_ISSUER_ANNOTATION]: owned.clusterIssuer } } : {}),
    }, {
      gatewayClassName: className,
      listeners: [
        { name: httpsListener, protocol: 'HTTPS', port: 443, hostname, tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: secretName }] }, allowedRoutes },
        { name: httpListener, protocol: 'HTTP', port: 80, hostname, allowedRoutes },
      ],
    });
  }

  // -------------------------------------------------------------------------------------------
  // Ingress (Traefik, ingress-nginx)
  // -------------------------------------------------------------------------------------------

  private ingress(options: IngressEdgeOptions, annotations: Record<string, string>): kplus.k8s.KubeIngress {
    const ingressClassName = this.checkName('edge.ingressClassName', options.ingressClassName, 'subdomain');
    const secretName = this.checkName('edge.tlsSecretName', options.tlsSecretName ?? `${this.name}-tls`, 'subdomain');
    if (options.clusterIssuer !== undefined) {
      annotations[CLUSTER_ISSUER_ANNOTATION] = this.checkName('edge.clusterIssuer', options.clusterIssuer, 'subdomain');
    }
    return new kplus.k8s.KubeIngress(this, 'Ingress', {
      metadata: { name: this.name, namespace: this.namespace, annotations },
      spec: {
        ingressClassName,
        // Every host is in the one TLS entry: the Secret's certificate covers them all.
        tls: [{ hosts: [...this.hosts], secretName }],
        rules: this.hosts.map((host) => ({
          host,
          http: {
            paths: this.routes.map((route) => ({
              path: route.path,
              pathType: route.pathType ?? 'Prefix',
              backend: { service: { name: serviceName(route), port: { number: route.port } } },
            })),
          },
        })),
      },
    });
  }

  private renderTraefik(options: TraefikEdgeOptions, props: HardenedIngressProps): void {
    const entrypoint = options.secureEntrypoint ?? 'websecure';
    if (!/^[A-Za-z0-9_-]{1,63}$/.test(entrypoint)) throw propError(this, 'edge.secureEntrypoint', entrypoint, 'a Traefik entrypoint name (letters, digits, "-" and "_")');
    const meta = (suffix: string) => ({ name: `${this.name}-${suffix}`, namespace: this.namespace });
    // Order matters: headers first, so the 403/429 of the later middlewares carry the headers too.
    const chain: string[] = [];
    middleware(this, 'Headers', meta('headers'), { headers: traefikHeaders(this.headers) });
    chain.push(middlewareReference(this.namespace, `${this.name}-headers`));
    if (props.allowedSourceRanges) {
      middleware(this, 'IpAllowList', meta('ipallowlist'), { ipAllowList: { sourceRange: [...props.allowedSourceRanges] } });
      chain.push(middlewareReference(this.namespace, `${this.name}-ipallowlist`));
    }
    if (props.rateLimit) {
      const { requestsPerSecond, burst } = props.rateLimit;
      middleware(this, 'RateLimit', meta('ratelimit'), { rateLimit: { average: requestsPerSecond, period: '1s', burst: burst ?? 5 * requestsPerSecond } });
      chain.push(middlewareReference(this.namespace, `${this.name}-ratelimit`));
    }
    // Only the TLS entrypoint: plain HTTP is redirected by the entrypoint itself (docs/hardened-ingress.md).
    this.ingress(options, {
      [ROUTER_ENTRYPOINTS]: entrypoint,
      [ROUTER_TLS]: 'true',
      [ROUTER_MIDDLEWARES]: chain.join(','),
    });
  }

  private renderNginx(options: NginxEdgeOptions, props: HardenedIngressProps): void {
    const configMapNamespace = this.checkName('edge.customHeadersConfigMapNamespace', options.customHeadersConfigMapNamespace ?? this.namespace, 'label');
    const configMapName = `${this.name}-headers`;
    new kplus.k8s.KubeConfigMap(this, 'Headers', {
      metadata: { name: configMapName, namespace: configMapNamespace },
      data: { ...this.headers },
    });
    // Never a snippet annotation: custom-headers is validated by the controller, snippets are raw nginx.
    const annotations: Record<string, string> = {
      [NGINX_FORCE_SSL_REDIRECT]: 'true',
      'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
      [NGINX_CUSTOM_HEADERS]: `${configMapNamespace}/${configMapName}`,
    };
    if (props.rateLimit) {
      const { requestsPerSecond, burst } = props.rateLimit;
      annotations['nginx.ingress.kubernetes.io/limit-rps'] = String(requestsPerSecond);
      annotations['nginx.ingress.kubernetes.io/limit-burst-multiplier'] = String((burst ?? 5 * requestsPerSecond) / requestsPerSecond);
    }
    if (props.allowedSourceRanges) annotations['nginx.ingress.kubernetes.io/whitelist-source-range'] = props.allowedSourceRanges.join(',');
    this.ingress(options, annotations);
  }

  /** A short digest of what the edge serves: the default `app.kubernetes.io/version`. */
  private configHash(): string {
    const routes = this.routes.map((r) => [r.path, r.pathType ?? 'Prefix', serviceName(r), r.port]);
    const text = JSON.stringify([this.edge.kind, this.hosts, routes, this.headers]);
    return sha256Hex(text).slice(0, 12);
  }
}

function serviceName(route: HardenedIngressRoute): string {
  return route.service.name;
}

/** Traefik's dedicated header fields where they exist; the rest as customResponseHeaders. */
function traefikHeaders(headers: Readonly<Record<string, string>>) {
  const hsts = parseHsts(headers[HSTS]);
  if ('error' in hsts) throw new Error(`unreachable: HSTS was validated (${hsts.error})`);
  const dedicated = new Set([HSTS, CSP, FRAME_OPTIONS, CONTENT_TYPE_OPTIONS, REFERRER_POLICY, PERMISSIONS_POLICY]);
  return {
    stsSeconds: hsts.maxAgeSeconds,
    stsIncludeSubdomains: hsts.includeSubDomains,
    stsPreload: hsts.preload,
    contentTypeNosniff: true as const,
    ...(headers[FRAME_OPTIONS] === 'DENY' ? { frameDeny: true as const } : { customFrameOptionsValue: 'SAMEORIGIN' as const }),
    contentSecurityPolicy: headers[CSP],
    referrerPolicy: headers[REFERRER_POLICY],
    permissionsPolicy: headers[PERMISSIONS_POLICY],
    customResponseHeaders: Object.fromEntries(Object.entries(headers).filter(([name]) => !dedicated.has(name))),
  };
}

// ---------------------------------------------------------------------------------------------
// Security headers: defaults, merge, grammar
// ---------------------------------------------------------------------------------------------

const DEFAULTS = {
  hsts: 'max-age=31536000; includeSubDomains',
  csp: "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
  permissionsPolicy: 'camera=(), microphone=(), geolocation=()',
  referrerPolicy: 'strict-origin-when-cross-origin',
  frameOptions: 'DENY',
  coop: 'same-origin',
} as const;

function resolveHeaders(o: SecurityHeaderOverrides): { headers: Record<string, string>; problems: SecurityHeaderProblem[] } {
  const problems: SecurityHeaderProblem[] = [];
  const report = (header: string, value: string, problem: string | undefined): boolean => {
    if (problem) problems.push({ header, value, problem });
    return problem === undefined;
  };

  const hsts = o.strictTransportSecurity ?? DEFAULTS.hsts;
  report(HSTS, hsts, hstsProblem(hsts));

  let csp = o.contentSecurityPolicy ?? DEFAULTS.csp;
  const cspParse = parseCsp(csp);
  const baseCsp = parseCsp(DEFAULTS.csp);
  if ('error' in cspParse || 'error' in baseCsp) {
    report(CSP, csp, 'error' in cspParse ? `does not parse: ${cspParse.error}` : 'unreachable');
  } else {
    const merged = mergeCsp(baseCsp.directives, cspParse.directives);
    csp = serializeCsp(merged);
    const unsafe = unsafeSources(merged);
    const reason = o.allowUnsafe?.reason?.trim();
    if (unsafe.length > 0 && !reason) {
      report(CSP, csp, `uses ${unsafe.join(', ')}, which lets injected script run: remove it (hashes, 'strict-dynamic') or pass allowUnsafe: { reason: '...' }`);
    }
    const frameOptions = o.frameOptions ?? DEFAULTS.frameOptions;
    const ancestors = merged.find((d) => d.name === 'frame-ancestors')?.values ?? [];
    if (frameOptions === 'DENY' && !(ancestors.length === 1 && ancestors[0] === "'none'")) {
      report(CSP, csp, `frame-ancestors ${ancestors.join(' ')} contradicts X-Frame-Options DENY: use frame-ancestors 'none', or frameOptions 'SAMEORIGIN'`);
    }
    if (frameOptions === 'SAMEORIGIN' && ancestors.length === 1 && ancestors[0] === "'none'") {
      report(CSP, csp, "frame-ancestors 'none' contradicts X-Frame-Options SAMEORIGIN: use frame-ancestors 'self' (and the hosts allowed to frame)");
    }
  }
  report(CSP, csp, headerValueProblem(csp));

  const frameOptions: string = o.frameOptions ?? DEFAULTS.frameOptions;
  report(FRAME_OPTIONS, frameOptions, frameOptionsProblem(frameOptions));

  const referrerPolicy = o.referrerPolicy ?? DEFAULTS.referrerPolicy;
  report(REFERRER_POLICY, referrerPolicy, referrerPolicyProblem(referrerPolicy));

  let permissionsPolicy = o.permissionsPolicy ?? DEFAULTS.permissionsPolicy;
  const ppParse = parsePermissionsPolicy(permissionsPolicy);
  const basePp = parsePermissionsPolicy(DEFAULTS.permissionsPolicy);
  if ('error' in ppParse || 'error' in basePp) {
    report(PERMISSIONS_POLICY, permissionsPolicy, 'error' in ppParse ? `does not parse: ${ppParse.error}` : 'unreachable');
  } else {
    permissionsPolicy = serializePermissionsPolicy(mergePermissionsPolicy(basePp.members, ppParse.members));
    report(PERMISSIONS_POLICY, permissionsPolicy, headerValueProblem(permissionsPolicy));
  }

  const coop = o.crossOriginOpenerPolicy ?? DEFAULTS.coop;
  report(COOP, coop, coopProblem(coop));

  const headers: Record<string, string> = {
    [HSTS]: hsts,
    [CSP]: csp,
    [FRAME_OPTIONS]: frameOptions,
    [CONTENT_TYPE_OPTIONS]: 'nosniff',
    [REFERRER_POLICY]: referrerPolicy,
    [PERMISSIONS_POLICY]: permissionsPolicy,
    [COOP]: coop,
    // 0 switches off the legacy XSS auditor: "1; mode=block" was itself exploitable and is gone from browsers.
    [XSS_PROTECTION]: '0',
  };
  const seen = new Set(Object.keys(headers).map((h) => h.toLowerCase()));
  for (const name of Object.keys(o.additional ?? {}).sort()) {
    const value = (o.additional ?? {})[name];
    if (!report(name, value, headerNameProblem(name))) continue;
    if (seen.has(name.toLowerCase())) {
      report(name, value, 'is given twice (header names are case-insensitive)');
      continue;
    }
    seen.add(name.toLowerCase());
    if (!report(name, value, headerValueProblem(value))) continue;
    if (!report(name, value, additionalValueProblem(name, value))) continue;
    headers[name] = value;
  }
  if (Object.keys(headers).length > MAX_HEADERS) {
    problems.push({ header: 'additional', value: Object.keys(headers).join(','), problem: `at most ${MAX_HEADERS} headers in all (Gateway API ResponseHeaderModifier limit); has ${Object.keys(headers).length}` });
  }
  return { headers, problems };
}
