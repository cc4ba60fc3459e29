import { ApiObject, JsonPatch, Size } from 'cdk8s';
import { Construct } from 'constructs';
import * as kplus from './plus';
import { DEFAULT_SCRATCH } from './resources';

/**
 * The pod hardening every workload of this project gets: the Pod Security Standards' restricted
 * profile and then some. One place, so a fix here hardens every construct at once.
 */

/** The fixed non-root identity pods run as. */
export interface RunAs {
  readonly user: number;
  readonly group: number;
}

/**
 * UID/GID 10001: above the ranges distributions give system and login users (and above the 10000
 * kube-score's container-security-context-user-group-id asks for), so it maps to no host account.
 */
export const DEFAULT_RUN_AS: RunAs = { user: 10001, group: 10001 };

/** Pod-level security: non-root with a fixed UID/GID and an fsGroup so mounted files are readable. */
export function hardenedPodSecurityContext(runAs: RunAs): kplus.PodSecurityContextProps {
  return {
    ensureNonRoot: true,
    user: runAs.user,
    group: runAs.group,
    fsGroup: runAs.group,
    // Only chown a volume when its root does not already belong to fsGroup: large volumes mount fast.
    fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
  };
}

/** Container-level security: read-only root, no escalation, no capabilities, RuntimeDefault seccomp. */
export function hardenedContainerSecurityContext(runAs: RunAs): kplus.ContainerSecurityContextProps {
  return {
    ensureNonRoot: true,
    user: runAs.user,
    group: runAs.group,
    privileged: false,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: [kplus.Capability.ALL] },
    seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
  };
}

/**
 * cdk8s-plus-28 has no pod-level `seccompProfile`; the container-level one already satisfies the
 * restricted profile, but a pod-level default also covers containers added later (and ephemeral
 * debug containers). `podSpecPath` is the JSON pointer of the pod spec inside the object.
 */
export function addPodSeccompDefault(apiObject: ApiObject, podSpecPath: string): void {
  apiObject.addJsonPatch(JsonPatch.add(`${podSpecPath}/securityContext/seccompProfile`, { type: 'RuntimeDefault' }));
}

/**
 * A size-bounded emptyDir mounted at /tmp: the one writable path a read-only root needs. Pass the
 * same size to `containerResources` as the container's scratch space (its ephemeral-storage limit).
 */
export function mountTmp(scope: Construct, container: kplus.Container, sizeLimit: Size = DEFAULT_SCRATCH): void {
  const volume = kplus.Volume.fromEmptyDir(scope, 'tmp', 'tmp', { sizeLimit });
  container.mount('/tmp', volume);
}
