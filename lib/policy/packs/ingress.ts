/**
 * The `ingress` pack: everything reachable from outside is served over TLS (plaintext only to
 * redirect to HTTPS), sends the security headers browsers act on, and stays out of the raw
 * controller configuration that snippet annotations would open.
 */
import { asArray, asObject, asString, childPath } from '../json';
import { findObject } from '../object-index';
import { annotationsOf, effectiveNamespace, isKind, nameOf } from '../objects';
import { perRun } from '../per-run';
import {
  HeaderSet,
  headersOfConfigMap,
  headersOfMiddleware,
  headersOfResponseModifier,
  mergeHeaders,
  missingSecurityHeaders,
} from '../security-headers';
import { Manifest, ManifestEntry, Pack, Rule, Violation } from '../types';

const INGRESS_GROUPS = ['networking.k8s.io', 'extensions'];
const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const MIDDLEWARE_GROUPS = ['traefik.io', 'traefik.containo.us'];
const TRAEFIK_MIDDLEWARES_ANNOTATION = 'traefik.ingress.kubernetes.io/router.middlewares';
const NGINX_CUSTOM_HEADERS_ANNOTATION = 'nginx.ingress.kubernetes.io/custom-headers';
const NGINX_SSL_REDIRECT_ANNOTATION = 'nginx.ingress.kubernetes.io/ssl-redirect';

const isIngress = (manifest: Manifest): boolean => isKind(manifest, INGRESS_GROUPS, 'Ingress');
const isHttpRoute = (manifest: Manifest): boolean => isKind(manifest, GATEWAY_GROUP, 'HTTPRoute');

// --- TLS ---------------------------------------------------------------------------------------

/** A TLS host covers a rule host exactly, or as a wildcard for exactly one leading label. */
function tlsHostCovers(tlsHost: string, host: string): boolean {
  if (tlsHost === host) return true;
  if (!tlsHost.startsWith('*.')) return false;
  const dot = host.indexOf('.');
  return dot > 0 && !host.startsWith('*') && host.slice(dot) === tlsHost.slice(1);
}

function ingressTlsViolations(ingress: Manifest): Violation[] {
  const spec = asObject(ingress.spec);
  const tls = asArray(spec?.tls).map((entry) => asArray(asObject(entry)?.hosts).filter((host): host is string => typeof host === 'string'));
  const violations: Violation[] = [];
  const rules = asArray(spec?.rules);
  if (rules.length === 0 && tls.length === 0) violations.push({ path: 'spec.tls', message: 'the Ingress has no TLS section: it serves plaintext HTTP' });
  rules.forEach((rule, index) => {
    const host = asString(asObject(rule)?.host);
    // A TLS entry without hosts is the controller's default certificate, the only one a hostless rule can use.
    const covered = host ? tls.some((hosts) => hosts.some((tlsHost) => tlsHostCovers(tlsHost, host))) : tls.some((hosts) => hosts.length === 0);
    if (!covered) {
      violations.push({
        path: `spec.rules[${index}].host`,
        message: host ? `host ${host} is not listed in any spec.tls hosts: it is served over plaintext HTTP` : 'a rule without host has no TLS entry without hosts (default certificate)',
      });
    }
  });
  if (annotationsOf(ingress)[NGINX_SSL_REDIRECT_ANNOTATION] === 'false') {
    violations.push({
      path: childPath('metadata.annotations', NGINX_SSL_REDIRECT_ANNOTATION),
      message: 'ssl-redirect "false" makes ingress-nginx serve the hosts over plaintext HTTP instead of redirecting to HTTPS',
    });
  }
  return violations;
}

/** A rule that only redirects to https: no backends, and every filter a RequestRedirect with scheme https. */
function isHttpsRedirect(rule: unknown): boolean {
  const parsed = asObject(rule);
  const filters = asArray(parsed?.filters);
  return (
    asArray(parsed?.backendRefs).length === 0 &&
    filters.length > 0 &&
    filters.every((filter) => asObject(filter)?.type === 'RequestRedirect' && asObject(asObject(filter)?.requestRedirect)?.scheme === 'https')
  );
}

