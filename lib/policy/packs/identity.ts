/**
 * The `identity` pack: every object of a run is one object of the cluster. Kubernetes names an
 * object by API group, kind, namespace and name; the version is only how it is read and written,
 * so an autoscaling/v1 and an autoscaling/v2 HorizontalPodAutoscaler `web` are the same object,
 * and applying both makes the second silently replace the first. A run is one cluster: the gate
 * runs per environment and the CLI per folder (what Argo CD syncs to one cluster).
 */
import { groupKindOf, isClusterScoped } from '../../bootstrap/inventory';
import { describeSource } from '../findings-table';
import { effectiveNamespace, nameOf } from '../objects';
import { perRun } from '../per-run';
import { ManifestEntry, Pack, Rule } from '../types';

/**
 * Kinds served by a legacy group and their current one: the API server stores them once, so an
 * extensions/v1beta1 Ingress and a networking.k8s.io/v1 Ingress of one name are one object.
 */
const SAME_OBJECT_AS: Readonly<Record<string, string>> = {
  'extensions/Deployment': 'apps',
  'extensions/DaemonSet': 'apps',
  'extensions/ReplicaSet': 'apps',
  'extensions/Ingress': 'networking.k8s.io',
  'extensions/NetworkPolicy': 'networking.k8s.io',
  'extensions/PodSecurityPolicy': 'policy',
  'events.k8s.io/Event': '',
};

/** `group/kind/namespace/name`, or undefined for an object without a kind or a name (generateName). */
function identityKey(entry: ManifestEntry): string | undefined {
  const name = nameOf(entry.manifest);
  const { group, kind } = groupKindOf(entry.manifest);
  if (name === undefined || name === '' || kind === '') return undefined;
  const storedGroup = SAME_OBJECT_AS[`${group}/${kind}`] ?? group;
  // cdk8s writes a chart's namespace even onto cluster-scoped objects; the API server ignores it.
  const namespace = isClusterScoped({ group: storedGroup, kind }) ? '' : effectiveNamespace(entry.manifest);
  return [storedGroup, kind, namespace, name].join('\u0000');
}

/** The first entry of each identity, in run order. */
function firstOfEachIdentity(all: readonly ManifestEntry[]): ReadonlyMap<string, ManifestEntry> {
  const first = new Map<string, ManifestEntry>();
  for (const entry of all) {
    const key = identityKey(entry);
    if (key !== undefined && !first.has(key)) first.set(key, entry);
  }
  return first;
}

const unique: Rule = {
  id: 'identity/unique',
  pack: 'identity',
  severity: 'error',
  rationale:
    'Kubernetes identifies an object by API group, kind, namespace and name (not version): two definitions of one object ' +
    'in one cluster are applied in turn, and the last silently replaces the first.',
  fix: 'Give one of the two objects another name (or namespace), or delete the duplicate definition.',
  check: ({ entry, all }) => {
    const key = identityKey(entry);
    const first = key === undefined ? undefined : perRun(all, firstOfEachIdentity).get(key);
    if (first === undefined || first === entry) return [];
    const where = describeSource(first.source);
    return [{
      path: 'metadata.name',
      message: `the same object as the ${first.manifest.apiVersion} ${first.manifest.kind}${where === '' ? '' : ` at ${where}`} ` +
        '(one API group, kind, namespace and name): applying both, the second replaces the first',
    }];
  },
};

export const identityPack: Pack = {
  name: 'identity',
  description: 'Each object is defined once per cluster (API group, kind, namespace and name).',
  rules: [unique],
};
