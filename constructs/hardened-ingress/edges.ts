import { Construct, IConstruct } from 'constructs';
import { gateway, GATEWAY_GROUP, GatewayListener, httpRoute, ParentRef } from '../../lib/edge/gateway-api';
import { middleware, middlewareReference, ROUTER_ENTRYPOINTS, ROUTER_MIDDLEWARES, ROUTER_TLS } from '../../lib/edge/traefik';
import { propError } from '../../lib/errors';
import * as kplus from '../../lib/plus';
import { dnsLabelProblem, dnsSubdomainProblem, requireValid } from '../../lib/validate';
import { traefikHeaders } from './security-headers';

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

/** `cert-manager.io/cluster-issuer`: cert-manager's ingress- and gateway-shim fill the TLS Secret. */
export const CLUSTER_ISSUER_ANNOTATION = 'cert-manager.io/cluster-issuer';
export const NGINX_CUSTOM_HEADERS = 'nginx.ingress.kubernetes.io/custom-headers';
export const NGINX_FORCE_SSL_REDIRECT = 'nginx.ingress.kubernetes.io/force-ssl-redirect';

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

/** The per-client limits an Ingress-based edge applies (HardenedIngressProps has both). */
export interface EdgeLimits {
  readonly rateLimit?: HardenedIngressRateLimit;
  readonly allowedSourceRanges?: readonly string[];
}

/** What an edge renders: the HardenedIngress (scope of the objects, and of the errors) and its checked props. */
export interface EdgeTarget {
  readonly scope: Construct;
  readonly name: string;
  readonly namespace: string;
  readonly hosts: readonly string[];
  readonly routes: readonly HardenedIngressRoute[];
  readonly headers: Readonly<Record<string, string>>;
}

export function serviceName(route: HardenedIngressRoute): string {
  return route.service.name;
}

// ---------------------------------------------------------------------------------------------
// Gateway API
// ---------------------------------------------------------------------------------------------

export function renderGatewayApi(t: EdgeTarget, options: GatewayApiEdgeOptions): void {
  const gatewayName = checkName(t.scope, 'edge.gatewayName', options.gatewayName, 'subdomain');
  const gatewayNamespace = checkName(t.scope, 'edge.gatewayNamespace', options.gatewayNamespace, 'label');
  const httpsListener = checkName(t.scope, 'edge.httpsListener', options.httpsListener, 'subdomain');
  const httpListener = checkName(t.scope, 'edge.httpListener', options.httpListener, 'subdomain');
  if (httpsListener === httpListener) throw propError(t.scope, 'edge.httpListener', httpListener, 'a listener other than httpsListener (plain HTTP must only redirect)');

  const parent = (sectionName: string): ParentRef => ({ group: GATEWAY_GROUP, kind: 'Gateway', name: gatewayName, namespace: gatewayNamespace, sectionName });
  const headerList = Object.entries(t.headers).map(([name, value]) => ({ name, value }));
  httpRoute(t.scope, 'HttpsRoute', { name: t.name, namespace: t.namespace }, {
    parentRefs: [parent(httpsListener)],
    hostnames: t.hosts,
    rules: t.routes.map((route) => ({
      matches: [{ path: { type: (route.pathType ?? 'Prefix') === 'Prefix' ? 'PathPrefix' : 'Exact', value: route.path } }],
      filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: headerList } }],
      backendRefs: [{ name: serviceName(route), port: route.port }],
    })),
  });
  // No matches: the rule takes every path. No backendRefs: plain HTTP never reaches the application.
  httpRoute(t.scope, 'HttpRedirectRoute', { name: `${t.name}-http-redirect`, namespace: t.namespace }, {
    parentRefs: [parent(httpListener)],
    hostnames: t.hosts,
    rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
  });
  if (options.emitGateway) renderGateway(t, options.emitGateway, gatewayName, gatewayNamespace, httpsListener, httpListener);
}