function isRedirectOnlyRoute(route: Manifest): boolean {
  const rules = asArray(asObject(route.spec)?.rules);
  return rules.length > 0 && rules.every(isHttpsRedirect);
}

function httpRouteTlsViolations(route: Manifest, all: readonly ManifestEntry[]): Violation[] {
  // Only redirect-to-https routes may attach to plaintext listeners, so they may attach anywhere.
  if (isRedirectOnlyRoute(route)) return [];
  const violations: Violation[] = [];
  asArray(asObject(route.spec)?.parentRefs).forEach((parent, index) => {
    const ref = asObject(parent);
    if (!ref || (ref.kind ?? 'Gateway') !== 'Gateway' || (ref.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP) return;
    const path = `spec.parentRefs[${index}]`;
    const gatewayName = asString(ref.name) ?? '(unnamed)';
    const sectionName = asString(ref.sectionName);
    if (!sectionName) {
      violations.push({
        path: `${path}.sectionName`,
        message: `no sectionName: the route attaches to every listener of Gateway ${gatewayName}, plaintext ones included`,
      });
      return;
    }
    const namespace = asString(ref.namespace) ?? effectiveNamespace(route);
    const gateway = findObject(all, 'Gateway', namespace, gatewayName);
    if (!gateway) {
      violations.push({
        path: `${path}.sectionName`,
        message: `cannot verify that listener ${sectionName} is HTTPS: Gateway ${namespace}/${gatewayName} is not among the checked objects`,
        severity: 'warning',
      });
      return;
    }
    const listener = asArray(asObject(gateway.spec)?.listeners).map(asObject).find((candidate) => candidate?.name === sectionName);
    if (!listener) {
      violations.push({ path: `${path}.sectionName`, message: `Gateway ${namespace}/${gatewayName} has no listener named ${sectionName}` });
    } else if (listener.protocol !== 'HTTPS') {
      violations.push({
        path: `${path}.sectionName`,
        message: `listener ${sectionName} of Gateway ${namespace}/${gatewayName} is ${JSON.stringify(listener.protocol)}, not HTTPS: only redirects to https may use a plaintext listener`,
      });
    }
  });
  return violations;
}

const tls: Rule = {
  id: 'ingress/tls',
  pack: 'ingress',
  severity: 'error',
  rationale: 'Plaintext HTTP exposes credentials and session cookies on the network and lets anyone on the path alter pages.',
  fix: 'Ingress: list every rule host under spec.tls[].hosts. HTTPRoute: set parentRefs[].sectionName to the Gateway\'s HTTPS listener; only a route made of RequestRedirect filters with scheme https may serve plaintext.',
  check: ({ entry, all }) => {
    if (isIngress(entry.manifest)) return ingressTlsViolations(entry.manifest);
    if (isHttpRoute(entry.manifest)) return httpRouteTlsViolations(entry.manifest, all);
    return [];
  },
};

// --- security headers ----------------------------------------------------------------------------

/** Headers a route gets from the objects it references, and references the run does not contain. */
interface ResolvedHeaders {
  readonly headers: HeaderSet;
  readonly unresolved: readonly string[];
}

const NONE: ResolvedHeaders = { headers: new Map(), unresolved: [] };

function combine(parts: readonly ResolvedHeaders[]): ResolvedHeaders {
  return { headers: mergeHeaders(parts.map((part) => part.headers)), unresolved: parts.flatMap((part) => part.unresolved) };
}

function isMiddleware(manifest: Manifest | undefined): manifest is Manifest {
  return manifest !== undefined && isKind(manifest, MIDDLEWARE_GROUPS, 'Middleware');
}

/** A Middleware's own headers plus those of the middlewares it chains. */
function middlewareHeaders(middleware: Manifest, all: readonly ManifestEntry[], seen: Set<Manifest> = new Set()): ResolvedHeaders {
  if (seen.has(middleware)) return NONE;
  seen.add(middleware);
  const namespace = effectiveNamespace(middleware);
  const chained = asArray(asObject(asObject(middleware.spec)?.chain)?.middlewares).map((link): ResolvedHeaders => {
    const name = asString(asObject(link)?.name) ?? '';
    const linkNamespace = asString(asObject(link)?.namespace) ?? namespace;
    const target = findObject(all, 'Middleware', linkNamespace, name);
    return isMiddleware(target) ? middlewareHeaders(target, all, seen) : { headers: new Map(), unresolved: [`Middleware ${linkNamespace}/${name}`] };
  });
  return combine([{ headers: headersOfMiddleware(middleware), unresolved: [] }, ...chained]);
}

/** Traefik names a CRD middleware in an Ingress annotation as `<namespace>-<name>@kubernetescrd`. */
function middlewaresByTraefikName(all: readonly ManifestEntry[]): ReadonlyMap<string, Manifest> {
  const index = new Map<string, Manifest>();
  for (const { manifest } of all) {
    if (isMiddleware(manifest)) index.set(`${effectiveNamespace(manifest)}-${nameOf(manifest)}`, manifest);
  }
  return index;
}

function traefikAnnotationHeaders(value: string, all: readonly ManifestEntry[]): ResolvedHeaders {
  const references = value.split(',').map((reference) => reference.trim()).filter((reference) => reference !== '');
  return combine(
    references.map((reference) => {
      const middleware = perRun(all, middlewaresByTraefikName).get(reference.replace(/@.*$/, ''));
      return middleware ? middlewareHeaders(middleware, all) : { headers: new Map(), unresolved: [`Middleware ${reference}`] };
    }),
  );
}

function nginxAnnotationHeaders(value: string, ingress: Manifest, all: readonly ManifestEntry[]): ResolvedHeaders {
  const [namespace, name] = value.includes('/') ? value.split('/', 2) : [effectiveNamespace(ingress), value];
  const configMap = findObject(all, 'ConfigMap', namespace, name);
  return configMap ? { headers: headersOfConfigMap(configMap), unresolved: [] } : { headers: new Map(), unresolved: [`ConfigMap ${namespace}/${name}`] };
}

function headerViolation(path: string, what: string, resolved: ResolvedHeaders): Violation[] {
  const missing = missingSecurityHeaders(resolved.headers);
  if (missing.length === 0) return [];
  if (resolved.unresolved.length > 0) {
    return [
      {
        path,
        message: `cannot verify the security headers of ${what}: ${resolved.unresolved.join(', ')} not among the checked objects (without it: missing ${missing.join(', ')})`,
        severity: 'warning',
      },
    ];
  }
  return [{ path, message: `${what} does not send ${missing.join(', ')}` }];
}

function ingressHeaderViolations(ingress: Manifest, all: readonly ManifestEntry[]): Violation[] {
  const annotations = annotationsOf(ingress);
  const traefik = annotations[TRAEFIK_MIDDLEWARES_ANNOTATION];
  const nginx = annotations[NGINX_CUSTOM_HEADERS_ANNOTATION];
  if (traefik === undefined && nginx === undefined) {
    return [
      {
        path: 'metadata.annotations',
        message: `no security headers: neither ${TRAEFIK_MIDDLEWARES_ANNOTATION} nor ${NGINX_CUSTOM_HEADERS_ANNOTATION} is set`,
      },
    ];
  }
  const resolved = combine([
    traefik === undefined ? NONE : traefikAnnotationHeaders(traefik, all),
    nginx === undefined ? NONE : nginxAnnotationHeaders(nginx, ingress, all),
  ]);
  const path = childPath('metadata.annotations', traefik !== undefined ? TRAEFIK_MIDDLEWARES_ANNOTATION : NGINX_CUSTOM_HEADERS_ANNOTATION);
  return headerViolation(path, 'the Ingress', resolved);
}

function routeRuleHeaders(rule: unknown, route: Manifest, all: readonly ManifestEntry[]): ResolvedHeaders {
  return combine(
    asArray(asObject(rule)?.filters).map((filter): ResolvedHeaders => {
      const parsed = asObject(filter);
      if (parsed?.type === 'ResponseHeaderModifier') return { headers: headersOfResponseModifier(parsed), unresolved: [] };
      const ref = asObject(parsed?.extensionRef);
      if (parsed?.type !== 'ExtensionRef' || ref?.kind !== 'Middleware' || !MIDDLEWARE_GROUPS.includes(asString(ref.group) ?? '')) return NONE;
      const namespace = effectiveNamespace(route);
      const name = asString(ref.name) ?? '';
      const middleware = findObject(all, 'Middleware', namespace, name);
      return isMiddleware(middleware) ? middlewareHeaders(middleware, all) : { headers: new Map(), unresolved: [`Middleware ${namespace}/${name}`] };
    }),
  );
}

function httpRouteHeaderViolations(route: Manifest, all: readonly ManifestEntry[]): Violation[] {
  return asArray(asObject(route.spec)?.rules).flatMap((rule, index) =>
    isHttpsRedirect(rule) ? [] : headerViolation(`spec.rules[${index}].filters`, `rule ${index}`, routeRuleHeaders(rule, route, all)),
  );
}

const securityHeaders: Rule = {
  id: 'ingress/security-headers',
  pack: 'ingress',
  severity: 'error',
  rationale:
    'HSTS keeps browsers on HTTPS, nosniff and the frame and content policies block content-type confusion, clickjacking and injected scripts, and a referrer policy keeps URLs from leaking to other sites.',
  fix: 'HTTPRoute: add a ResponseHeaderModifier (or a Traefik Middleware ExtensionRef) setting the headers on each rule. Ingress: reference a headers Middleware in traefik.ingress.kubernetes.io/router.middlewares, or a ConfigMap of headers in nginx.ingress.kubernetes.io/custom-headers.',
  check: ({ entry, all }) => {
    if (isIngress(entry.manifest)) return ingressHeaderViolations(entry.manifest, all);
    if (isHttpRoute(entry.manifest)) return httpRouteHeaderViolations(entry.manifest, all);
    return [];
  },
};

// --- dangerous configuration ---------------------------------------------------------------------

const noSnippets: Rule = {
  id: 'ingress/no-snippet-annotations',
  pack: 'ingress',
  severity: 'error',
  rationale:
    'Snippet annotations inject raw proxy configuration: they bypass every other check here, and let anyone who can write an Ingress read the controller\'s secrets (CVE-2021-25742).',
  fix: 'Remove the *-snippet annotation and express the behaviour with supported annotations, a Middleware or Gateway API filters.',
  check: ({ entry }) =>
    Object.keys(annotationsOf(entry.manifest))
      .filter((key) => key.endsWith('-snippet'))
      .map((key) => ({ path: childPath('metadata.annotations', key), message: `snippet annotation ${key} injects raw proxy configuration` })),
};

const noBrowserXssFilter: Rule = {
  id: 'ingress/no-browser-xss-filter',
  pack: 'ingress',
  severity: 'error',
  rationale:
    'browserXssFilter sends X-XSS-Protection, which browsers dropped and which opened cross-site leaks where they did implement it; Traefik deprecated the field.',
  fix: 'Remove headers.browserXssFilter from the Middleware and rely on Content-Security-Policy.',
  check: ({ entry }) => {
    if (!isMiddleware(entry.manifest)) return [];
    const headers = asObject(asObject(entry.manifest.spec)?.headers);
    return headers && 'browserXssFilter' in headers
      ? [{ path: 'spec.headers.browserXssFilter', message: 'browserXssFilter is deprecated and must not be set' }]
      : [];
  },
};

export const ingressPack: Pack = {
  name: 'ingress',
  description: 'TLS for every host, plaintext only to redirect to HTTPS, security headers, no snippet annotations.',
  rules: [tls, securityHeaders, noSnippets, noBrowserXssFilter],
};
