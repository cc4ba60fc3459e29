/**
 * The public API of the constructs: what a caller (main.ts, another app, a test) composes with.
 * Everything is exported by name; a construct's internals (its folder's other files) stay private.
 */

// --- Constructs and their props ----------------------------------------------------------------
export { SecureCronJob } from './secure-cron-job';
export type { SecretFile, SecureCronJobProps, PodsInNamespace } from './secure-cron-job';
export {
  CLUSTER_ISSUER_ANNOTATION, Edge, HardenedIngress, NGINX_CUSTOM_HEADERS, NGINX_FORCE_SSL_REDIRECT, SecurityHeaders,
} from './hardened-ingress';
export type {
  CspUnsafeAllowance, EdgeKind, GatewayApiEdgeOptions, GatewayOwnership, HardenedIngressProps, HardenedIngressRateLimit, HardenedIngressRoute,
  HardenedIngressServiceReference, IngressEdgeOptions, NginxEdgeOptions, SecurityHeaderOverrides, SecurityHeaderProblem, TraefikEdgeOptions,
} from './hardened-ingress';
export { COLLECTOR_SCRIPT_CHECKSUM_ANNOTATION, ElectoralFeed, MICROSITE_PORT, MICROSITE_SERVICE_PORT, NGINX_CONFIG_CHECKSUM_ANNOTATION } from './electoral-feed';
export type { ElectoralFeedProps } from './electoral-feed';
export { TaskManagerStack, WEB_SERVICE_PORT } from './task-manager';
export type { DatabaseSecretKeys, TaskManagerAutoscaling, TaskManagerStackProps } from './task-manager';
export { CLOUDEDU_ADMIN_RULES, CLOUDEDU_DEVELOPER_RULES, CloudEduAccessRoles } from './cloudedu-access-roles';
export type { AccessRule, CloudEduAccessRolesProps } from './cloudedu-access-roles';

// --- What a caller needs to fill the props -----------------------------------------------------
export { Schedule } from '../lib/cron';
export { pinnedImage } from '../lib/image';
export { DEFAULT_RUN_AS } from '../lib/hardening';
export type { RunAs } from '../lib/hardening';
export type { Ownership } from '../lib/metadata';
export { DnsPeer } from '../lib/network';
export type { EgressDestination } from '../lib/network';
export type { NodePoolPlacement } from '../lib/placement';
export type { ImageReference, SecretKeyReference } from '../lib/references';
export type { ResourceSpec } from '../lib/resources';
/** Declares that a policy rule does not apply under a construct, with the reason (after cdk-nag). */
export { suppress } from '../lib/policy/suppressions';
