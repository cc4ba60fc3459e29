/** Restricted-only controls, and the baseline controls restricted tightens (seccomp, capabilities). */
import { ContainerCase, EVERY_VERSION, PackName, PodCase, before, runContainerCases, runPodCases, since } from './harness';

const RESTRICTED: readonly PackName[] = ['pss-restricted'];
const WINDOWS = { os: { name: 'windows' } };

const ALLOWED_VOLUMES: Record<string, object> = {
  configMap: { name: 'cfg' },
  csi: { driver: 'secrets-store.csi.k8s.io' },
  downwardAPI: { items: [] },
  emptyDir: {},
  ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } },
  image: { reference: 'registry.example/data:1' },
  persistentVolumeClaim: { claimName: 'data' },
  projected: { sources: [] },
  secret: { secretName: 'tls' },
};
const FORBIDDEN_VOLUMES = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder',
  'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'portworxVolume', 'photonPersistentDisk',
  'scaleIO', 'storageos',
];

const volumeTypes: PodCase[] = [
  ...Object.entries(ALLOWED_VOLUMES).map(
    ([type, source]): PodCase => ({ rule: 'volume-types', title: `${type} volume`, packs: RESTRICTED, versions: EVERY_VERSION, spec: { volumes: [{ name: 'v', [type]: source }] }, expect: [] }),
  ),
  ...FORBIDDEN_VOLUMES.map(
    (type): PodCase => ({
      rule: 'volume-types',
      title: `${type} volume`,
      packs: RESTRICTED,
      versions: EVERY_VERSION,
      spec: { volumes: [{ name: 'ok', emptyDir: {} }, { name: 'v', [type]: {} }] },
      expect: [{ path: `$spec.volumes[1].${type}`, message: `volume "v" uses volume type "${type}", which restricted does not allow` }],
    }),
  ),
  {
    rule: 'volume-types',
    title: 'hostPath is left to host-path-volumes',
    packs: RESTRICTED,
    versions: EVERY_VERSION,
    spec: { volumes: [{ name: 'h', hostPath: { path: '/etc' } }] },
    expect: [],
  },
  {
    // The API server defaults a volume without a source to emptyDir before admission; upstream's
    // restrictedVolumes fixtures pass it ("implicit empty dir") at every version.
    rule: 'volume-types',
    title: 'a volume without a source is the emptyDir the API server makes of it',
    packs: RESTRICTED,
    versions: EVERY_VERSION,
    spec: { volumes: [{ name: 'v' }, { name: 'w', secret: null }] },
    expect: [],
  },
  {
    rule: 'volume-types',
    title: 'a field that is no volume source is still judged as one',
    packs: RESTRICTED,
    versions: EVERY_VERSION,
    spec: { volumes: [{ name: 'v' }, { name: 'x', gitrepo: {} }] },
    expect: [{ path: '$spec.volumes[1].gitrepo', message: 'volume "x" uses volume type "gitrepo", which restricted does not allow' }],
  },
];

const escalationViolation = (value: string) => [
  { path: '$c.securityContext.allowPrivilegeEscalation', message: `$who must set securityContext.allowPrivilegeEscalation to false (it is ${value})` },
];
const privilegeEscalation: ContainerCase[] = [
  { rule: 'privilege-escalation', title: 'false', packs: RESTRICTED, versions: since('1.8'), container: { securityContext: { allowPrivilegeEscalation: false } }, expect: [] },
  { rule: 'privilege-escalation', title: 'true', packs: RESTRICTED, versions: since('1.8'), container: { securityContext: { allowPrivilegeEscalation: true } }, expect: escalationViolation('true') },
  { rule: 'privilege-escalation', title: 'unset', packs: RESTRICTED, versions: since('1.8'), container: {}, expect: escalationViolation('unset') },
  { rule: 'privilege-escalation', title: 'unset before the field existed', packs: RESTRICTED, versions: ['1.7'], container: {}, expect: [] },
  { rule: 'privilege-escalation', title: 'unset on a Windows pod before 1.25', packs: RESTRICTED, versions: ['1.8', '1.24'], spec: WINDOWS, container: {}, expect: escalationViolation('unset') },
  { rule: 'privilege-escalation', title: 'unset on a Windows pod from 1.25', packs: RESTRICTED, versions: since('1.25'), spec: WINDOWS, container: {}, expect: [] },
  { rule: 'privilege-escalation', title: 'unset on a Linux pod from 1.25', packs: RESTRICTED, versions: since('1.25'), spec: { os: { name: 'linux' } }, container: {}, expect: escalationViolation('unset') },
];

const nonRootUnset = [
  { path: '$c.securityContext.runAsNonRoot', message: '$who does not set securityContext.runAsNonRoot and the pod does not either; set it to true' },
];
const nonRootFalse = [{ path: '$c.securityContext.runAsNonRoot', message: '$who sets securityContext.runAsNonRoot to false' }];
const podNonRootFalse = [{ path: '$spec.securityContext.runAsNonRoot', message: 'pod sets securityContext.runAsNonRoot to false' }];
const pod = (runAsNonRoot: boolean | undefined, extra: object = {}) => ({ ...extra, securityContext: { runAsNonRoot } });
const own = (runAsNonRoot: boolean | undefined) => ({ securityContext: { runAsNonRoot } });

