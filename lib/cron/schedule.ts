import { CronExpression, CronFieldsExpression, parseCronExpression } from './cron-expression';
import { FIELD_BOUNDS, valueLabel } from './cron-field';
import { CronSyntaxError } from './cron-syntax-error';
import { clockFor, nextRun, nextRuns } from './next-run';
import { longestGapSeconds } from './longest-gap';
import { shortestGapSeconds, wallClockGaps } from './shortest-gap';

/**
 * A validated CronJob schedule. Create one with {@link Schedule.cron}; it accepts what the
 * Kubernetes API server accepts, except schedules that would never start a job.
 */
/**
 * Shortest gaps by expression and zone, shared by every Schedule: the construct and the policy
 * gate's cronjob pack both ask for the same ones, and each costs a scan of the zone's DST changes.
 */
const GAPS = new Map<string, number>();
const LONGEST_GAPS = new Map<string, number>();

export class Schedule {
  /**
   * A cron schedule as Kubernetes reads `spec.schedule`: five fields or a descriptor, e.g.
   * `Schedule.cron('*\/15 * * * *')`, `Schedule.cron('0 3 * * MON-FRI')`, `Schedule.cron('@daily')`.
   * The time zone is not part of it: it goes in the CronJob's `timeZone`.
   *
   * @throws CronSyntaxError when Kubernetes would reject the schedule, when it can never run
   * (`0 0 30 2 *`), or when it is an `@every` interval Kubernetes would silently change
   * (below one second, or not a whole number of seconds)
   */
  static cron(expression: string): Schedule {
    const parsed = parseCronExpression(expression);
    const problem = parsed.kind === 'every' ? everyProblem(parsed.durationNanoseconds) : neverRunsProblem(parsed);
    if (problem) throw new CronSyntaxError(problem.field, expression, problem.message);
    return new Schedule(parsed);
  }

  /** The schedule exactly as given, for `spec.schedule`. */
  public readonly expression: string;


  private constructor(
    /** The parsed form: allowed values per field, or the `@every` interval. */
    public readonly parsed: CronExpression,
  ) {
    this.expression = parsed.source;
  }

  /**
   * The shortest time between two consecutive runs in `timeZone`, in seconds, daylight-saving
   * changes included: `30 2 * * *` in Europe/Berlin gives 3600 because 02:30 happens twice on
   * the autumn change day. Deterministic: it does not depend on today's date (see shortest-gap.ts).
   *
   * @throws Error when `timeZone` is not a valid IANA name (see validateTimeZone)
   */
  shortestGapSeconds(timeZone: string): number {
    const key = `${this.expression}\u0000${timeZone}`;
    let gap = GAPS.get(key);
    if (gap === undefined) {
      gap = shortestGapSeconds(this.parsed, clockFor(timeZone));
      GAPS.set(key, gap);
    }
    return gap;
  }

  /**
   * The longest time between two consecutive runs in `timeZone`, in seconds, daylight-saving
   * changes included: `30 2 * * *` in America/New_York gives 169200 (47 hours) because the
   * spring change day has no 02:30. Deterministic, like shortestGapSeconds (see longest-gap.ts).
   *
   * @throws Error when `timeZone` is not a valid IANA name (see validateTimeZone)
   */
  longestGapSeconds(timeZone: string): number {
    const key = `${this.expression}\u0000${timeZone}`;
    let gap = LONGEST_GAPS.get(key);
    if (gap === undefined) {
      gap = longestGapSeconds(this.parsed, clockFor(timeZone));
      LONGEST_GAPS.set(key, gap);
    }
    return gap;
  }

  /** The first run strictly after `after`, as the CronJob controller would schedule it in `timeZone`. */
  nextRun(after: Date, timeZone: string): Date | undefined {
    return nextRun(this.parsed, after, timeZone);
  }

  /** The next `count` runs strictly after `after` in `timeZone`. */
  nextRuns(after: Date, timeZone: string, count: number): Date[] {
    return nextRuns(this.parsed, after, timeZone, count);
  }

  /** The expression, as written in `spec.schedule`. */
  describe(): string {
    return this.expression;
  }

  toString(): string {
    return this.expression;
  }
}

interface Problem {
  readonly field: CronSyntaxError['field'];
  readonly message: string;
}

const NEVER = 'Kubernetes would accept it but never start a job';

/** Why a five-field schedule can never run, or undefined when it runs. */
function neverRunsProblem(expression: CronFieldsExpression): Problem | undefined {
  if (expression.minute.isEmpty) return { field: 'minute', message: `the field lists no minutes, so the schedule never runs; ${NEVER} (0-59)` };
  if (expression.hour.isEmpty) return { field: 'hour', message: `the field lists no hours, so the schedule never runs; ${NEVER} (0-23)` };
  if (expression.month.isEmpty) return { field: 'month', message: `the field lists no months, so the schedule never runs; ${NEVER} (1-12 or JAN-DEC)` };
  if (wallClockGaps(expression) !== undefined) return undefined;

  if (expression.dayOfWeek.isEmpty && expression.dayOfMonth.star) {
    return { field: 'day-of-week', message: `the field lists no days, so the schedule never runs; ${NEVER} (0-6 or SUN-SAT)` };
  }
  const months = expression.month.values.map((m) => valueLabel(FIELD_BOUNDS.month, m)).join(',');
  const days = expression.dayOfMonth.values.join(',');
  return {
    field: 'day-of-month',
    message: `the schedule never runs: no month it allows (${months}) has day ${days || '(none)'}; ${NEVER} (1-31, and a day that exists in the month)`,
  };
}

const NANOS_PER_SECOND = 1_000_000_000n;

/** robfig turns intervals below a second into one second and drops fractions of a second. */
function everyProblem(nanoseconds: bigint): Problem | undefined {
  if (nanoseconds < NANOS_PER_SECOND) {
    return { field: 'expression', message: '@every needs an interval of at least 1s; Kubernetes would silently run a shorter (or negative) one every second' };
  }
  if (nanoseconds % NANOS_PER_SECOND !== 0n) {
    return { field: 'expression', message: '@every needs a whole number of seconds; Kubernetes would silently drop the fraction' };
  }
  return undefined;
}
