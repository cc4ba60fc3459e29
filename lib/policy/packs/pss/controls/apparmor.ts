import { Violation } from '../../../types';
import { PssControl } from '../control';
import { asObject, show } from '../../../json';
import { securityContextSites } from '../pod-facts';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const ALLOWED_PROFILE_TYPES: ReadonlySet<unknown> = new Set(['RuntimeDefault', 'Localhost']);

function isAllowedAnnotationValue(value: unknown): boolean {
  return value === '' || value === 'runtime/default' || (typeof value === 'string' && value.startsWith('localhost/'));
}

/**
 * Baseline: AppArmor may be left at the runtime default or narrowed to a node-local profile, never
 * switched off. Both the deprecated per-container annotations and the `appArmorProfile` field (GA in
 * 1.30) are judged at every version, as upstream does: a server too old for the field drops it, so
 * checking it costs nothing and keeps one behaviour across targets.
 */
export const appArmor: PssControl = {
  name: 'apparmor',
  rationale: 'Disabling AppArmor or choosing an arbitrary profile removes a mandatory access control layer that limits what a compromised container can do.',
  fix: 'Use appArmorProfile.type RuntimeDefault or Localhost (or annotation values runtime/default or localhost/<profile>), or leave AppArmor unset.',
  check(pod) {
    const annotationViolations = Object.entries(asObject(pod.metadata?.annotations) ?? {})
      .filter(([key, value]) => key.startsWith(ANNOTATION_PREFIX) && !isAllowedAnnotationValue(value))
      .map(([key, value]) => ({
        path: `${pod.metadataPath}.annotations[${JSON.stringify(key)}]`,
        message: `annotation ${key} sets the AppArmor profile of container ${JSON.stringify(key.slice(ANNOTATION_PREFIX.length))} to ${show(value)}`,
      }));
    const fieldViolations = securityContextSites(pod).flatMap((site): Violation[] => {
      const profile = asObject(site.context.appArmorProfile);
      if (!profile || ALLOWED_PROFILE_TYPES.has(profile.type)) return [];
      return [
        {
          path: `${site.path}.appArmorProfile.type`,
          message: `${site.owner} sets securityContext.appArmorProfile.type to ${show(profile.type)}`,
        },
      ];
    });
    return [...annotationViolations, ...fieldViolations];
  },
};
