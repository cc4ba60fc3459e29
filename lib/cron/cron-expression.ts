import { CronFieldValues, FIELD_BOUNDS, parseCronField } from './cron-field';
import { CronFieldName, CronSyntaxError } from './cron-syntax-error';
import { parseGoDuration } from './go-duration';

/**
 * A parsed Kubernetes CronJob `spec.schedule`.
 *
 * The API server validates the schedule with robfig/cron v3 `ParseStandard`, and the CronJob
 * controller computes run times with it; this module accepts and rejects exactly the same strings
 * (see parseCronExpression) and describes them the same way, so a bad schedule fails at synth
 * time rather than at `kubectl apply`.
 */
export type CronExpression = CronFieldsExpression | CronEveryExpression;

/** A five-field schedule, or a descriptor such as `@daily` that stands for one. */
export interface CronFieldsExpression {
  readonly kind: 'fields';
  /** The schedule as written. */
  readonly source: string;
  /** The descriptor it was written as (`@daily`), when it was one. */
  readonly descriptor?: CronDescriptor;
  readonly minute: CronFieldValues;
  readonly hour: CronFieldValues;
  readonly dayOfMonth: CronFieldValues;
  readonly month: CronFieldValues;
  /** 0 = Sunday ... 6 = Saturday. */
  readonly dayOfWeek: CronFieldValues;
}

/** `@every <duration>`: runs at a fixed interval after the previous scheduled time. */
export interface CronEveryExpression {
  readonly kind: 'every';
  readonly source: string;
  /** The Go duration text after `@every `. */
  readonly durationText: string;
  /** The parsed duration; may be zero or negative, which Go accepts. */
  readonly durationNanoseconds: bigint;
  /**
   * The interval the controller really uses: robfig rounds the duration down to whole seconds
   * and raises anything below one second to one second.
   */
  readonly intervalSeconds: number;
}

export type CronDescriptor = '@yearly' | '@annually' | '@monthly' | '@weekly' | '@daily' | '@midnight' | '@hourly';

const EVERY_PREFIX = '@every ';
const NANOS_PER_SECOND = 1_000_000_000n;
const ACCEPTED_DESCRIPTORS = '@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>';

/**
 * Go's strings.Fields splits on unicode.IsSpace, which differs from JavaScript's \s (Go includes
 * U+0085, JavaScript includes U+FEFF).
 */
const GO_WHITESPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

const FIELD_ORDER: readonly CronFieldName[] = ['minute', 'hour', 'day-of-month', 'month', 'day-of-week'];

/**
 * Parses a CronJob schedule, accepting exactly what the Kubernetes API server accepts:
 * - five whitespace-separated fields: minute (0-59), hour (0-23), day of month (1-31), month
 *   (1-12 or JAN-DEC) and day of week (0-6 or SUN-SAT; 7 is not Sunday here), names in any case;
 *   each a comma list of `*`, `?`, `a`, `a-b`, `*\/n`, `a-b/n` or `a/n`;
 * - the descriptors `@yearly @annually @monthly @weekly @daily @midnight @hourly` and
 *   `@every <Go duration>`, case-sensitive and with no surrounding whitespace.
 * `TZ=` / `CRON_TZ=` prefixes are rejected as the API server rejects them: the CronJob's
 * `timeZone` field does that job.
 *
 * @throws CronSyntaxError naming the field at fault
 */
export function parseCronExpression(source: string): CronExpression {
  const fail = (field: CronFieldName | 'expression', problem: string): never => {
    throw new CronSyntaxError(field, source, problem);
  };

  if (source.trim() === '') fail('expression', 'the schedule is empty; write five fields (minute hour day-of-month month day-of-week), e.g. "0 3 * * *", or a descriptor such as @daily');
  // The API server refuses any schedule containing "TZ", not only a leading TZ=/CRON_TZ=.
  if (source.includes('TZ')) fail('expression', `time zone prefixes (TZ=..., CRON_TZ=...) are not allowed in the schedule; set the CronJob's timeZone field instead`);

  if (source.startsWith('@')) return parseDescriptor(source, fail);
  if (source.trimStart().startsWith('@')) {
    fail('expression', `"${source}" has whitespace before the descriptor; a descriptor must be the whole schedule (${ACCEPTED_DESCRIPTORS})`);
  }

  const fields = source.split(GO_WHITESPACE).filter((f) => f !== '');
  if (fields.length !== 5) {
    const hint = fields.length === 6 ? '; Kubernetes schedules have no seconds field' : '';
    fail('expression', `expected exactly 5 fields (minute hour day-of-month month day-of-week), found ${fields.length} in "${source}"${hint}`);
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek] = FIELD_ORDER.map((name, i) => parseCronField(fields[i], FIELD_BOUNDS[name], source));
  return Object.freeze({ kind: 'fields', source, minute, hour, dayOfMonth, month, dayOfWeek });
}

