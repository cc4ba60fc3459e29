import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { isLabelValue } from './validate/names';
import { httpsUrlProblem } from './validate/urls';

/**
 * Who a workload is and who answers for it. Every construct stamps these on every object it
 * creates, so `kubectl get -l app.kubernetes.io/part-of=...` and the on-call both find their way.
 */
export interface WorkloadIdentity {
  /** `app.kubernetes.io/name`: the application's name. */
  readonly name: string;
  /** `app.kubernetes.io/instance`: this instance of the application. */
  readonly instance: string;
  /** `app.kubernetes.io/component`: its role (batch, web, database, ...). */
  readonly component: string;
  /** `app.kubernetes.io/part-of`: the larger system it belongs to. */
  readonly partOf: string;
  /** `app.kubernetes.io/version`: the deployed version (a tag or a short digest). */
  readonly version: string;
  /** Team that owns it (annotation). */
  readonly owner: string;
  /** Where its runbook lives (annotation). */
  readonly runbookUrl: string;
}

/** Who answers for a construct's objects; every construct's props carry it. */
export interface Ownership {
  /** `app.kubernetes.io/part-of`: the larger system the objects belong to. */
  readonly partOf: string;
  /** Owning team (annotation). */
  readonly owner: string;
  /** Runbook URL (annotation, https). */
  readonly runbookUrl: string;
}

export const MANAGED_BY = 'cdk8s';
export const OWNER_ANNOTATION = 'platform.example.org/owner';
export const RUNBOOK_ANNOTATION = 'platform.example.org/runbook';

/** The Kubernetes recommended labels for an identity. */
export function recommendedLabels(identity: WorkloadIdentity): Record<string, string> {
  return {
    'app.kubernetes.io/name': identity.name,
    'app.kubernetes.io/instance': identity.instance,
    'app.kubernetes.io/component': identity.component,
    'app.kubernetes.io/part-of': identity.partOf,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/version': identity.version,
  };
}

/** The subset of labels that selects an instance's pods: stable across versions. */
export function selectorLabels(identity: Pick<WorkloadIdentity, 'name' | 'instance' | 'component'>): Record<string, string> {
  return {
    'app.kubernetes.io/name': identity.name,
    'app.kubernetes.io/instance': identity.instance,
    'app.kubernetes.io/component': identity.component,
  };
}

/** Returns a message naming the first label value that Kubernetes would reject, if any. */
export function identityProblem(identity: WorkloadIdentity): string | undefined {
  for (const [key, value] of Object.entries(recommendedLabels(identity))) {
    if (!isLabelValue(value)) return `label ${key}="${value}" is not a valid label value (at most 63 characters of [A-Za-z0-9-_.])`;
  }
  if (httpsUrlProblem(identity.runbookUrl)) return `runbookUrl "${identity.runbookUrl}" must be an https:// URL`;
  if (identity.owner.trim() === '') return 'owner must not be empty';
  return undefined;
}

/**
 * Stamps labels and owner/runbook annotations on every ApiObject at or under `scope`. Call it at
 * the end of a constructor, after the objects exist.
 */
export function stampIdentity(scope: IConstruct, identity: WorkloadIdentity): void {
  const labels = recommendedLabels(identity);
  for (const child of scope.node.findAll()) {
    if (!(child instanceof ApiObject)) continue;
    for (const [key, value] of Object.entries(labels)) child.metadata.addLabel(key, value);
    child.metadata.addAnnotation(OWNER_ANNOTATION, identity.owner);
    child.metadata.addAnnotation(RUNBOOK_ANNOTATION, identity.runbookUrl);
  }
}
