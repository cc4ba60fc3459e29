import { ContainerLocation, PodSpecLocation, containersOf } from '../../../pod-specs';
import { Violation } from '../../../types';
import { PssControl } from '../control';
import { asArray, asObject, show } from '../../../json';
import { containerSecurityContext, describeContainer, isWindowsPod } from '../pod-facts';
import { isAtLeast } from '../version';

/** The capabilities container runtimes grant by default; baseline allows adding only these back. */
const BASELINE_ADDABLE: ReadonlySet<unknown> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** Restricted allows adding only the capability to bind ports below 1024. */
const RESTRICTED_ADDABLE: ReadonlySet<unknown> = new Set(['NET_BIND_SERVICE']);

function capabilitiesOf(container: ContainerLocation) {
  return asObject(containerSecurityContext(container)?.capabilities);
}

function forbiddenAdds(container: ContainerLocation, allowed: ReadonlySet<unknown>, level: string): Violation[] {
  return asArray(capabilitiesOf(container)?.add).flatMap((capability, index) =>
    allowed.has(capability)
      ? []
      : [
          {
            path: `${container.path}.securityContext.capabilities.add[${index}]`,
            message: `${describeContainer(container)} adds capability ${show(capability)}, which ${level} does not allow`,
          },
        ],
  );
}

/** Restricted requires `drop` to contain the literal `ALL` (the API and upstream compare it case-sensitively). */
function missingDropAll(container: ContainerLocation): Violation[] {
  const drop = capabilitiesOf(container)?.drop;
  if (asArray(drop).includes('ALL')) return [];
  return [
    {
      path: `${container.path}.securityContext.capabilities.drop`,
      message: `${describeContainer(container)} must drop ALL capabilities (capabilities.drop is ${show(drop)})`,
    },
  ];
}

function eachContainer(pod: PodSpecLocation, check: (container: ContainerLocation) => Violation[]): Violation[] {
  return containersOf(pod.spec, pod.path).flatMap(check);
}

const rationale = 'Linux capabilities beyond the runtime defaults (such as NET_ADMIN or SYS_ADMIN) give a container powers that help it escape or attack the node.';

/** Baseline: only capabilities from the runtime default set may be added. */
export const capabilitiesBaseline: PssControl = {
  name: 'capabilities',
  rationale,
  fix: `Only add capabilities from the default set (${[...BASELINE_ADDABLE].join(', ')}); remove the others from securityContext.capabilities.add.`,
  check: (pod) => eachContainer(pod, (container) => forbiddenAdds(container, BASELINE_ADDABLE, 'baseline')),
};

/**
 * Restricted: from 1.22 every container drops ALL and adds at most NET_BIND_SERVICE; before 1.22 the
 * standard had only the baseline rule. From 1.25 Windows pods are exempt (no Linux capabilities there).
 */
export const capabilitiesRestricted: PssControl = {
  name: 'capabilities',
  rationale: `${rationale} Dropping all of them leaves nothing to abuse.`,
  fix: 'Set securityContext.capabilities.drop: ["ALL"] on every container and add back at most NET_BIND_SERVICE.',
  check(pod, version) {
    if (!isAtLeast(version, '1.22')) return capabilitiesBaseline.check(pod, version);
    if (isAtLeast(version, '1.25') && isWindowsPod(pod.spec)) return [];
    return eachContainer(pod, (container) => [...missingDropAll(container), ...forbiddenAdds(container, RESTRICTED_ADDABLE, 'restricted')]);
  },
};
