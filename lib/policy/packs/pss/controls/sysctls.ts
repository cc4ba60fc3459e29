import { PssControl } from '../control';
import { asArray, asObject, show } from '../../../json';
import { podSecurityContext } from '../pod-facts';
import { valueAt } from '../version';

// The safe (namespaced, pod-isolated) sysctls; each release's set includes the earlier ones.
const SAFE_SINCE_1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
];
const SAFE_SINCE_1_27 = [...SAFE_SINCE_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SAFE_SINCE_1_29 = [
  ...SAFE_SINCE_1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const SAFE_SINCE_1_32 = [...SAFE_SINCE_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const SAFE_SINCE_1_37 = [...SAFE_SINCE_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

const SAFE_SYSCTLS = [
  { since: '1.0', value: new Set(SAFE_SINCE_1_0) },
  { since: '1.27', value: new Set(SAFE_SINCE_1_27) },
  { since: '1.29', value: new Set(SAFE_SINCE_1_29) },
  { since: '1.32', value: new Set(SAFE_SINCE_1_32) },
  { since: '1.37', value: new Set(SAFE_SINCE_1_37) },
] as const;

/** Baseline: only sysctls that are namespaced per pod and cannot affect other pods are allowed. */
export const sysctls: PssControl = {
  name: 'sysctls',
  rationale: 'Unsafe sysctls change kernel settings that are shared with the node or other pods, or switch off kernel protections.',
  fix: 'Only set sysctls from the safe set of the target Kubernetes version, or tune the node instead.',
  check(pod, version) {
    const allowed: ReadonlySet<unknown> = valueAt(SAFE_SYSCTLS, version);
    return asArray(podSecurityContext(pod.spec)?.sysctls).flatMap((entry, index) => {
      const name = asObject(entry)?.name;
      if (allowed.has(name)) return [];
      return [
        {
          path: `${pod.path}.securityContext.sysctls[${index}].name`,
          message: `pod sets sysctl ${show(name)}, which is not in the safe set of Kubernetes ${version.major}.${version.minor}`,
        },
      ];
    });
  },
};
