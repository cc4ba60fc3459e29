import { containersOf } from '../../../pod-specs';
import { PssControl } from '../control';
import { show } from '../../../json';
import { containerSecurityContext, describeContainer, isWindowsPod } from '../pod-facts';
import { isAtLeast } from '../version';

/**
 * Restricted since 1.8 (when the field appeared): every container sets allowPrivilegeEscalation
 * false, because the runtime default is true. From 1.25 Windows pods are exempt: the field is Linux-only.
 */
export const privilegeEscalation: PssControl = {
  name: 'privilege-escalation',
  rationale: 'Without allowPrivilegeEscalation: false a process can gain more privileges than its parent, e.g. through set-user-ID binaries.',
  fix: 'Set securityContext.allowPrivilegeEscalation: false on every container.',
  check(pod, version) {
    if (!isAtLeast(version, '1.8')) return [];
    if (isAtLeast(version, '1.25') && isWindowsPod(pod.spec)) return [];
    return containersOf(pod.spec, pod.path)
      .map((container) => ({ container, value: containerSecurityContext(container)?.allowPrivilegeEscalation }))
      .filter(({ value }) => value !== false)
      .map(({ container, value }) => ({
        path: `${container.path}.securityContext.allowPrivilegeEscalation`,
        message: `${describeContainer(container)} must set securityContext.allowPrivilegeEscalation to false (it is ${show(value)})`,
      }));
  },
};
