import { CronExpression, CronFieldsExpression, CronSyntaxError, parseCronExpression } from '../../../lib/cron';

function fields(expression: string): CronFieldsExpression {
  const parsed = parseCronExpression(expression);
  if (parsed.kind !== 'fields') throw new Error(`expected a five-field schedule, got ${parsed.kind}`);
  return parsed;
}

function range(from: number, to: number, step = 1): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

function rejection(expression: string): CronSyntaxError {
  try {
    parseCronExpression(expression);
  } catch (error) {
    if (error instanceof CronSyntaxError) return error;
    throw error;
  }
  throw new Error(`"${expression}" was accepted`);
}

describe('parseCronExpression: accepted forms', () => {
  test('five fields with single values', () => {
    const s = fields('5 4 3 2 1');
    expect([s.minute.values, s.hour.values, s.dayOfMonth.values, s.month.values, s.dayOfWeek.values]).toEqual([[5], [4], [3], [2], [1]]);
    expect([s.minute.star, s.dayOfMonth.star, s.dayOfWeek.star]).toEqual([false, false, false]);
    expect(s.source).toBe('5 4 3 2 1');
  });

  test('* and ? cover the whole field and set the star flag', () => {
    const s = fields('* * ? * ?');
    expect(s.minute.values).toEqual(range(0, 59));
    expect(s.hour.values).toEqual(range(0, 23));
    expect(s.dayOfMonth.values).toEqual(range(1, 31));
    expect(s.month.values).toEqual(range(1, 12));
    expect(s.dayOfWeek.values).toEqual(range(0, 6));
    expect([s.dayOfMonth.star, s.dayOfWeek.star]).toEqual([true, true]);
  });

  test.each([
    ['*/15', range(0, 59, 15), false],
    ['*/1', range(0, 59), true], // a step of 1 keeps the star flag, as in robfig
    ['10-20', range(10, 20), false],
    ['10-20/5', [10, 15, 20], false],
    ['50/3', [50, 53, 56, 59], false], // a/n runs from a to the maximum
    ['1,5-7,40-59/10', [1, 5, 6, 7, 40, 50], false],
    ['*/61', [0], false], // a step past the range keeps only the start
    ['*/9223372036854775807', [0], false], // the largest step Go's Atoi accepts
    ['07', [7], false],
    ['+5', [5], false], // Go's Atoi accepts a plus sign
    ['1,,2', [1, 2], false], // empty list items are skipped
    ['5,*', range(0, 59), true],
    ['*-5', range(0, 59), true], // robfig ignores whatever follows "*-"
    ['?/1', range(0, 59), true],
  ])('minute field %s', (field, values, star) => {
    const s = fields(`${field} * * * *`);
    expect(s.minute.values).toEqual(values);
    expect(s.minute.star).toBe(star);
  });

  test('day-of-month steps start at 1, day-of-week ranges at 0', () => {
    expect(fields('0 0 */10 * *').dayOfMonth.values).toEqual([1, 11, 21, 31]);
    expect(fields('0 0 * * */2').dayOfWeek.values).toEqual([0, 2, 4, 6]);
    expect(fields('0 0 * */5 *').month.values).toEqual([1, 6, 11]);
  });

  test('month and weekday names, in any case, also in ranges and steps', () => {
    const s = fields('0 0 * jan-MAR,Jul,DEC mon-Fri');
    expect(s.month.values).toEqual([1, 2, 3, 7, 12]);
    expect(s.dayOfWeek.values).toEqual([1, 2, 3, 4, 5]);
    expect(fields('0 0 * FEB/4 SUN,sat').month.values).toEqual([2, 6, 10]);
    expect(fields('0 0 * * SUN,sat').dayOfWeek.values).toEqual([0, 6]);
    // Go lower-cases U+0130 (capital I with dot) to a plain "i", so Kubernetes reads FRİ as Friday.
    expect(fields('0 0 * * FR\u0130').dayOfWeek.values).toEqual([5]);
  });

  test('fields may be separated by any Go whitespace, with surrounding whitespace', () => {
    expect(fields('  0\t3 \u00a0* *\n1-5 ').hour.values).toEqual([3]);
    expect(fields('0\u00850 * * *').hour.values).toEqual([0]);
  });

  test('a day step with * keeps the star flag only when the step is 1', () => {
    expect(fields('0 0 */1 * MON').dayOfMonth.star).toBe(true);
    expect(fields('0 0 */2 * MON').dayOfMonth.star).toBe(false);
    expect(fields('0 0 1-31 * MON').dayOfMonth.star).toBe(false);
  });

  test('the parsed structure is immutable', () => {
    const s = fields('0 0 * * *');
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.minute)).toBe(true);
    expect(Object.isFrozen(s.minute.values)).toBe(true);
    expect(s.minute.has(0)).toBe(true);
    expect(s.minute.has(1)).toBe(false);
  });
});

