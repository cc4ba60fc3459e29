import type { IConstruct } from 'constructs';
import { CronSyntaxError, Schedule } from '../cron';
import { propError } from '../errors';

/**
 * A schedule given as a `Schedule` or as its cron text. Text is parsed here so a bad expression is
 * refused naming the construct path, the prop and the expression: `Schedule.cron` alone can only say
 * `minute: value 61 is above the maximum 59`, since it is called before the construct exists.
 */
export function requireSchedule(scope: IConstruct, prop: string, schedule: Schedule | string): Schedule {
  if (schedule instanceof Schedule) return schedule;
  if (typeof schedule !== 'string') throw propError(scope, prop, schedule, 'a Schedule or a cron expression such as "*/5 * * * *"');
  try {
    return Schedule.cron(schedule);
  } catch (error) {
    if (error instanceof CronSyntaxError) throw propError(scope, prop, schedule, `a cron schedule Kubernetes accepts and runs; ${error.message}`);
    throw error;
  }
}
