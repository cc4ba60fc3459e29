// Kubernetes CronJob schedules and time zones: parsing exactly as the API server does, run
// times as the CronJob controller computes them, and the shortest gap between runs.
export { Schedule } from './schedule';
export { CronSyntaxError } from './cron-syntax-error';
export type { CronFieldName, CronErrorLocation } from './cron-syntax-error';
export { parseCronExpression, isRunDay } from './cron-expression';
export type { CronExpression, CronFieldsExpression, CronEveryExpression, CronDescriptor } from './cron-expression';
export { CronFieldValues } from './cron-field';
export { validateTimeZone, assertTimeZone, TZDATA_VERSION } from './time-zone';
export { nextRun, nextRuns } from './next-run';