const runAsNonRoot: ContainerCase[] = [
  { rule: 'run-as-non-root', title: 'pod true, container inherits', packs: RESTRICTED, versions: EVERY_VERSION, spec: pod(true), container: {}, expect: [] },
  { rule: 'run-as-non-root', title: 'pod unset, container true', packs: RESTRICTED, versions: EVERY_VERSION, container: own(true), expect: [] },
  { rule: 'run-as-non-root', title: 'pod true, container false overrides', packs: RESTRICTED, versions: EVERY_VERSION, spec: pod(true), container: own(false), expect: nonRootFalse },
  { rule: 'run-as-non-root', title: 'pod unset, container unset', packs: RESTRICTED, versions: EVERY_VERSION, container: {}, expect: nonRootUnset },
  { rule: 'run-as-non-root', title: 'pod false, container inherits', packs: RESTRICTED, versions: EVERY_VERSION, spec: pod(false), container: {}, expect: podNonRootFalse },
  { rule: 'run-as-non-root', title: 'pod false, container true', packs: RESTRICTED, versions: EVERY_VERSION, spec: pod(false), container: own(true), expect: podNonRootFalse },
  { rule: 'run-as-non-root', title: 'both false', packs: RESTRICTED, versions: EVERY_VERSION, spec: pod(false), container: own(false), expect: [...podNonRootFalse, ...nonRootFalse] },
  { rule: 'run-as-non-root', title: 'user namespace before 1.35', packs: RESTRICTED, versions: before('1.35'), spec: { hostUsers: false }, container: own(false), expect: nonRootFalse },
  { rule: 'run-as-non-root', title: 'user namespace from 1.35', packs: RESTRICTED, versions: since('1.35'), spec: pod(false, { hostUsers: false }), container: own(false), expect: [] },
  { rule: 'run-as-non-root', title: 'hostUsers true from 1.35', packs: RESTRICTED, versions: since('1.35'), spec: { hostUsers: true }, container: {}, expect: nonRootUnset },
  { rule: 'run-as-non-root', title: 'Windows pods are not exempt', packs: RESTRICTED, versions: since('1.25'), spec: WINDOWS, container: {}, expect: nonRootUnset },
];

const containerRoot = [{ path: '$c.securityContext.runAsUser', message: '$who sets securityContext.runAsUser to 0 (root)' }];
const podRoot = [{ path: '$spec.securityContext.runAsUser', message: 'pod sets securityContext.runAsUser to 0 (root)' }];
const runAsUser: ContainerCase[] = [
  { rule: 'run-as-non-root-user', title: 'container 0', packs: RESTRICTED, versions: since('1.23'), container: { securityContext: { runAsUser: 0 } }, expect: containerRoot },
  { rule: 'run-as-non-root-user', title: 'pod 0 and container 0', packs: RESTRICTED, versions: since('1.23'), spec: { securityContext: { runAsUser: 0 } }, container: { securityContext: { runAsUser: 0 } }, expect: [...podRoot, ...containerRoot] },
  { rule: 'run-as-non-root-user', title: 'pod 0, container 1000', packs: RESTRICTED, versions: since('1.23'), spec: { securityContext: { runAsUser: 0 } }, container: { securityContext: { runAsUser: 1000 } }, expect: podRoot },
  { rule: 'run-as-non-root-user', title: 'non-zero and unset', packs: RESTRICTED, versions: EVERY_VERSION, spec: { securityContext: { runAsUser: 1000 } }, container: {}, expect: [] },
  { rule: 'run-as-non-root-user', title: 'container 0 before 1.23', packs: RESTRICTED, versions: before('1.23'), container: { securityContext: { runAsUser: 0 } }, expect: [] },
  { rule: 'run-as-non-root-user', title: 'user namespace before 1.35', packs: RESTRICTED, versions: ['1.23', '1.34'], spec: { hostUsers: false }, container: { securityContext: { runAsUser: 0 } }, expect: containerRoot },
  { rule: 'run-as-non-root-user', title: 'user namespace from 1.35', packs: RESTRICTED, versions: since('1.35'), spec: { hostUsers: false, securityContext: { runAsUser: 0 } }, container: { securityContext: { runAsUser: 0 } }, expect: [] },
];

