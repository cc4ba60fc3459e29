import type { IConstruct } from 'constructs';
import { propError } from '../errors';
import type { RunAs } from '../hardening';
import { identityProblem, WorkloadIdentity } from '../metadata';
import { requireValid } from './check';

/** A user and group other than root (0). */
export function runAsProblem(runAs: RunAs): string | undefined {
  const id = (n: number) => Number.isInteger(n) && n > 0;
  return runAs !== undefined && id(runAs.user) && id(runAs.group) ? undefined : 'a non-root UID and GID (not 0)';
}

export function requireRunAs(scope: IConstruct, prop: string, runAs: RunAs): RunAs {
  return requireValid(scope, prop, runAs, runAsProblem);
}

/**
 * Returns the identity when every label value is valid, the runbook an https URL and the owner
 * set; else throws naming `prop`, the props the identity came from (`'partOf/owner/runbookUrl'`).
 */
export function requireIdentity(scope: IConstruct, identity: WorkloadIdentity, prop = 'partOf/owner/runbookUrl'): WorkloadIdentity {
  const problem = identityProblem(identity);
  if (problem) throw propError(scope, prop, identity, problem);
  return identity;
}
