// Builders for manifests that pass every pack, so each test changes exactly the field it is about,
// and a runner that returns the findings of one rule.
import { packNamed, runPolicy } from '../../../lib/policy/engine';
import { Finding, Manifest, ManifestEntry } from '../../../lib/policy/types';

/** A real published digest (curlimages/curl, see environments/images.ts). */
export const PINNED_IMAGE = 'docker.io/curlimages/curl@sha256:7c12af72ceb38b7432ab85e1a265cff6ae58e06f95539d539b654f2cfa64bb13';

export function container(name = 'app', overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    name,
    image: PINNED_IMAGE,
    resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
    livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
    readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
    securityContext: {
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    ...overrides,
  };
}

export function podSpec(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    serviceAccountName: 'app',
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [container()],
    ...overrides,
  };
}

export interface WorkloadOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly replicas?: number | null;
  readonly labels?: Record<string, string>;
  readonly spec?: Record<string, unknown>;
  readonly annotations?: Record<string, string>;
}

/** A Deployment that passes every pack on its own (one replica, so no PDB or spread needed). */
export function deployment(options: WorkloadOptions = {}): Manifest {
  const labels = options.labels ?? { app: options.name ?? 'web' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: options.name ?? 'web',
      namespace: options.namespace ?? 'shop',
      ...(options.annotations ? { annotations: options.annotations } : {}),
    },
    spec: {
      ...(options.replicas === null ? {} : { replicas: options.replicas ?? 1 }),
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: podSpec(options.spec) },
    },
  };
}

export function defaultDeny(namespace = 'shop', spec: Record<string, unknown> = {}): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny', namespace },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ...spec },
  };
}

export function entriesOf(manifests: readonly Manifest[]): ManifestEntry[] {
  return manifests.map((manifest, index) => ({ manifest, source: { file: 'test.yaml', line: index + 1 } }));
}

/** Findings of `ruleId` when its pack runs over `manifests` (all of them form the run). */
export function findingsOf(ruleId: string, manifests: readonly Manifest[], k8sVersion = '1.33'): Finding[] {
  const pack = packNamed(ruleId.split('/')[0]);
  if (!pack) throw new Error(`no pack for ${ruleId}`);
  return runPolicy(entriesOf(manifests), { k8sVersion, packs: [pack] }).findings.filter((finding) => finding.ruleId === ruleId);
}

/** `path: message` of each finding of `ruleId`, for compact assertions. */
export function problems(ruleId: string, manifests: readonly Manifest[], k8sVersion?: string): string[] {
  return findingsOf(ruleId, manifests, k8sVersion).map((finding) => `${finding.path}: ${finding.message}`);
}
