/** Baseline controls over kernel security features: capabilities, AppArmor, SELinux, /proc, seccomp, sysctls. */
import { ContainerCase, EVERY_VERSION, PackName, PodCase, before, runContainerCases, runPodCases, since } from './harness';

const BASELINE_ONLY: readonly PackName[] = ['pss-baseline'];
/** Versions at which restricted still used the baseline capabilities rule. */
const RESTRICTED_BEFORE_CAPABILITIES = { packs: ['pss-restricted'] as const, versions: before('1.22') };

const DEFAULT_CAPABILITIES = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];
const NON_DEFAULT_CAPABILITIES = ['NET_RAW', 'NET_ADMIN', 'SYS_ADMIN', 'SYS_PTRACE', 'ALL', 'chown'];

const capabilities: ContainerCase[] = [BASELINE_ONLY, RESTRICTED_BEFORE_CAPABILITIES.packs].flatMap((packs) => {
  const versions = packs === BASELINE_ONLY ? EVERY_VERSION : RESTRICTED_BEFORE_CAPABILITIES.versions;
  return [
    ...DEFAULT_CAPABILITIES.map(
      (capability): ContainerCase => ({ rule: 'capabilities', title: `add ${capability}`, packs, versions, container: { securityContext: { capabilities: { add: [capability] } } }, expect: [] }),
    ),
    ...NON_DEFAULT_CAPABILITIES.map(
      (capability): ContainerCase => ({
        rule: 'capabilities',
        title: `add ${capability} after an allowed one`,
        packs,
        versions,
        container: { securityContext: { capabilities: { add: ['CHOWN', capability] } } },
        expect: [{ path: '$c.securityContext.capabilities.add[1]', message: `$who adds capability "${capability}", which baseline does not allow` }],
      }),
    ),
    { rule: 'capabilities', title: 'drop only', packs, versions, container: { securityContext: { capabilities: { drop: ['NET_RAW'] } } }, expect: [] },
  ];
});

const APPARMOR_KEY = 'container.apparmor.security.beta.kubernetes.io/c';
const appArmorAnnotations: ContainerCase[] = [
  ...['runtime/default', 'localhost/my-profile', ''].map(
    (value): ContainerCase => ({ rule: 'apparmor', title: `annotation ${JSON.stringify(value)}`, versions: EVERY_VERSION, container: {}, metadata: { annotations: { [APPARMOR_KEY]: value } }, expect: [] }),
  ),
  ...['unconfined', 'localhost', 'docker-default'].map(
    (value): ContainerCase => ({
      rule: 'apparmor',
      title: `annotation ${JSON.stringify(value)}`,
      versions: EVERY_VERSION,
      container: {},
      metadata: { annotations: { [APPARMOR_KEY]: value, 'example.com/unrelated': 'unconfined' } },
      expect: [{ path: `$meta.annotations["${APPARMOR_KEY}"]`, message: `annotation ${APPARMOR_KEY} sets the AppArmor profile of container "c" to "${value}"` }],
    }),
  ),
];

const appArmorFieldContainer: ContainerCase[] = [
  ...['RuntimeDefault', 'Localhost'].map(
    (type): ContainerCase => ({ rule: 'apparmor', title: `container appArmorProfile ${type}`, versions: EVERY_VERSION, container: { securityContext: { appArmorProfile: { type } } }, expect: [] }),
  ),
  {
    rule: 'apparmor',
    title: 'container appArmorProfile Unconfined',
    versions: EVERY_VERSION,
    container: { securityContext: { appArmorProfile: { type: 'Unconfined' } } },
    expect: [{ path: '$c.securityContext.appArmorProfile.type', message: '$who sets securityContext.appArmorProfile.type to "Unconfined"' }],
  },
];

const appArmorFieldPod: PodCase[] = [
  ...['RuntimeDefault', 'Localhost'].map(
    (type): PodCase => ({ rule: 'apparmor', title: `pod appArmorProfile ${type}`, versions: EVERY_VERSION, spec: { securityContext: { appArmorProfile: { type } } }, expect: [] }),
  ),
  {
    rule: 'apparmor',
    title: 'pod appArmorProfile Unconfined',
    versions: EVERY_VERSION,
    spec: { securityContext: { appArmorProfile: { type: 'Unconfined' } } },
    expect: [{ path: '$spec.securityContext.appArmorProfile.type', message: 'pod sets securityContext.appArmorProfile.type to "Unconfined"' }],
  },
  {
    rule: 'apparmor',
    title: 'pod appArmorProfile without a type',
    versions: ['1.30'],
    spec: { securityContext: { appArmorProfile: {} } },
    expect: [{ path: '$spec.securityContext.appArmorProfile.type', message: 'pod sets securityContext.appArmorProfile.type to unset' }],
  },
];