function renderGateway(t: EdgeTarget, owned: GatewayOwnership, name: string, namespace: string, httpsListener: string, httpListener: string): void {
  const className = checkName(t.scope, 'edge.emitGateway.gatewayClassName', owned.gatewayClassName, 'subdomain');
  const secretName = checkName(t.scope, 'edge.emitGateway.tlsSecretName', owned.tlsSecretName ?? `${name}-tls`, 'subdomain');
  if (owned.clusterIssuer !== undefined) {
    checkName(t.scope, 'edge.emitGateway.clusterIssuer', owned.clusterIssuer, 'subdomain');
    if (t.hosts.length !== 1) {
      throw propError(t.scope, 'edge.emitGateway.clusterIssuer', owned.clusterIssuer, `one host per emitted Gateway (has ${t.hosts.length}): cert-manager issues a certificate per listener hostname and a listener has one; use one HardenedIngress per host or a platform Gateway`);
    }
  }
  // One host: the listeners carry it, so the Gateway accepts nothing else. Several: the route's hostnames filter.
  const hostname = t.hosts.length === 1 ? t.hosts[0] : undefined;
  const allowedRoutes: GatewayListener['allowedRoutes'] = {
    kinds: [{ kind: 'HTTPRoute' }],
    namespaces: namespace === t.namespace
      ? { from: 'Same' }
      : { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': t.namespace } } },
  };
  gateway(t.scope, 'Gateway', {
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

// ---------------------------------------------------------------------------------------------
// Ingress (Traefik, ingress-nginx)
// ---------------------------------------------------------------------------------------------

function ingress(t: EdgeTarget, options: IngressEdgeOptions, annotations: Record<string, string>): kplus.k8s.KubeIngress {
  const ingressClassName = checkName(t.scope, 'edge.ingressClassName', options.ingressClassName, 'subdomain');
  const secretName = checkName(t.scope, 'edge.tlsSecretName', options.tlsSecretName ?? `${t.name}-tls`, 'subdomain');
  if (options.clusterIssuer !== undefined) {
    annotations[CLUSTER_ISSUER_ANNOTATION] = checkName(t.scope, 'edge.clusterIssuer', options.clusterIssuer, 'subdomain');
  }
  return new kplus.k8s.KubeIngress(t.scope, 'Ingress', {
    metadata: { name: t.name, namespace: t.namespace, annotations },
    spec: {
      ingressClassName,
      // Every host is in the one TLS entry: the Secret's certificate covers them all.
      tls: [{ hosts: [...t.hosts], secretName }],
      rules: t.hosts.map((host) => ({
        host,
        http: {
          paths: t.routes.map((route) => ({
            path: route.path,
            pathType: route.pathType ?? 'Prefix',
            backend: { service: { name: serviceName(route), port: { number: route.port } } },
          })),
        },
      })),
    },
  });
}

export function renderTraefik(t: EdgeTarget, options: TraefikEdgeOptions, props: EdgeLimits): void {
  const entrypoint = options.secureEntrypoint ?? 'websecure';
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(entrypoint)) throw propError(t.scope, 'edge.secureEntrypoint', entrypoint, 'a Traefik entrypoint name (letters, digits, "-" and "_")');
  const meta = (suffix: string) => ({ name: `${t.name}-${suffix}`, namespace: t.namespace });
  // Order matters: headers first, so the 403/429 of the later middlewares carry the headers too.
  const chain: string[] = [];
  middleware(t.scope, 'Headers', meta('headers'), { headers: traefikHeaders(t.headers) });
  chain.push(middlewareReference(t.namespace, `${t.name}-headers`));
  if (props.allowedSourceRanges) {
    middleware(t.scope, 'IpAllowList', meta('ipallowlist'), { ipAllowList: { sourceRange: [...props.allowedSourceRanges] } });
    chain.push(middlewareReference(t.namespace, `${t.name}-ipallowlist`));
  }
  if (props.rateLimit) {
    const { requestsPerSecond, burst } = props.rateLimit;
    middleware(t.scope, 'RateLimit', meta('ratelimit'), { rateLimit: { average: requestsPerSecond, period: '1s', burst: burst ?? 5 * requestsPerSecond } });
    chain.push(middlewareReference(t.namespace, `${t.name}-ratelimit`));
  }
  // Only the TLS entrypoint: plain HTTP is redirected by the entrypoint itself (docs/hardened-ingress.md).
  ingress(t, options, {
    [ROUTER_ENTRYPOINTS]: entrypoint,
    [ROUTER_TLS]: 'true',
    [ROUTER_MIDDLEWARES]: chain.join(','),
  });
}

export function renderNginx(t: EdgeTarget, options: NginxEdgeOptions, props: EdgeLimits): void {
  const configMapNamespace = checkName(t.scope, 'edge.customHeadersConfigMapNamespace', options.customHeadersConfigMapNamespace ?? t.namespace, 'label');
  const configMapName = `${t.name}-headers`;
  new kplus.k8s.KubeConfigMap(t.scope, 'Headers', {
    metadata: { name: configMapName, namespace: configMapNamespace },
    data: { ...t.headers },
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
  ingress(t, options, annotations);
}

function checkName(scope: IConstruct, prop: string, value: string | undefined, kind: 'label' | 'subdomain'): string {
  return requireValid(scope, prop, value, (v) => {
    const problem = typeof v !== 'string' ? 'required' : kind === 'label' ? dnsLabelProblem(v) : dnsSubdomainProblem(v);
    return problem && `a Kubernetes name (${problem})`;
  }) as string;
}
