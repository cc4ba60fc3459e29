import type { Ownership } from '../../lib/metadata';
import type { Edge, HardenedIngressRateLimit, HardenedIngressRoute } from './edges';
import type { SecurityHeaders } from './security-headers';

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
