export { CLUSTER_ISSUER_ANNOTATION, Edge, NGINX_CUSTOM_HEADERS, NGINX_FORCE_SSL_REDIRECT } from './edges';
export type {
  EdgeKind, GatewayApiEdgeOptions, GatewayOwnership, HardenedIngressRateLimit, HardenedIngressRoute, HardenedIngressServiceReference,
  IngressEdgeOptions, NginxEdgeOptions, TraefikEdgeOptions,
} from './edges';
export { HardenedIngress } from './ingress';
export type { HardenedIngressProps } from './props';
export { SecurityHeaders } from './security-headers';
export type { CspUnsafeAllowance, SecurityHeaderOverrides, SecurityHeaderProblem } from './security-headers';