const seccompProfile = (type: string) => ({ securityContext: { seccompProfile: { type, ...(type === 'Localhost' ? { localhostProfile: 'p.json' } : {}) } } });
const seccompMissing = [
  { path: '$c.securityContext.seccompProfile.type', message: '$who has no seccomp profile and the pod sets none; set RuntimeDefault or Localhost' },
];
const containerUnconfined = [{ path: '$c.securityContext.seccompProfile.type', message: '$who sets securityContext.seccompProfile.type to "Unconfined"' }];
const podUnconfined = [{ path: '$spec.securityContext.seccompProfile.type', message: 'pod sets securityContext.seccompProfile.type to "Unconfined"' }];
const seccompRestricted: ContainerCase[] = [
  ...['RuntimeDefault', 'Localhost'].flatMap((type): ContainerCase[] => [
    { rule: 'seccomp', title: `pod ${type}, container inherits`, packs: RESTRICTED, versions: since('1.19'), spec: seccompProfile(type), container: {}, expect: [] },
    { rule: 'seccomp', title: `pod unset, container ${type}`, packs: RESTRICTED, versions: since('1.19'), container: seccompProfile(type), expect: [] },
  ]),
  { rule: 'seccomp', title: 'pod unset, container unset', packs: RESTRICTED, versions: since('1.19'), container: {}, expect: seccompMissing },
  { rule: 'seccomp', title: 'pod RuntimeDefault, container Unconfined overrides', packs: RESTRICTED, versions: since('1.19'), spec: seccompProfile('RuntimeDefault'), container: seccompProfile('Unconfined'), expect: containerUnconfined },
  { rule: 'seccomp', title: 'pod Unconfined, container inherits', packs: RESTRICTED, versions: since('1.19'), spec: seccompProfile('Unconfined'), container: {}, expect: podUnconfined },
  { rule: 'seccomp', title: 'pod Unconfined, container RuntimeDefault', packs: RESTRICTED, versions: since('1.19'), spec: seccompProfile('Unconfined'), container: seccompProfile('RuntimeDefault'), expect: podUnconfined },
  { rule: 'seccomp', title: 'pod unset, container unset before 1.19', packs: RESTRICTED, versions: before('1.19'), container: {}, expect: [] },
  { rule: 'seccomp', title: 'Windows pod unset before 1.25', packs: RESTRICTED, versions: ['1.19', '1.24'], spec: WINDOWS, container: {}, expect: seccompMissing },
  // Upstream skips the whole restricted seccomp check for Windows pods, Unconfined included.
  { rule: 'seccomp', title: 'Windows pod Unconfined from 1.25', packs: RESTRICTED, versions: since('1.25'), spec: { ...WINDOWS, ...seccompProfile('Unconfined') }, container: {}, expect: [] },
];

const dropAllMissing = (drop: string) => [
  { path: '$c.securityContext.capabilities.drop', message: `$who must drop ALL capabilities (capabilities.drop is ${drop})` },
];
const restrictedAdd = (index: number, capability: string) => ({
  path: `$c.securityContext.capabilities.add[${index}]`,
  message: `$who adds capability "${capability}", which restricted does not allow`,
});
const caps = (capabilities: object) => ({ securityContext: { capabilities } });
const capabilitiesRestricted: ContainerCase[] = [
  { rule: 'capabilities', title: 'drop ALL', packs: RESTRICTED, versions: since('1.22'), container: caps({ drop: ['ALL'] }), expect: [] },
  { rule: 'capabilities', title: 'drop ALL, add NET_BIND_SERVICE', packs: RESTRICTED, versions: since('1.22'), container: caps({ drop: ['NET_RAW', 'ALL'], add: ['NET_BIND_SERVICE'] }), expect: [] },
  { rule: 'capabilities', title: 'no capabilities', packs: RESTRICTED, versions: since('1.22'), container: {}, expect: dropAllMissing('unset') },
  { rule: 'capabilities', title: 'drop NET_RAW only', packs: RESTRICTED, versions: since('1.22'), container: caps({ drop: ['NET_RAW'] }), expect: dropAllMissing('["NET_RAW"]') },
  { rule: 'capabilities', title: 'drop lowercase all', packs: RESTRICTED, versions: since('1.22'), container: caps({ drop: ['all'] }), expect: dropAllMissing('["all"]') },
  {
    rule: 'capabilities',
    title: 'drop ALL, add default capabilities other than NET_BIND_SERVICE',
    packs: RESTRICTED,
    versions: since('1.22'),
    container: caps({ drop: ['ALL'], add: ['NET_BIND_SERVICE', 'CHOWN', 'SYS_ADMIN'] }),
    expect: [restrictedAdd(1, 'CHOWN'), restrictedAdd(2, 'SYS_ADMIN')],
  },
  { rule: 'capabilities', title: 'no capabilities before 1.22', packs: RESTRICTED, versions: before('1.22'), container: {}, expect: [] },
  { rule: 'capabilities', title: 'Windows pod without drop before 1.25', packs: RESTRICTED, versions: ['1.22', '1.24'], spec: WINDOWS, container: {}, expect: dropAllMissing('unset') },
  { rule: 'capabilities', title: 'Windows pod from 1.25', packs: RESTRICTED, versions: since('1.25'), spec: WINDOWS, container: caps({ add: ['SYS_ADMIN'] }), expect: [] },
];

runPodCases('PSS restricted: pod level', volumeTypes);
runContainerCases('PSS restricted: container level', [...privilegeEscalation, ...runAsNonRoot, ...runAsUser, ...seccompRestricted, ...capabilitiesRestricted]);
