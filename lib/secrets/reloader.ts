/**
 * Rotation for workloads that read their Secrets only at start (the web tier, MySQL): where
 * Stakater Reloader runs, each Deployment, StatefulSet and DaemonSet names exactly the Secrets its
 * pods read in Reloader's annotation, and Reloader rolls it when one of them changes.
 * CronJobs need nothing: each run starts a new pod that reads the current value.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { podSpecsOf } from '../policy/pod-specs';
import { secretReferencesOf } from '../policy/secret-references';
import type { JsonObject } from '../json-object';

export const RELOADER_SECRET_ANNOTATION = 'secret.reloader.stakater.com/reload';

/** Kinds Reloader restarts by rolling their pod template. */
const LONG_RUNNING_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/**
 * The Secrets a workload's pods read, sorted, without image pull Secrets (the kubelet reads those
 * when it pulls; a running container never does, so a change needs no restart).
 */
export function secretsReadByPods(manifest: JsonObject): string[] {
  const names = podSpecsOf(manifest).flatMap((pod) =>
    secretReferencesOf(pod.spec, pod.path).filter((ref) => ref.via !== 'imagePullSecrets').map((ref) => ref.name),
  );
  return [...new Set(names)].sort();
}

/**
 * Reloader's annotation value: its entries are comma-separated regular expressions anchored at
 * both ends, so the dots a Secret name may hold are escaped to match only that name.
 */
export function reloaderAnnotationValue(secretNames: readonly string[]): string {
  return secretNames.map((name) => name.replace(/\./g, '\\.')).join(',');
}

/**
 * Writes Reloader's annotation on every long-running workload at or under `scope` that reads a
 * Secret. Call it once the workloads are complete (it reads their rendered pod specs).
 */
export function addReloaderAnnotations(scope: IConstruct): void {
  for (const construct of scope.node.findAll()) {
    if (!ApiObject.isApiObject(construct) || !LONG_RUNNING_KINDS.has(construct.kind)) continue;
    const secrets = secretsReadByPods(construct.toJson());
    if (secrets.length > 0) construct.metadata.addAnnotation(RELOADER_SECRET_ANNOTATION, reloaderAnnotationValue(secrets));
  }
}
