/** Pack composition, rule metadata, version handling and multi-container behaviour of the PSS packs. */
import { LATEST_PSS_VERSION, pssBaselinePack, pssRestrictedPack } from '../../../../lib/policy/packs/pss';
import { violationsOf } from './harness';

const namesOf = (ids: readonly string[], prefix: string) => ids.map((id) => id.slice(prefix.length));

describe('PSS packs', () => {
  const baselineIds = pssBaselinePack.rules.map((rule) => rule.id);
  const restrictedIds = pssRestrictedPack.rules.map((rule) => rule.id);

  it('baseline has one rule per baseline control, in the order of the standard', () => {
    expect(pssBaselinePack.name).toBe('pss-baseline');
    expect(namesOf(baselineIds, 'pss-baseline/')).toEqual([
      'host-process', 'host-namespaces', 'privileged', 'capabilities', 'host-path-volumes', 'host-ports',
      'host-probes', 'apparmor', 'selinux', 'proc-mount', 'seccomp', 'sysctls',
    ]);
  });

  it('restricted includes every baseline control plus the restricted controls', () => {
    expect(pssRestrictedPack.name).toBe('pss-restricted');
    expect(namesOf(restrictedIds, 'pss-restricted/')).toEqual([
      ...namesOf(baselineIds, 'pss-baseline/'),
      'volume-types', 'privilege-escalation', 'run-as-non-root', 'run-as-non-root-user',
    ]);
  });

  it('every rule is an error with its pack, a rationale and a fix', () => {
    for (const pack of [pssBaselinePack, pssRestrictedPack]) {
      for (const rule of pack.rules) {
        expect(rule).toMatchObject({ pack: pack.name, severity: 'error' });
        expect(rule.id.startsWith(`${pack.name}/`)).toBe(true);
        expect(rule.rationale.length).toBeGreaterThan(20);
        expect(rule.fix.length).toBeGreaterThan(20);
      }
    }
  });

  it('names the newest policy version upstream defines', () => {
    expect(LATEST_PSS_VERSION).toBe('1.37');
  });
});

describe('PSS target versions', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app', securityContext: { privileged: true } }] } };

  it.each(['1.30', 'v1.30', '1.30.4', '2.0', '0.9'])('accepts %s', (version) => {
    expect(violationsOf('pss-baseline', 'privileged', pod, version)).toHaveLength(1);
  });

  it.each(['', '1', 'latest', '1.x'])('rejects %j with a message naming the value', (version) => {
    expect(() => violationsOf('pss-baseline', 'privileged', pod, version)).toThrow(
      `Pod Security Standards: Kubernetes version "${version}" is not MAJOR.MINOR (e.g. "${LATEST_PSS_VERSION}")`,
    );
  });

  it('compares minor versions numerically (1.9 is older than 1.19)', () => {
    const unconfined = { ...pod, spec: { containers: [{ name: 'app', securityContext: { seccompProfile: { type: 'Unconfined' } } }] } };
    expect(violationsOf('pss-baseline', 'seccomp', unconfined, '1.9')).toEqual([]);
    expect(violationsOf('pss-baseline', 'seccomp', unconfined, '1.19')).toHaveLength(1);
  });
});

describe('PSS rules over several containers', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: {
      template: {
        spec: {
          initContainers: [{ name: 'setup', securityContext: { capabilities: { add: ['NET_ADMIN'] } } }],
          containers: [
            { name: 'web', securityContext: { capabilities: { add: ['CHOWN'] } } },
            { name: 'sidecar', securityContext: { capabilities: { add: ['SYS_TIME', 'KILL', 'BPF'] } } },
          ],
          ephemeralContainers: [{ name: 'debug', securityContext: { capabilities: { add: ['SYS_PTRACE'] } } }],
        },
      },
    },
  };

  it('reports each offending value with its container and path', () => {
    expect(violationsOf('pss-baseline', 'capabilities', deployment, LATEST_PSS_VERSION)).toEqual([
      { path: 'spec.template.spec.containers[1].securityContext.capabilities.add[0]', message: 'container "sidecar" adds capability "SYS_TIME", which baseline does not allow' },
      { path: 'spec.template.spec.containers[1].securityContext.capabilities.add[2]', message: 'container "sidecar" adds capability "BPF", which baseline does not allow' },
      { path: 'spec.template.spec.initContainers[0].securityContext.capabilities.add[0]', message: 'init container "setup" adds capability "NET_ADMIN", which baseline does not allow' },
      { path: 'spec.template.spec.ephemeralContainers[0].securityContext.capabilities.add[0]', message: 'ephemeral container "debug" adds capability "SYS_PTRACE", which baseline does not allow' },
    ]);
  });

  it('requires runAsNonRoot of only the containers that neither set it nor inherit it', () => {
    const mixed = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [{ name: 'a', securityContext: { runAsNonRoot: true } }, { name: 'b' }],
        initContainers: [{ name: 'i' }],
      },
    };
    expect(violationsOf('pss-restricted', 'run-as-non-root', mixed, LATEST_PSS_VERSION).map((v) => v.path)).toEqual([
      'spec.containers[1].securityContext.runAsNonRoot',
      'spec.initContainers[0].securityContext.runAsNonRoot',
    ]);
  });

  it('names an unnamed container by its position', () => {
    const unnamed = { apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ securityContext: { privileged: true } }] } };
    expect(violationsOf('pss-baseline', 'privileged', unnamed, LATEST_PSS_VERSION)).toEqual([
      { path: 'spec.containers[0].securityContext.privileged', message: 'container "containers[0]" sets securityContext.privileged to true' },
    ]);
  });
});

describe('PSS rules on objects without pods or with malformed fields', () => {
  const allRules = [...pssBaselinePack.rules, ...pssRestrictedPack.rules];
  const check = (manifest: Record<string, unknown>) =>
    allRules.flatMap((rule) => rule.check({ entry: { manifest, source: {} }, all: [], k8sVersion: LATEST_PSS_VERSION }));

  it('ignores kinds that do not define pods', () => {
    expect(check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { hostNetwork: 'true' } })).toEqual([]);
  });

  it('does not throw on fields of the wrong type', () => {
    const odd = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', annotations: 'oops' },
      spec: { containers: 'oops', initContainers: [null, 'x'], volumes: [null], securityContext: { sysctls: 'x', seLinuxOptions: 5 } },
    };
    expect(() => check(odd)).not.toThrow();
  });
});
