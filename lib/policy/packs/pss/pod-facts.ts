/** Facts about a pod spec and its containers that several controls read. */
import { ContainerListField, ContainerLocation, PodSpecJson, PodSpecLocation, containersOf } from '../../pod-specs';
import { JsonObject, asObject } from '../../json';

export function podSecurityContext(spec: PodSpecJson): JsonObject | undefined {
  return asObject(spec.securityContext);
}

export function containerSecurityContext(container: ContainerLocation): JsonObject | undefined {
  return asObject(container.container.securityContext);
}

/**
 * From 1.25 the standard exempts pods that declare `spec.os.name: windows` from the Linux-only
 * restricted controls (privilege escalation, seccomp, capabilities): the API rejects those fields on
 * Windows pods, so requiring them would make such pods impossible to admit.
 */
export function isWindowsPod(spec: PodSpecJson): boolean {
  return asObject(spec.os)?.name === 'windows';
}

/** `hostUsers: false` runs the pod in its own user namespace, so root inside is unprivileged outside. */
export function runsInUserNamespace(spec: PodSpecJson): boolean {
  return spec.hostUsers === false;
}

const KIND_OF_CONTAINER: Record<ContainerListField, string> = {
  containers: 'container',
  initContainers: 'init container',
  ephemeralContainers: 'ephemeral container',
};

/** `init container "setup"`: how messages name a container. */
export function describeContainer(container: ContainerLocation): string {
  return `${KIND_OF_CONTAINER[container.field]} ${JSON.stringify(container.name)}`;
}

/** A security context that sets something: the pod's or one container's. */
export interface SecurityContextSite {
  /** `pod` or a container description, for messages. */
  readonly owner: string;
  readonly context: JsonObject;
  /** Path of the security context itself, e.g. `spec.containers[0].securityContext`. */
  readonly path: string;
}

/** The pod-level security context (if any) followed by every container's (if any). */
export function securityContextSites(pod: PodSpecLocation): SecurityContextSite[] {
  const sites: SecurityContextSite[] = [];
  const podContext = podSecurityContext(pod.spec);
  if (podContext) sites.push({ owner: 'pod', context: podContext, path: `${pod.path}.securityContext` });
  for (const container of containersOf(pod.spec, pod.path)) {
    const context = containerSecurityContext(container);
    if (context) sites.push({ owner: describeContainer(container), context, path: `${container.path}.securityContext` });
  }
  return sites;
}
