/**
 * Typed builders for the Gateway API objects HardenedIngress emits (`gateway.networking.k8s.io/v1`,
 * standard channel). Plain `ApiObject`s: the fields used here are few and stable, so importing the
 * CRDs would add generated code without adding safety.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

export const GATEWAY_API_VERSION = 'gateway.networking.k8s.io/v1';
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

export interface ParentRef {
  readonly group: typeof GATEWAY_GROUP;
  readonly kind: 'Gateway';
  readonly name: string;
  readonly namespace: string;
  /** The listener the route attaches to. */
  readonly sectionName: string;
}

export interface HttpHeader {
  readonly name: string;
  readonly value: string;
}

export type HttpRouteFilter =
  | { readonly type: 'ResponseHeaderModifier'; readonly responseHeaderModifier: { readonly set: readonly HttpHeader[] } }
  | { readonly type: 'RequestRedirect'; readonly requestRedirect: { readonly scheme: 'https'; readonly statusCode: 301 } };

export interface HttpRouteMatch {
  readonly path: { readonly type: 'PathPrefix' | 'Exact'; readonly value: string };
}

export interface HttpBackendRef {
  readonly name: string;
  readonly port: number;
}

export interface HttpRouteRule {
  readonly matches?: readonly HttpRouteMatch[];
  readonly filters: readonly HttpRouteFilter[];
  readonly backendRefs?: readonly HttpBackendRef[];
}

export interface HttpRouteSpec {
  readonly parentRefs: readonly ParentRef[];
  readonly hostnames: readonly string[];
  readonly rules: readonly HttpRouteRule[];
}

export interface GatewayListener {
  readonly name: string;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly port: number;
  readonly hostname?: string;
  readonly tls?: { readonly mode: 'Terminate'; readonly certificateRefs: readonly { readonly kind: 'Secret'; readonly name: string }[] };
  readonly allowedRoutes: {
    readonly kinds: readonly { readonly kind: 'HTTPRoute' }[];
    readonly namespaces: { readonly from: 'Same' } | { readonly from: 'Selector'; readonly selector: { readonly matchLabels: Record<string, string> } };
  };
}

export interface GatewaySpec {
  readonly gatewayClassName: string;
  readonly listeners: readonly GatewayListener[];
}

export interface ObjectMeta {
  readonly name: string;
  readonly namespace: string;
  readonly annotations?: Record<string, string>;
}

export function httpRoute(scope: Construct, id: string, metadata: ObjectMeta, spec: HttpRouteSpec): ApiObject {
  return new ApiObject(scope, id, { apiVersion: GATEWAY_API_VERSION, kind: 'HTTPRoute', metadata, spec: plain(spec) });
}

export function gateway(scope: Construct, id: string, metadata: ObjectMeta, spec: GatewaySpec): ApiObject {
  return new ApiObject(scope, id, { apiVersion: GATEWAY_API_VERSION, kind: 'Gateway', metadata, spec: plain(spec) });
}

/** Readonly arrays in, plain JSON out (ApiObject props are untyped). */
function plain<T>(value: T): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
