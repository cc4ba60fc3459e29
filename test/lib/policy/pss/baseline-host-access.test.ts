/** Baseline controls about host access: HostProcess, host namespaces, privileged, hostPath, hostPort, host probes. */
import { ContainerCase, EVERY_VERSION, PodCase, before, runContainerCases, runPodCases, since } from './harness';

const hostProcessPod: PodCase[] = [
  {
    rule: 'host-process',
    title: 'pod hostProcess true',
    versions: EVERY_VERSION,
    spec: { securityContext: { windowsOptions: { hostProcess: true } } },
    expect: [{ path: '$spec.securityContext.windowsOptions.hostProcess', message: 'pod sets securityContext.windowsOptions.hostProcess to true' }],
  },
  ...[false, undefined].map(
    (hostProcess): PodCase => ({
      rule: 'host-process',
      title: `pod hostProcess ${hostProcess}`,
      versions: EVERY_VERSION,
      spec: { securityContext: { windowsOptions: { hostProcess } } },
      expect: [],
    }),
  ),
];

const hostProcessContainer: ContainerCase[] = [
  {
    rule: 'host-process',
    title: 'container hostProcess true',
    versions: EVERY_VERSION,
    container: { securityContext: { windowsOptions: { hostProcess: true } } },
    expect: [{ path: '$c.securityContext.windowsOptions.hostProcess', message: '$who sets securityContext.windowsOptions.hostProcess to true' }],
  },
  {
    rule: 'host-process',
    title: 'container hostProcess false',
    versions: EVERY_VERSION,
    container: { securityContext: { windowsOptions: { hostProcess: false, runAsUserName: 'ContainerUser' } } },
    expect: [],
  },
];

const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'];
const hostNamespaces: PodCase[] = [
  ...HOST_NAMESPACES.flatMap((field): PodCase[] => [
    {
      rule: 'host-namespaces',
      title: `${field} true`,
      versions: EVERY_VERSION,
      spec: { [field]: true },
      expect: [{ path: `$spec.${field}`, message: `pod sets ${field} to true` }],
    },
    { rule: 'host-namespaces', title: `${field} false`, versions: EVERY_VERSION, spec: { [field]: false }, expect: [] },
  ]),
  {
    rule: 'host-namespaces',
    title: 'all three true',
    versions: ['1.0', '1.37'],
    spec: { hostIPC: true, hostPID: true, hostNetwork: true },
    expect: HOST_NAMESPACES.map((field) => ({ path: `$spec.${field}`, message: `pod sets ${field} to true` })),
  },
];

const privileged: ContainerCase[] = [
  {
    rule: 'privileged',
    title: 'privileged true',
    versions: EVERY_VERSION,
    container: { securityContext: { privileged: true } },
    expect: [{ path: '$c.securityContext.privileged', message: '$who sets securityContext.privileged to true' }],
  },
  { rule: 'privileged', title: 'privileged false', versions: EVERY_VERSION, container: { securityContext: { privileged: false } }, expect: [] },
  { rule: 'privileged', title: 'no security context', versions: EVERY_VERSION, container: {}, expect: [] },
];

const hostPathVolumes: PodCase[] = [
  {
    rule: 'host-path-volumes',
    title: 'hostPath volume (restricted reports it here, not under volume-types)',
    versions: EVERY_VERSION,
    spec: { volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'sock', hostPath: { path: '/var/run/docker.sock' } }] },
    expect: [{ path: '$spec.volumes[1].hostPath', message: 'volume "sock" is a hostPath volume (path "/var/run/docker.sock")' }],
  },
  {
    rule: 'host-path-volumes',
    title: 'no hostPath volume',
    versions: EVERY_VERSION,
    spec: { volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'cfg', configMap: { name: 'cfg' } }] },
    expect: [],
  },
];

const hostPorts: ContainerCase[] = [
  {
    rule: 'host-ports',
    title: 'second port with hostPort 8080',
    versions: EVERY_VERSION,
    container: { ports: [{ containerPort: 80 }, { containerPort: 8080, hostPort: 8080 }] },
    expect: [{ path: '$c.ports[1].hostPort', message: '$who uses hostPort 8080' }],
  },
  {
    rule: 'host-ports',
    title: 'hostPort 0 and unset',
    versions: EVERY_VERSION,
    container: { ports: [{ containerPort: 80, hostPort: 0 }, { containerPort: 81 }] },
    expect: [],
  },
];

const PROBE_HANDLERS = [
  ...['livenessProbe', 'readinessProbe', 'startupProbe'].map((probe) => ({ at: probe, nest: (h: object) => ({ [probe]: h }) })),
  ...['postStart', 'preStop'].map((hook) => ({ at: `lifecycle.${hook}`, nest: (h: object) => ({ lifecycle: { [hook]: h } }) })),
];

const hostProbes: ContainerCase[] = PROBE_HANDLERS.flatMap(({ at, nest }) =>
  ['httpGet', 'tcpSocket'].flatMap((kind): ContainerCase[] => [
    {
      rule: 'host-probes',
      title: `${at}.${kind}.host set, before the control existed`,
      versions: before('1.34'),
      container: nest({ [kind]: { host: '169.254.169.254', port: 80 } }),
      expect: [],
    },
    {
      rule: 'host-probes',
      title: `${at}.${kind}.host set`,
      versions: since('1.34'),
      container: nest({ [kind]: { host: '169.254.169.254', port: 80 } }),
      expect: [{ path: `$c.${at}.${kind}.host`, message: `$who sets ${at}.${kind}.host to "169.254.169.254"` }],
    },
    { rule: 'host-probes', title: `${at}.${kind}.host empty`, versions: since('1.34'), container: nest({ [kind]: { host: '', port: 80 } }), expect: [] },
    { rule: 'host-probes', title: `${at}.${kind}.host unset`, versions: since('1.34'), container: nest({ [kind]: { port: 80 } }), expect: [] },
  ]),
);

runPodCases('PSS baseline host access: pod level', [...hostProcessPod, ...hostNamespaces, ...hostPathVolumes]);
runContainerCases('PSS baseline host access: container level', [...hostProcessContainer, ...privileged, ...hostPorts, ...hostProbes]);
