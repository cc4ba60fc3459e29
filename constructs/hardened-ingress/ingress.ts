import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { sha256Hex } from '../../lib/checksum';
import { hostnameProblem } from '../../lib/edge/hostnames';
import { pathKey, pathProblem } from '../../lib/edge/paths';
import { propError } from '../../lib/errors';
import { stampIdentity } from '../../lib/metadata';
import * as kplus from '../../lib/plus';
import {
  constructName, constructNamespace, integerProblem, requireIdentity, requireInteger, requirePort, requireValid, serviceNameProblem,
  sourceRangeProblem,
} from '../../lib/validate';
import {
  Edge, EdgeTarget, GatewayApiEdgeOptions, HardenedIngressRateLimit, HardenedIngressRoute, NginxEdgeOptions, renderGatewayApi, renderNginx, renderTraefik,
  serviceName, TraefikEdgeOptions,
} from './edges';
import { HardenedIngressProps } from './props';
import { SecurityHeaders } from './security-headers';

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
        renderGatewayApi(this.target(), this.edge.options as GatewayApiEdgeOptions);
        break;
      case 'traefik':
        renderTraefik(this.target(), this.edge.options as TraefikEdgeOptions, props);
        break;
      case 'nginx':
        renderNginx(this.target(), this.edge.options as NginxEdgeOptions, props);
        break;
    }
    this.node.addValidation({ validate: () => this.backendProblems() });
    stampIdentity(this, identity);
  }

  private target(): EdgeTarget {
    return { scope: this, name: this.name, namespace: this.namespace, hosts: this.hosts, routes: this.routes, headers: this.headers };
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

  private configHash(): string {
    const routes = this.routes.map((r) => [r.path, r.pathType ?? 'Prefix', serviceName(r), r.port]);
    const text = JSON.stringify([this.edge.kind, this.hosts, routes, this.headers]);
    return sha256Hex(text).slice(0, 12);
  }
}
