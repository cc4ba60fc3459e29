import { containersOf } from '../../../pod-specs';
import { Violation } from '../../../types';
import { PssControl } from '../control';
import { isSet, show } from '../../../json';
import { containerSecurityContext, describeContainer, podSecurityContext } from '../pod-facts';
import { exemptAsUserNamespaced } from '../user-namespace-exemption';

/**
 * Restricted: every container must run with runAsNonRoot true. A container's own setting overrides
 * the pod's, so a container is fine with its own true or, when it sets nothing, with the pod's true.
 * Any explicit non-true value is a violation where it is written, even under a pod-level true.
 */
export const runAsNonRoot: PssControl = {
  name: 'run-as-non-root',
  rationale: 'runAsNonRoot makes the kubelet refuse to start a container whose user is root, so an image cannot silently run as UID 0.',
  fix: 'Set securityContext.runAsNonRoot: true at pod level (or on every container) and remove any runAsNonRoot: false.',
  check(pod, version) {
    if (exemptAsUserNamespaced(pod.spec, version)) return [];
    const violations: Violation[] = [];
    const podValue = podSecurityContext(pod.spec)?.runAsNonRoot;
    if (isSet(podValue) && podValue !== true) {
      violations.push({ path: `${pod.path}.securityContext.runAsNonRoot`, message: `pod sets securityContext.runAsNonRoot to ${show(podValue)}` });
    }
    for (const container of containersOf(pod.spec, pod.path)) {
      const value = containerSecurityContext(container)?.runAsNonRoot;
      const path = `${container.path}.securityContext.runAsNonRoot`;
      if (isSet(value) && value !== true) {
        violations.push({ path, message: `${describeContainer(container)} sets securityContext.runAsNonRoot to ${show(value)}` });
      } else if (!isSet(value) && !isSet(podValue)) {
        // When the pod sets a bad value, that finding already covers the containers inheriting it.
        violations.push({ path, message: `${describeContainer(container)} does not set securityContext.runAsNonRoot and the pod does not either; set it to true` });
      }
    }
    return violations;
  },
};