/** SELinux settings, each run at pod level and at container level. */
interface SelinuxCase {
  title: string;
  versions: readonly string[];
  options: object;
  expect: ReadonlyArray<{ field: string; value: string }>;
}

const SELINUX_CASES: readonly SelinuxCase[] = [
    ...['', 'container_t', 'container_init_t', 'container_kvm_t'].map((type) => ({ title: `type ${JSON.stringify(type)}`, versions: EVERY_VERSION, options: { type, level: 's0:c123,c456' }, expect: [] })),
    { title: 'type container_engine_t before 1.31', versions: before('1.31'), options: { type: 'container_engine_t' }, expect: [{ field: 'type', value: 'container_engine_t' }] },
    { title: 'type container_engine_t from 1.31', versions: since('1.31'), options: { type: 'container_engine_t' }, expect: [] },
    ...['spc_t', 'unconfined_t'].map((type) => ({ title: `type ${type}`, versions: EVERY_VERSION, options: { type }, expect: [{ field: 'type', value: type }] })),
    { title: 'user and role set', versions: EVERY_VERSION, options: { user: 'system_u', role: 'system_r' }, expect: [{ field: 'user', value: 'system_u' }, { field: 'role', value: 'system_r' }] },
    { title: 'user and role empty', versions: EVERY_VERSION, options: { user: '', role: '' }, expect: [] },
];

const seLinuxPod: PodCase[] = SELINUX_CASES.map((c) => ({
  rule: 'selinux',
  title: `pod ${c.title}`,
  versions: c.versions,
  spec: { securityContext: { seLinuxOptions: c.options } },
  expect: c.expect.map(({ field, value }) => ({ path: `$spec.securityContext.seLinuxOptions.${field}`, message: `pod sets securityContext.seLinuxOptions.${field} to "${value}"` })),
}));

const seLinuxContainer: ContainerCase[] = SELINUX_CASES.map((c) => ({
  rule: 'selinux',
  title: `container ${c.title}`,
  versions: c.versions,
  container: { securityContext: { seLinuxOptions: c.options } },
  expect: c.expect.map(({ field, value }) => ({ path: `$c.securityContext.seLinuxOptions.${field}`, message: `$who sets securityContext.seLinuxOptions.${field} to "${value}"` })),
}));

const UNMASKED = [{ path: '$c.securityContext.procMount', message: '$who sets securityContext.procMount to "Unmasked"' }];
const procMount: ContainerCase[] = [
  { rule: 'proc-mount', title: 'Default', versions: EVERY_VERSION, container: { securityContext: { procMount: 'Default' } }, expect: [] },
  { rule: 'proc-mount', title: 'Unmasked', versions: EVERY_VERSION, container: { securityContext: { procMount: 'Unmasked' } }, expect: UNMASKED },
  { rule: 'proc-mount', title: 'Unmasked in a user namespace before 1.35', versions: before('1.35'), spec: { hostUsers: false }, container: { securityContext: { procMount: 'Unmasked' } }, expect: UNMASKED },
  { rule: 'proc-mount', title: 'Unmasked with hostUsers true', versions: since('1.35'), spec: { hostUsers: true }, container: { securityContext: { procMount: 'Unmasked' } }, expect: UNMASKED },
  // Baseline relaxes for user-namespaced pods from 1.35; restricted never does.
  { rule: 'proc-mount', title: 'Unmasked in a user namespace from 1.35', packs: ['pss-baseline'], versions: since('1.35'), spec: { hostUsers: false }, container: { securityContext: { procMount: 'Unmasked' } }, expect: [] },
  { rule: 'proc-mount', title: 'Unmasked in a user namespace from 1.35', packs: ['pss-restricted'], versions: since('1.35'), spec: { hostUsers: false }, container: { securityContext: { procMount: 'Unmasked' } }, expect: UNMASKED },
];

