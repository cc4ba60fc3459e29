import type { IConstruct } from 'constructs';
import { propError } from '../errors';
import type { RunAs } from '../hardening';
import { identityProblem, WorkloadIdentity } from '../metadata';
import { requireValid } from './check';

/** The largest UID or GID the API server accepts (int32; `runAsUser` above it is refused). */
export const MAX_ID = 2147483647;

/** A UID or GID: a whole number from 0 (or 1 when root is not allowed) to 2147483647. */
export function idProblem(id: number, options: { allowRoot?: boolean } = {}): string | undefined {
  const min = options.allowRoot ? 0 : 1;
  if (Number.isInteger(id) && id >= min && id <= MAX_ID) return undefined;
  return `${options.allowRoot ? 'an' : 'a non-root'} ID: a whole number from ${min} to ${MAX_ID}`;
}

/** A user and group other than root (0), each a whole number up to 2147483647. */
export function runAsProblem(runAs: RunAs): string | undefined {
  const fine = runAs !== undefined && idProblem(runAs.user) === undefined && idProblem(runAs.group) === undefined;
  return fine ? undefined : `a non-root UID and GID (not 0): whole numbers from 1 to ${MAX_ID}`;
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