function parseDescriptor(source: string, fail: (field: 'expression', problem: string) => never): CronExpression {
  const fields = DESCRIPTOR_FIELDS.get(source);
  if (fields) return Object.freeze({ kind: 'fields', source, descriptor: source as CronDescriptor, ...fields });

  if (source.startsWith(EVERY_PREFIX)) {
    const durationText = source.slice(EVERY_PREFIX.length);
    const parsed = parseGoDuration(durationText);
    if (!parsed.ok) return fail('expression', `@every needs a Go duration: ${parsed.reason}`);
    const nanoseconds = parsed.nanoseconds;
    const intervalSeconds = nanoseconds < NANOS_PER_SECOND ? 1 : Number(nanoseconds / NANOS_PER_SECOND);
    return Object.freeze({ kind: 'every', source, durationText, durationNanoseconds: nanoseconds, intervalSeconds });
  }

  if (source === '@every') fail('expression', '"@every" needs a duration, e.g. "@every 90m"');
  const trimmed = source.trimEnd();
  if (trimmed !== source && (DESCRIPTOR_FIELDS.has(trimmed) || trimmed.startsWith('@every'))) {
    fail('expression', `"${source}" has trailing whitespace; a descriptor must be the whole schedule`);
  }
  return fail('expression', `unknown descriptor "${source}"; use ${ACCEPTED_DESCRIPTORS} (lower case)`);
}

type FieldSet = Pick<CronFieldsExpression, 'minute' | 'hour' | 'dayOfMonth' | 'month' | 'dayOfWeek'>;

function only(value: number): CronFieldValues {
  return new CronFieldValues([value], false);
}

function all(name: CronFieldName): CronFieldValues {
  const { min, max } = FIELD_BOUNDS[name];
  return new CronFieldValues(Array.from({ length: max - min + 1 }, (_, i) => min + i), true);
}

const YEARLY: FieldSet = { minute: only(0), hour: only(0), dayOfMonth: only(1), month: only(1), dayOfWeek: all('day-of-week') };
const MONTHLY: FieldSet = { minute: only(0), hour: only(0), dayOfMonth: only(1), month: all('month'), dayOfWeek: all('day-of-week') };
const WEEKLY: FieldSet = { minute: only(0), hour: only(0), dayOfMonth: all('day-of-month'), month: all('month'), dayOfWeek: only(0) };
const DAILY: FieldSet = { minute: only(0), hour: only(0), dayOfMonth: all('day-of-month'), month: all('month'), dayOfWeek: all('day-of-week') };
const HOURLY: FieldSet = { minute: only(0), hour: all('hour'), dayOfMonth: all('day-of-month'), month: all('month'), dayOfWeek: all('day-of-week') };

/** What each descriptor stands for, with the star flags robfig gives it (they decide AND vs OR). */
const DESCRIPTOR_FIELDS: ReadonlyMap<string, FieldSet> = new Map<CronDescriptor, FieldSet>([
  ['@yearly', YEARLY],
  ['@annually', YEARLY],
  ['@monthly', MONTHLY],
  ['@weekly', WEEKLY],
  ['@daily', DAILY],
  ['@midnight', DAILY],
  ['@hourly', HOURLY],
]);

/**
 * Whether a calendar day is a run day. robfig/cron's rule: if either day field has the star flag
 * the day must satisfy both fields, otherwise either one. So `0 0 1 * MON` runs on the 1st and on
 * every Monday, while `0 0 * * MON` and `0 0 *\/1 * MON` run on Mondays only.
 */
export function isRunDay(expression: CronFieldsExpression, month: number, dayOfMonth: number, weekday: number): boolean {
  return expression.month.has(month) && dayFieldsMatch(expression, dayOfMonth, weekday);
}

/** Whether the day fields alone match; the next-run search checks the month separately. */
export function dayFieldsMatch(expression: CronFieldsExpression, dayOfMonth: number, weekday: number): boolean {
  const domMatches = expression.dayOfMonth.has(dayOfMonth);
  const dowMatches = expression.dayOfWeek.has(weekday);
  return expression.dayOfMonth.star || expression.dayOfWeek.star ? domMatches && dowMatches : domMatches || dowMatches;
}
