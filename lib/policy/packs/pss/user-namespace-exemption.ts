import { PodSpecJson } from '../../pod-specs';
import { runsInUserNamespace } from './pod-facts';
import { K8sVersion, isAtLeast } from './version';

/**
 * Whether a control relaxes for this pod because it runs in a user namespace: runAsNonRoot,
 * runAsUser, and baseline's procMount (restricted keeps requiring the default /proc mount).
 *
 * Upstream (KEP-127) first offered this relaxation only behind the perma-alpha feature gate
 * UserNamespacesPodSecurityStandards. Kubernetes 1.35 dropped the gate: policy versions 1.35 and
 * newer relax unconditionally for `hostUsers: false`, while older policy versions never relax. We
 * replicate that: a target cluster's feature gates are unknown here, so the gate cannot count.
 */
export function exemptAsUserNamespaced(spec: PodSpecJson, version: K8sVersion): boolean {
  return isAtLeast(version, '1.35') && runsInUserNamespace(spec);
}
