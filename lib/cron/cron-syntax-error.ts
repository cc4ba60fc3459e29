/** The five fields of a standard (Kubernetes) cron schedule, in order. */
export type CronFieldName = 'minute' | 'hour' | 'day-of-month' | 'month' | 'day-of-week';

/** Where a schedule is wrong: one field, or the expression as a whole (field count, descriptor). */
export type CronErrorLocation = CronFieldName | 'expression';

/**
 * Thrown for a schedule Kubernetes would reject (or, from `Schedule.cron`, one that could never
 * run). The message starts with the field and says what is accepted there, so it can be shown to
 * the user unchanged.
 */
export class CronSyntaxError extends Error {
  constructor(
    /** The field at fault, or 'expression' when the problem is not inside one field. */
    public readonly field: CronErrorLocation,
    /** The schedule as given. */
    public readonly expression: string,
    /** What is wrong and what would be accepted, without the field prefix. */
    public readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'CronSyntaxError';
  }
}