const POD_SECCOMP_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_SECCOMP_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/c';
/** Restricted judges seccomp like baseline before 1.19 (annotations only); its own rule starts at 1.19. */
const seccompAnnotationsContainer: ContainerCase[] = [
  ...['runtime/default', 'docker/default', 'localhost/profile.json'].map(
    (value): ContainerCase => ({
      rule: 'seccomp',
      title: `annotations ${value} before 1.19`,
      versions: before('1.19'),
      container: {},
      metadata: { annotations: { [POD_SECCOMP_ANNOTATION]: value, [CONTAINER_SECCOMP_ANNOTATION]: value } },
      expect: [],
    }),
  ),
  ...['unconfined', ''].map(
    (value): ContainerCase => ({
      rule: 'seccomp',
      title: `annotations ${JSON.stringify(value)} before 1.19`,
      versions: before('1.19'),
      container: {},
      metadata: { annotations: { [POD_SECCOMP_ANNOTATION]: value, [CONTAINER_SECCOMP_ANNOTATION]: value, 'container.seccomp.security.alpha.kubernetes.io/absent': value } },
      expect: [
        { path: `$meta.annotations["${POD_SECCOMP_ANNOTATION}"]`, message: `annotation ${POD_SECCOMP_ANNOTATION} sets the seccomp profile of the pod to "${value}"` },
        { path: `$meta.annotations["${CONTAINER_SECCOMP_ANNOTATION}"]`, message: `annotation ${CONTAINER_SECCOMP_ANNOTATION} sets the seccomp profile of the $who to "${value}"` },
      ],
    }),
  ),
  {
    rule: 'seccomp',
    title: 'annotation unconfined from 1.19 (baseline reads the fields only)',
    packs: ['pss-baseline'],
    versions: since('1.19'),
    container: {},
    metadata: { annotations: { [POD_SECCOMP_ANNOTATION]: 'unconfined' } },
    expect: [],
  },
];

const seccompFieldsBaseline: ContainerCase[] = [
  ...['RuntimeDefault', 'Localhost'].map(
    (type): ContainerCase => ({ rule: 'seccomp', title: `container and pod ${type}`, packs: BASELINE_ONLY, versions: EVERY_VERSION, spec: { securityContext: { seccompProfile: { type } } }, container: { securityContext: { seccompProfile: { type } } }, expect: [] }),
  ),
  { rule: 'seccomp', title: 'no profile anywhere', packs: BASELINE_ONLY, versions: EVERY_VERSION, container: {}, expect: [] },
  {
    rule: 'seccomp',
    title: 'container Unconfined from 1.19',
    packs: BASELINE_ONLY,
    versions: since('1.19'),
    container: { securityContext: { seccompProfile: { type: 'Unconfined' } } },
    expect: [{ path: '$c.securityContext.seccompProfile.type', message: '$who sets securityContext.seccompProfile.type to "Unconfined"' }],
  },
  {
    rule: 'seccomp',
    title: 'pod Unconfined from 1.19, also on Windows pods',
    packs: BASELINE_ONLY,
    versions: since('1.19'),
    spec: { os: { name: 'windows' }, securityContext: { seccompProfile: { type: 'Unconfined' } } },
    container: {},
    expect: [{ path: '$spec.securityContext.seccompProfile.type', message: 'pod sets securityContext.seccompProfile.type to "Unconfined"' }],
  },
  {
    rule: 'seccomp',
    title: 'Unconfined fields before 1.19 (only annotations existed)',
    versions: before('1.19'),
    spec: { securityContext: { seccompProfile: { type: 'Unconfined' } } },
    container: { securityContext: { seccompProfile: { type: 'Unconfined' } } },
    expect: [],
  },
];

const SYSCTLS_BY_VERSION: Record<string, readonly string[]> = {
  '1.0': ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range'],
  '1.27': ['net.ipv4.ip_local_reserved_ports'],
  '1.29': ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'],
  '1.32': ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'],
  '1.37': ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'],
};

function sysctlCase(name: string, versions: readonly string[], allowed: boolean): PodCase {
  return {
    rule: 'sysctls',
    title: `${name} ${allowed ? 'allowed' : 'forbidden'}`,
    versions,
    spec: { securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }, { name, value: '1' }] } },
    expect: allowed ? [] : [{ path: '$spec.securityContext.sysctls[1].name', message: `pod sets sysctl "${name}", which is not in the safe set of Kubernetes $version` }],
  };
}

const sysctls: PodCase[] = [
  ...Object.entries(SYSCTLS_BY_VERSION).flatMap(([addedIn, names]) =>
    names.flatMap((name) => (addedIn === '1.0' ? [sysctlCase(name, EVERY_VERSION, true)] : [sysctlCase(name, before(addedIn), false), sysctlCase(name, since(addedIn), true)])),
  ),
  ...['kernel.msgmax', 'net.core.somaxconn', 'vm.swappiness', 'net.ipv4.ip_forward'].map((name) => sysctlCase(name, EVERY_VERSION, false)),
];

runPodCases('PSS baseline kernel controls: pod level', [...appArmorFieldPod, ...seLinuxPod, ...sysctls]);
runContainerCases('PSS baseline kernel controls: container level', [
  ...capabilities,
  ...appArmorAnnotations,
  ...appArmorFieldContainer,
  ...seLinuxContainer,
  ...procMount,
  ...seccompAnnotationsContainer,
  ...seccompFieldsBaseline,
]);
