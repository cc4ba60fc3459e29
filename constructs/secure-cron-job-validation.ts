/**
 * Every prop of a SecureCronJob judged before anything is built: the checks the constructor's own
 * steps do not already make (schedule text, Secret references, node pool, annotations, deadlines as
 * whole seconds, the policy enums) and the one check that needs other constructs: no second
 * CronJob of the same name in the same namespace.
 */
import { Chart, Duration } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { propError } from '../lib/errors';
import * as kplus from '../lib/plus';
import type { Schedule } from '../lib/cron';
import type { NodePoolPlacement } from '../lib/placement';
import type { SecretKeyReference } from '../lib/references';
import {
  claimObjectName, oneOfProblem, requireAnnotations, requireNodePool, requireSchedule, requireSecretKeyReference, requireSeconds, requireValid,
} from '../lib/validate';

/** The props this file reads (a structural subset, so it does not import the construct). */
export interface CheckedCronJobProps {
  readonly schedule: Schedule | string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly secretEnv?: Readonly<Record<string, SecretKeyReference>>;
  readonly secretFiles?: readonly { readonly secret: SecretKeyReference; readonly path: string }[];
  readonly concurrencyPolicy?: kplus.ConcurrencyPolicy;
  readonly startingDeadline?: Duration;
  readonly activeDeadline?: Duration;
  readonly nodePool?: NodePoolPlacement;
  readonly podAnnotations?: Readonly<Record<string, string>>;
}

/** Checks the props; returns the schedule, parsed (a string `schedule` is parsed here, naming the prop). */
export function checkSecureCronJobProps(scope: IConstruct, name: string, props: CheckedCronJobProps): Schedule {
  const schedule = requireSchedule(scope, 'schedule', props.schedule);
  requireArguments(scope, 'command', props.command);
  requireArguments(scope, 'args', props.args);
  for (const [variable, ref] of Object.entries(props.secretEnv ?? {})) requireSecretKeyReference(scope, `secretEnv.${variable}`, ref);
  (props.secretFiles ?? []).forEach((file, i) => requireSecretKeyReference(scope, `secretFiles[${i}].secret`, file?.secret));
  requireValid(scope, 'concurrencyPolicy', props.concurrencyPolicy ?? kplus.ConcurrencyPolicy.FORBID,
    (policy) => oneOfProblem(policy, [kplus.ConcurrencyPolicy.FORBID, kplus.ConcurrencyPolicy.REPLACE]) && 'Forbid or Replace (overlapping '
      + 'runs race each other)');
  requireSeconds(scope, 'startingDeadline', props.startingDeadline, 0);
  requireSeconds(scope, 'activeDeadline', props.activeDeadline, 0);
  requireNodePool(scope, 'nodePool', props.nodePool);
  requireAnnotations(scope, 'podAnnotations', props.podAnnotations);
  claimObjectName(scope, 'name', 'CronJob', Chart.of(scope).namespace, name);
  return schedule;
}

function requireArguments(scope: IConstruct, prop: string, list: readonly string[] | undefined): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) throw propError(scope, prop, list, 'a list of strings');
  list.forEach((part, i) => requireValid(scope, `${prop}[${i}]`, part, (p) => (typeof p === 'string' ? undefined : 'a string')));
}
