/** Object-by-object comparison of two object sets of one environment. */
import { changedPaths } from './changed-paths';
import { DiffObject, ObjectId, ObjectSet } from './objects';
import { Manifest } from '../policy/types';

export type ChangeAction = 'added' | 'removed' | 'changed';

export interface ObjectChange extends ObjectId {
  readonly action: ChangeAction;
  /** JSON pointers of the fields that differ; empty for an added or removed object. */
  readonly paths: readonly string[];
  readonly before?: Manifest;
  readonly after?: Manifest;
}

/** Every object added, removed or changed, in key order (group, kind, namespace, name). */
export function compareObjectSets(base: ObjectSet, head: ObjectSet): ObjectChange[] {
  const changes: ObjectChange[] = [];
  for (const key of [...new Set([...base.keys(), ...head.keys()])].sort()) {
    const before = base.get(key);
    const after = head.get(key);
    if (!before) changes.push({ ...identity(after!), action: 'added', paths: [], after: after!.manifest });
    else if (!after) changes.push({ ...identity(before), action: 'removed', paths: [], before: before.manifest });
    else {
      const paths = changedPaths(before.manifest, after.manifest);
      if (paths.length > 0) changes.push({ ...identity(after), action: 'changed', paths, before: before.manifest, after: after.manifest });
    }
  }
  return changes;
}

function identity(object: DiffObject): ObjectId {
  return {
    group: object.group,
    kind: object.kind,
    ...(object.namespace === undefined ? {} : { namespace: object.namespace }),
    name: object.name,
  };
}
