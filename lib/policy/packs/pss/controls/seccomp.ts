import { PodSpecLocation, containersOf } from '../../../pod-specs';
import { Violation } from '../../../types';
import { PssControl } from '../control';
import { asObject, isSet, show } from '../../../json';
import { containerSecurityContext, describeContainer, isWindowsPod, podSecurityContext, securityContextSites } from '../pod-facts';
import { isAtLeast } from '../version';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const ALLOWED_PROFILE_TYPES: ReadonlySet<unknown> = new Set(['RuntimeDefault', 'Localhost']);

function isAllowedAnnotationValue(value: unknown): boolean {
  return (
    value === 'runtime/default' || value === 'docker/default' || (typeof value === 'string' && value.startsWith('localhost/'))
  );
}

/**
 * Before 1.19 seccomp was configured by alpha annotations, so that is what the standard judged then:
 * the pod annotation and the annotation of each container the spec defines.
 */
function forbiddenAnnotations(pod: PodSpecLocation): Violation[] {
  const annotations = asObject(pod.metadata?.annotations) ?? {};
  const keys = [
    { key: POD_ANNOTATION, owner: 'pod' },
    ...containersOf(pod.spec, pod.path).map((c) => ({ key: CONTAINER_ANNOTATION_PREFIX + c.name, owner: describeContainer(c) })),
  ];
  return keys
    .filter(({ key }) => key in annotations && !isAllowedAnnotationValue(annotations[key]))
    .map(({ key, owner }) => ({
      path: `${pod.metadataPath}.annotations[${JSON.stringify(key)}]`,
      message: `annotation ${key} sets the seccomp profile of the ${owner} to ${show(annotations[key])}`,
    }));
}

function profileTypeOf(context: Record<string, unknown> | undefined): { set: boolean; type: unknown } {
  const profile = context?.seccompProfile;
  return { set: isSet(profile), type: asObject(profile)?.type };
}

/** Explicit seccompProfile settings (pod or container) whose type is not an allowed one. */
function forbiddenProfileTypes(pod: PodSpecLocation): Violation[] {
  return securityContextSites(pod).flatMap((site): Violation[] => {
    const { set, type } = profileTypeOf(site.context);
    if (!set || ALLOWED_PROFILE_TYPES.has(type)) return [];
    return [
      {
        path: `${site.path}.seccompProfile.type`,
        message: `${site.owner} sets securityContext.seccompProfile.type to ${show(type)}`,
      },
    ];
  });
}

/**
 * Containers left without a profile: a container inherits the pod's profile, so it needs its own
 * only when the pod sets none (a pod setting a forbidden type is reported at the pod instead).
 */
function containersWithoutProfile(pod: PodSpecLocation): Violation[] {
  if (profileTypeOf(podSecurityContext(pod.spec)).set) return [];
  return containersOf(pod.spec, pod.path)
    .filter((container) => !profileTypeOf(containerSecurityContext(container)).set)
    .map((container) => ({
      path: `${container.path}.securityContext.seccompProfile.type`,
      message: `${describeContainer(container)} has no seccomp profile and the pod sets none; set RuntimeDefault or Localhost`,
    }));
}

const rationale = 'Seccomp filters the system calls a container may make; running Unconfined exposes the whole kernel attack surface.';

/** Baseline: a seccomp profile may be left unset but must not be switched off. */
export const seccompBaseline: PssControl = {
  name: 'seccomp',
  rationale,
  fix: 'Remove seccompProfile types other than RuntimeDefault or Localhost (before 1.19: annotation values runtime/default, docker/default or localhost/<profile>).',
  check: (pod, version) => (isAtLeast(version, '1.19') ? forbiddenProfileTypes(pod) : forbiddenAnnotations(pod)),
};

/**
 * Restricted from 1.19: every container must end up with RuntimeDefault or Localhost, set on the
 * container or inherited from the pod; before 1.19 only the baseline annotation rule existed. From
 * 1.25 Windows pods are exempt entirely (Windows has no seccomp; upstream skips the whole check).
 */
export const seccompRestricted: PssControl = {
  name: 'seccomp',
  rationale: `${rationale} Restricted requires a profile so that no container runs without one.`,
  fix: 'Set securityContext.seccompProfile.type: RuntimeDefault (or Localhost) at pod level, or on every container.',
  check(pod, version) {
    if (!isAtLeast(version, '1.19')) return seccompBaseline.check(pod, version);
    if (isAtLeast(version, '1.25') && isWindowsPod(pod.spec)) return [];
    return [...forbiddenProfileTypes(pod), ...containersWithoutProfile(pod)];
  },
};
