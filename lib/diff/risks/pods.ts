/** The pod spec inside each workload kind (where images and volumes live). */
import { asObject } from '../../policy/json';
import { Manifest } from '../../policy/types';

const POD_SPEC: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Pod: ['spec'],
};

export function podSpecOf(manifest: Manifest | undefined): Record<string, unknown> | undefined {
  const path = manifest && typeof manifest.kind === 'string' ? POD_SPEC[manifest.kind] : undefined;
  return path ? asObject(path.reduce<unknown>((value, key) => asObject(value)?.[key], manifest)) : undefined;
}
