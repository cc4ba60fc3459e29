import { CronFieldName, CronSyntaxError } from './cron-syntax-error';

/** The allowed values of one schedule field, as robfig/cron (and so Kubernetes) computes them. */
export class CronFieldValues {
  /** Allowed values, ascending. */
  public readonly values: readonly number[];
  private readonly lookup: Uint8Array;

  constructor(
    values: Iterable<number>,
    /**
     * robfig/cron's "star bit": set when one comma-separated item of the field was `*` or `?` with
     * no step or a step of 1 (`*`, `?`, `*\/1`). Only the day fields use it: when either day
     * field has it, a day must match both day fields (AND); otherwise either one (OR).
     */
    public readonly star: boolean,
  ) {
    const sorted = [...new Set(values)].sort((a, b) => a - b);
    this.values = Object.freeze(sorted);
    // A lookup table: membership is tested for every step of the next-run search.
    this.lookup = new Uint8Array(64);
    for (const v of sorted) this.lookup[v] = 1;
    Object.freeze(this);
  }

  has(value: number): boolean {
    return this.lookup[value] === 1;
  }

  get isEmpty(): boolean {
    return this.values.length === 0;
  }
}

export interface FieldBounds {
  readonly name: CronFieldName;
  readonly min: number;
  readonly max: number;
  /** Lower-case three-letter names and their values, for month and day-of-week. */
  readonly names?: ReadonlyMap<string, number>;
  /** What the field accepts, for error messages. */
  readonly accepted: string;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export const FIELD_BOUNDS: Readonly<Record<CronFieldName, FieldBounds>> = Object.freeze({
  minute: { name: 'minute', min: 0, max: 59, accepted: '0-59' },
  hour: { name: 'hour', min: 0, max: 23, accepted: '0-23' },
  'day-of-month': { name: 'day-of-month', min: 1, max: 31, accepted: '1-31' },
  month: { name: 'month', min: 1, max: 12, names: new Map(MONTH_NAMES.map((n, i) => [n, i + 1])), accepted: '1-12 or JAN-DEC' },
  'day-of-week': { name: 'day-of-week', min: 0, max: 6, names: new Map(WEEKDAY_NAMES.map((n, i) => [n, i])), accepted: '0-6 or SUN-SAT' },
});

/** The upper-case name of a month or weekday value, for messages ("FEB", "SUN"). */
export function valueLabel(bounds: FieldBounds, value: number): string {
  if (bounds.name === 'month') return MONTH_NAMES[value - 1]?.toUpperCase() ?? String(value);
  if (bounds.name === 'day-of-week') return WEEKDAY_NAMES[value]?.toUpperCase() ?? String(value);
  return String(value);
}

const MAX_INT64 = (1n << 63n) - 1n;

/** Go's strconv.Atoi accepts an optional sign; "-" never reaches it (ranges are split on it first). */
const UNSIGNED_DECIMAL = /^\+?[0-9]+$/;

/**
 * Lower-cases like Go's strings.ToLower for the purpose of matching ASCII names. Go maps U+0130
 * (capital I with dot) to a plain "i", JavaScript to "i" plus a combining dot; so "FRİ" is Friday
 * for Kubernetes and must be here too.
 */
function goLowerCase(text: string): string {
  return text.replace(/\u0130/g, 'i').toLowerCase();
}

/**
 * Parses one field: a comma-separated list of `*`, `?`, `a`, `a-b`, `*\/n`, `a-b/n` or `a/n`
 * (meaning a through the maximum, every n). Throws {@link CronSyntaxError} for anything the
 * Kubernetes API server rejects, and accepts exactly what it accepts, including its leniencies:
 * empty list items (`1,,2`) are skipped, a range starting with `*` ignores its end (`*-5` is `*`),
 * and a number may carry a `+` sign.
 */
export function parseCronField(text: string, bounds: FieldBounds, expression: string): CronFieldValues {
  const values: number[] = [];
  let star = false;
  for (const item of text.split(',')) {
    if (item === '') continue;
    const parsed = parseItem(item, bounds, expression);
    values.push(...parsed.values);
    star = star || parsed.star;
  }
  return new CronFieldValues(values, star);
}

interface ParsedItem {
  readonly values: number[];
  readonly star: boolean;
}

function parseItem(item: string, bounds: FieldBounds, expression: string): ParsedItem {
  const fail = (problem: string): never => {
    throw new CronSyntaxError(bounds.name, expression, `${problem} (${bounds.accepted})`);
  };

  const slashParts = item.split('/');
  if (slashParts.length > 2) fail(`"${item}" has more than one "/"; write a step once, as in */15 or 0-30/5`);
  const [rangeText, stepText] = slashParts;
  const rangeParts = rangeText.split('-');

  let start: number;
  let end: number;
  let star = false;
  if (rangeParts[0] === '*' || rangeParts[0] === '?') {
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    if (rangeText.startsWith('-')) fail(`"${item}" is negative; negative values are not allowed`);
    start = parseValue(rangeParts[0], item, 'value', bounds, fail);
    if (rangeParts.length > 2) fail(`"${item}" has more than one "-"; a range is written a-b`);
    end = rangeParts.length === 2 ? parseValue(rangeParts[1], item, 'range end', bounds, fail) : start;
  }

  let step = 1;
  if (stepText !== undefined) {
    step = parseStep(stepText, item, fail);
    // "a/n" means from a to the field's maximum.
    if (rangeParts.length === 1) end = bounds.max;
    if (step > 1) star = false;
  }

  if (start < bounds.min) fail(`value ${start} is below the minimum ${bounds.min}`);
  if (start > bounds.max) fail(`value ${start} is above the maximum ${bounds.max}`);
  if (end > bounds.max) fail(`value ${end} is above the maximum ${bounds.max}`);
  if (start > end) fail(`range "${item}" starts at ${start}, after its end ${end}; write ranges from low to high`);
  if (step === 0) fail(`"${item}" has a step of 0; the step must be at least 1`);

  const values: number[] = [];
  for (let v = start; v <= end; v += step) values.push(v);
  return { values, star };
}

function parseValue(token: string, item: string, role: string, bounds: FieldBounds, fail: (problem: string) => never): number {
  if (token === '') fail(`"${item}" has an empty ${role}`);
  const named = bounds.names?.get(goLowerCase(token));
  if (named !== undefined) return named;
  if (!UNSIGNED_DECIMAL.test(token)) {
    const what = bounds.names ? `a number or a ${bounds.name === 'month' ? 'month' : 'weekday'} name` : 'a number';
    fail(`"${token}" is not ${what}`);
  }
  // Anything this long is out of range for every field; keep it from losing precision.
  return token.replace(/^\+/, '').length > 6 ? Number.MAX_SAFE_INTEGER : Number(token);
}

function parseStep(token: string, item: string, fail: (problem: string) => never): number {
  if (token === '') fail(`"${item}" has an empty step after "/"`);
  if (token.startsWith('-') && UNSIGNED_DECIMAL.test(token.slice(1))) fail(`"${item}" has a negative step; the step must be at least 1`);
  if (!UNSIGNED_DECIMAL.test(token)) fail(`step "${token}" in "${item}" is not a number`);
  const step = BigInt(token.replace(/^\+/, ''));
  // Kubernetes parses the step as a 64-bit integer; any step past the field's range keeps only the start.
  if (step > MAX_INT64) fail(`step ${token} in "${item}" is too large`);
  return step > 1000n ? 1000 : Number(step);
}