describe('parseCronExpression: descriptors', () => {
  test.each<[string, number[], number[], number[], number[], number[], boolean, boolean]>([
    ['@yearly', [0], [0], [1], [1], range(0, 6), false, true],
    ['@annually', [0], [0], [1], [1], range(0, 6), false, true],
    ['@monthly', [0], [0], [1], range(1, 12), range(0, 6), false, true],
    ['@weekly', [0], [0], range(1, 31), range(1, 12), [0], true, false],
    ['@daily', [0], [0], range(1, 31), range(1, 12), range(0, 6), true, true],
    ['@midnight', [0], [0], range(1, 31), range(1, 12), range(0, 6), true, true],
    ['@hourly', [0], range(0, 23), range(1, 31), range(1, 12), range(0, 6), true, true],
  ])('%s', (descriptor, minute, hour, dom, month, dow, domStar, dowStar) => {
    const s = fields(descriptor);
    expect(s.descriptor).toBe(descriptor);
    expect([s.minute.values, s.hour.values, s.dayOfMonth.values, s.month.values, s.dayOfWeek.values]).toEqual([minute, hour, dom, month, dow]);
    expect([s.dayOfMonth.star, s.dayOfWeek.star]).toEqual([domStar, dowStar]);
  });

  test.each([
    ['@every 90m', 5_400_000_000_000n, 5400],
    ['@every 1h30m', 5_400_000_000_000n, 5400],
    ['@every 1.5h', 5_400_000_000_000n, 5400],
    ['@every 2h45m10s', 9_910_000_000_000n, 9910],
    ['@every .5s', 500_000_000n, 1], // robfig raises anything below a second to one second
    ['@every 1500ms', 1_500_000_000n, 1], // and drops fractions of a second
    ['@every 0', 0n, 1],
    ['@every -1h', -3_600_000_000_000n, 1],
    ['@every +2m', 120_000_000_000n, 120],
    ['@every 1\u00b5s', 1_000n, 1],
    ['@every 9223372036854775807ns', 9_223_372_036_854_775_807n, 9_223_372_036],
  ])('%s', (expression, nanoseconds, intervalSeconds) => {
    const parsed: CronExpression = parseCronExpression(expression);
    expect(parsed).toEqual({ kind: 'every', source: expression, durationText: expression.slice(7), durationNanoseconds: nanoseconds, intervalSeconds });
  });
});

