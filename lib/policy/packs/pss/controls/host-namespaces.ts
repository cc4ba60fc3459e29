import { PssControl } from '../control';

const HOST_NAMESPACE_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

/** Baseline: sharing the node's network, PID or IPC namespace. */
export const hostNamespaces: PssControl = {
  name: 'host-namespaces',
  rationale: "Sharing the node's network, process or IPC namespace lets a pod see and reach the node's traffic, processes and shared memory.",
  fix: 'Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false).',
  check(pod) {
    return HOST_NAMESPACE_FIELDS.filter((field) => pod.spec[field] === true).map((field) => ({
      path: `${pod.path}.${field}`,
      message: `pod sets ${field} to true`,
    }));
  },
};
