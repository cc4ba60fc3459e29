import type { IConstruct } from 'constructs';
import { validateTimeZone } from '../cron';
import { propError } from '../errors';
import type { SecretKeyReference } from '../references';
import { requireValid } from './check';
import { dnsSubdomainProblem, secretKeyProblem } from './names';

/** A Secret by name and key: the error names `prop.secretName` or `prop.key`. */
export function requireSecretKeyReference(scope: IConstruct, prop: string, ref: SecretKeyReference): SecretKeyReference {
  const nameProblem = dnsSubdomainProblem(ref?.secretName ?? '');
  if (nameProblem) throw propError(scope, `${prop}.secretName`, ref?.secretName, `a Secret name that ${nameProblem}`);
  requireValid(scope, `${prop}.key`, ref.key, secretKeyProblem);
  return ref;
}

/** An IANA time zone name, in its exact case (`Europe/Madrid`). */
export function requireTimeZone(scope: IConstruct, prop: string, timeZone: string): string {
  return requireValid(scope, prop, timeZone, validateTimeZone);
}
