import { containersOf } from '../../../pod-specs';
import { PssControl } from '../control';
import { containerSecurityContext, describeContainer } from '../pod-facts';

/** Baseline: privileged containers switch off almost every isolation mechanism. */
export const privileged: PssControl = {
  name: 'privileged',
  rationale: 'A privileged container gets every capability and all host devices, which makes escaping to the node trivial.',
  fix: 'Remove securityContext.privileged (or set it to false) on every container.',
  check(pod) {
    return containersOf(pod.spec, pod.path)
      .filter((container) => containerSecurityContext(container)?.privileged === true)
      .map((container) => ({
        path: `${container.path}.securityContext.privileged`,
        message: `${describeContainer(container)} sets securityContext.privileged to true`,
      }));
  },
};
