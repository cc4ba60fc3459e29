import { containersOf } from '../../../pod-specs';
import { PssControl } from '../control';
import { asArray, asObject, isSet, show } from '../../../json';
import { describeContainer } from '../pod-facts';

/** Baseline: host ports bind directly on the node's network interfaces. */
export const hostPorts: PssControl = {
  name: 'host-ports',
  rationale: "A hostPort opens a port on the node itself, bypassing network policy and exposing the pod on the node's address.",
  fix: 'Remove hostPort from container ports (or set it to 0) and expose the pod through a Service instead.',
  check(pod) {
    return containersOf(pod.spec, pod.path).flatMap((container) =>
      asArray(container.container.ports).flatMap((entry, index) => {
        const hostPort = asObject(entry)?.hostPort;
        if (!isSet(hostPort) || hostPort === 0) return [];
        return [
          {
            path: `${container.path}.ports[${index}].hostPort`,
            message: `${describeContainer(container)} uses hostPort ${show(hostPort)}`,
          },
        ];
      }),
    );
  },
};
