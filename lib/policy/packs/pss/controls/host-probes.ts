import { containersOf } from '../../../pod-specs';
import { Violation } from '../../../types';
import { PssControl } from '../control';
import { asObject, show } from '../../../json';
import { describeContainer } from '../pod-facts';
import { isAtLeast } from '../version';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const LIFECYCLE_HOOKS = ['postStart', 'preStop'] as const;
/** Handler kinds that dial out and so take a `host`; in lifecycle hooks tcpSocket is deprecated but still accepted, so it counts. */
const DIALING_HANDLERS = ['httpGet', 'tcpSocket'] as const;

/** Where a probe or lifecycle handler lives inside a container, e.g. `lifecycle.preStop`. */
function handlerPaths(container: Record<string, unknown>): Array<{ relativePath: string; handler: unknown }> {
  const lifecycle = asObject(container.lifecycle);
  return [
    ...PROBES.map((probe) => ({ relativePath: probe, handler: container[probe] })),
    ...LIFECYCLE_HOOKS.map((hook) => ({ relativePath: `lifecycle.${hook}`, handler: lifecycle?.[hook] })),
  ];
}

/**
 * Baseline since 1.34 (upstream check `hostProbesAndHostLifecycle`): probes and hooks must target the
 * pod itself. Before 1.34 the standard had no such control, so older targets are not checked.
 */
export const hostProbes: PssControl = {
  name: 'host-probes',
  rationale:
    'A probe or lifecycle hook with a host makes the kubelet connect to an arbitrary address from the node, which can be abused to reach node-local or internal services.',
  fix: 'Remove the host field from httpGet/tcpSocket probes and lifecycle hooks so they target the pod IP.',
  check(pod, version) {
    if (!isAtLeast(version, '1.34')) return [];
    return containersOf(pod.spec, pod.path).flatMap((container) =>
      handlerPaths(container.container).flatMap(({ relativePath, handler }) =>
        DIALING_HANDLERS.flatMap((kind): Violation[] => {
          const host = asObject(asObject(handler)?.[kind])?.host;
          if (host === undefined || host === null || host === '') return [];
          return [
            {
              path: `${container.path}.${relativePath}.${kind}.host`,
              message: `${describeContainer(container)} sets ${relativePath}.${kind}.host to ${show(host)}`,
            },
          ];
        }),
      ),
    );
  },
};
