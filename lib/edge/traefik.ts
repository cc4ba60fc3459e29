/**
 * Typed builders for the Traefik v3 objects HardenedIngress emits (`traefik.io/v1alpha1`
 * Middleware). The v2 group `traefik.containo.us` and the v2 names (`ipWhiteList`,
 * `browserXssFilter`) are deliberately absent.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

export const TRAEFIK_API_VERSION = 'traefik.io/v1alpha1';
export const ROUTER_MIDDLEWARES = 'traefik.ingress.kubernetes.io/router.middlewares';
export const ROUTER_ENTRYPOINTS = 'traefik.ingress.kubernetes.io/router.entrypoints';
export const ROUTER_TLS = 'traefik.ingress.kubernetes.io/router.tls';

/** The headers middleware fields used here (no `browserXssFilter`: X-XSS-Protection is sent as "0"). */
export interface TraefikHeaders {
  readonly stsSeconds: number;
  readonly stsIncludeSubdomains: boolean;
  readonly stsPreload: boolean;
  readonly contentTypeNosniff: true;
  readonly frameDeny?: true;
  readonly customFrameOptionsValue?: 'SAMEORIGIN';
  readonly contentSecurityPolicy: string;
  readonly referrerPolicy: string;
  readonly permissionsPolicy: string;
  readonly customResponseHeaders: Record<string, string>;
}

export type MiddlewareSpec =
  | { readonly headers: TraefikHeaders }
  | { readonly rateLimit: { readonly average: number; readonly period: '1s'; readonly burst: number } }
  | { readonly ipAllowList: { readonly sourceRange: readonly string[] } };

export function middleware(scope: Construct, id: string, metadata: { name: string; namespace: string }, spec: MiddlewareSpec): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: TRAEFIK_API_VERSION,
    kind: 'Middleware',
    metadata,
    spec: JSON.parse(JSON.stringify(spec)) as Record<string, unknown>,
  });
}

/** How an Ingress annotation names a Middleware of the Kubernetes CRD provider. */
export function middlewareReference(namespace: string, name: string): string {
  return `${namespace}-${name}@kubernetescrd`;
}