describe('parseCronExpression: rejections name the field and what is accepted', () => {
  test.each<[string, CronSyntaxError['field'], string]>([
    ['0 0 * * 7', 'day-of-week', 'day-of-week: value 7 is above the maximum 6 (0-6 or SUN-SAT)'],
    ['60 * * * *', 'minute', 'minute: value 60 is above the maximum 59 (0-59)'],
    ['0 24 * * *', 'hour', 'hour: value 24 is above the maximum 23 (0-23)'],
    ['0 0 0 * *', 'day-of-month', 'day-of-month: value 0 is below the minimum 1 (1-31)'],
    ['0 0 32 * *', 'day-of-month', 'day-of-month: value 32 is above the maximum 31 (1-31)'],
    ['0 0 * 0 *', 'month', 'month: value 0 is below the minimum 1 (1-12 or JAN-DEC)'],
    ['0 0 * 13 *', 'month', 'month: value 13 is above the maximum 12 (1-12 or JAN-DEC)'],
    ['0 0 * 1-13 *', 'month', 'month: value 13 is above the maximum 12 (1-12 or JAN-DEC)'],
    ['0 0 * JANUARY *', 'month', 'month: "JANUARY" is not a number or a month name (1-12 or JAN-DEC)'],
    ['0 0 * * MONDAY', 'day-of-week', 'day-of-week: "MONDAY" is not a number or a weekday name (0-6 or SUN-SAT)'],
    ['0 0 * * JAN', 'day-of-week', 'day-of-week: "JAN" is not a number or a weekday name (0-6 or SUN-SAT)'],
    ['MON * * * *', 'minute', 'minute: "MON" is not a number (0-59)'],
    ['30-10 * * * *', 'minute', 'minute: range "30-10" starts at 30, after its end 10; write ranges from low to high (0-59)'],
    ['0 0 * * FRI-MON', 'day-of-week', 'day-of-week: range "FRI-MON" starts at 5, after its end 1; write ranges from low to high (0-6 or SUN-SAT)'],
    ['70/5 * * * *', 'minute', 'minute: value 70 is above the maximum 59 (0-59)'],
    ['*/0 * * * *', 'minute', 'minute: "*/0" has a step of 0; the step must be at least 1 (0-59)'],
    ['0 1-5/0 * * *', 'hour', 'hour: "1-5/0" has a step of 0; the step must be at least 1 (0-23)'],
    ['*/-5 * * * *', 'minute', 'minute: "*/-5" has a negative step; the step must be at least 1 (0-59)'],
    ['*/x * * * *', 'minute', 'minute: step "x" in "*/x" is not a number (0-59)'],
    ['*/ * * * *', 'minute', 'minute: "*/" has an empty step after "/" (0-59)'],
    ['*/99999999999999999999 * * * *', 'minute', 'minute: step 99999999999999999999 in "*/99999999999999999999" is too large (0-59)'],
    ['*//2 * * * *', 'minute', 'minute: "*//2" has more than one "/"; write a step once, as in */15 or 0-30/5 (0-59)'],
    ['1-2-3 * * * *', 'minute', 'minute: "1-2-3" has more than one "-"; a range is written a-b (0-59)'],
    ['-5 * * * *', 'minute', 'minute: "-5" is negative; negative values are not allowed (0-59)'],
    ['1- * * * *', 'minute', 'minute: "1-" has an empty range end (0-59)'],
    ['/5 * * * *', 'minute', 'minute: "/5" has an empty value (0-59)'],
    ['5x * * * *', 'minute', 'minute: "5x" is not a number (0-59)'],
    ['1.5 * * * *', 'minute', 'minute: "1.5" is not a number (0-59)'],
    ['** * * * *', 'minute', 'minute: "**" is not a number (0-59)'],
  ])('%s', (expression, field, message) => {
    const error = rejection(expression);
    expect(error).toBeInstanceOf(CronSyntaxError);
    expect(error).toBeInstanceOf(Error);
    expect(error.field).toBe(field);
    expect(error.message).toBe(message);
    expect(error.expression).toBe(expression);
    expect(error.name).toBe('CronSyntaxError');
  });

  test.each([
    ['', 'the schedule is empty'],
    ['   ', 'the schedule is empty'],
    ['0 0 1 * * *', 'expected exactly 5 fields (minute hour day-of-month month day-of-week), found 6 in "0 0 1 * * *"; Kubernetes schedules have no seconds field'],
    ['0 0 1 *', 'expected exactly 5 fields (minute hour day-of-month month day-of-week), found 4 in "0 0 1 *"'],
    ['0 0 * * * extra', 'found 6'],
    ['TZ=Europe/Berlin 0 3 * * *', "time zone prefixes (TZ=..., CRON_TZ=...) are not allowed in the schedule; set the CronJob's timeZone field instead"],
    ['CRON_TZ=UTC 0 3 * * *', "set the CronJob's timeZone field instead"],
    ['TZ=UTC @daily', "set the CronJob's timeZone field instead"],
    ['@DAILY', 'unknown descriptor "@DAILY"; use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration> (lower case)'],
    ['@reboot', 'unknown descriptor "@reboot"'],
    ['@daily ', '"@daily " has trailing whitespace; a descriptor must be the whole schedule'],
    [' @daily', '" @daily" has whitespace before the descriptor'],
    ['@every', '"@every" needs a duration, e.g. "@every 90m"'],
    ['@every ', '@every needs a Go duration: "" is not a Go duration (examples: 90s, 15m, 1h30m)'],
    ['@every 1h 30m', '@every needs a Go duration: "1h 30m" has the unknown unit "h " (use ns, us, ms, s, m or h, with no spaces)'],
    ['@every 5', '@every needs a Go duration: "5" has a number without a unit (ns, us, ms, s, m or h)'],
    ['@every 1d', 'has the unknown unit "d"'],
    ['@every 1H', 'has the unknown unit "H"'],
    ['@every .s', '".s" is not a Go duration'],
    ['@every 9223372036854775808ns', '"9223372036854775808ns" is too long a duration'],
    ['@every 2562048h', '"2562048h" is too long a duration'],
  ])('%j is rejected as a whole', (expression, message) => {
    const error = rejection(expression);
    expect(error.field).toBe('expression');
    expect(error.message.startsWith('expression: ')).toBe(true);
    expect(error.message).toContain(message);
  });
});
