import { PodSpecLocation, containersOf } from '../../../pod-specs';
import { Violation } from '../../../types';
import { PssControl } from '../control';
import { isSet, show } from '../../../json';
import { containerSecurityContext, describeContainer } from '../pod-facts';
import { exemptAsUserNamespaced } from '../user-namespace-exemption';

function unmaskedProcMounts(pod: PodSpecLocation): Violation[] {
  return containersOf(pod.spec, pod.path).flatMap((container) => {
    const procMount = containerSecurityContext(container)?.procMount;
    if (!isSet(procMount) || procMount === 'Default') return [];
    return [
      {
        path: `${container.path}.securityContext.procMount`,
        message: `${describeContainer(container)} sets securityContext.procMount to ${show(procMount)}`,
      },
    ];
  });
}

const rationale = "The default /proc mount masks kernel interfaces that would let a container read or change the node's state.";
const fix = 'Remove securityContext.procMount (or set it to Default) on every container.';

/**
 * Baseline. From 1.35 upstream lets user-namespaced pods (`hostUsers: false`) use any procMount:
 * there an unmasked /proc is only writable by the namespace's unprivileged host IDs.
 */
export const procMountBaseline: PssControl = {
  name: 'proc-mount',
  rationale,
  fix: `${fix} From 1.35, pods with hostUsers: false may use any procMount under baseline.`,
  check(pod, version) {
    if (exemptAsUserNamespaced(pod.spec, version)) return [];
    return unmaskedProcMounts(pod);
  },
};

/** Restricted keeps requiring the default /proc mount for every pod, user-namespaced or not. */
export const procMountRestricted: PssControl = {
  name: 'proc-mount',
  rationale,
  fix,
  check: unmaskedProcMounts,
};
