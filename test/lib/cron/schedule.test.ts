import { CronSyntaxError, Schedule } from '../../../lib/cron';

function rejection(expression: string): CronSyntaxError {
  try {
    Schedule.cron(expression);
  } catch (error) {
    if (error instanceof CronSyntaxError) return error;
    throw error;
  }
  throw new Error(`"${expression}" was accepted`);
}

describe('Schedule.cron', () => {
  test('keeps the expression exactly as written', () => {
    const schedule = Schedule.cron('*/5  *   * * MON-FRI');
    expect(schedule.expression).toBe('*/5  *   * * MON-FRI');
    expect(schedule.describe()).toBe('*/5  *   * * MON-FRI');
    expect(String(schedule)).toBe('*/5  *   * * MON-FRI');
    expect(schedule.parsed.kind).toBe('fields');
  });

  test('throws the parser error for a schedule Kubernetes rejects', () => {
    const error = rejection('0 0 * * 7');
    expect(error.field).toBe('day-of-week');
    expect(error.message).toBe('day-of-week: value 7 is above the maximum 6 (0-6 or SUN-SAT)');
  });

  test.each([
    ['0 0 30 2 *', 'day-of-month: the schedule never runs: no month it allows (FEB) has day 30; Kubernetes would accept it but never start a job (1-31, and a day that exists in the month)'],
    ['0 0 31 2,4,6,9,11 *', 'day-of-month: the schedule never runs: no month it allows (FEB,APR,JUN,SEP,NOV) has day 31;'],
    ['59 23 31 FEB *', 'day-of-month: the schedule never runs: no month it allows (FEB) has day 31;'],
    ['0 0 30,31 2 ?', 'day-of-month: the schedule never runs: no month it allows (FEB) has day 30,31;'],
  ])('rejects %s, which Kubernetes accepts but never runs', (expression, message) => {
    const error = rejection(expression);
    expect(error.field).toBe('day-of-month');
    expect(error.message.startsWith(message)).toBe(true);
  });

  test('rejects fields that list nothing (only commas)', () => {
    expect(rejection(', * * * *').message).toBe('minute: the field lists no minutes, so the schedule never runs; Kubernetes would accept it but never start a job (0-59)');
    expect(rejection('0 ,, * * *').field).toBe('hour');
    expect(rejection('0 0 * , *').field).toBe('month');
    expect(rejection('0 0 * * ,').field).toBe('day-of-week');
  });

  test('accepts schedules that run rarely but do run', () => {
    expect(Schedule.cron('0 0 29 2 *').expression).toBe('0 0 29 2 *');
    expect(Schedule.cron('0 0 30 2 MON').expression).toBe('0 0 30 2 MON'); // Mondays in February
    expect(Schedule.cron('0 0 , * MON').expression).toBe('0 0 , * MON'); // an empty day-of-month ORs with Mondays
  });

  test('rejects @every intervals Kubernetes would silently change', () => {
    expect(rejection('@every 500ms').message).toBe('expression: @every needs an interval of at least 1s; Kubernetes would silently run a shorter (or negative) one every second');
    expect(rejection('@every -1h').field).toBe('expression');
    expect(rejection('@every 0').field).toBe('expression');
    expect(rejection('@every 1.5s').message).toBe('expression: @every needs a whole number of seconds; Kubernetes would silently drop the fraction');
    expect(Schedule.cron('@every 1m30s').parsed).toMatchObject({ kind: 'every', intervalSeconds: 90 });
  });

  test('next runs in a zone', () => {
    const schedule = Schedule.cron('30 2 * * *');
    expect(schedule.nextRun(new Date('2025-10-25T12:00:00Z'), 'Europe/Berlin')?.toISOString()).toBe('2025-10-26T00:30:00.000Z');
    expect(schedule.nextRuns(new Date('2025-10-25T12:00:00Z'), 'Europe/Berlin', 2).map((d) => d.toISOString())).toEqual(['2025-10-26T00:30:00.000Z', '2025-10-26T01:30:00.000Z']);
  });
});

describe('shortestGapSeconds', () => {
  // Each value was cross-checked by enumerating robfig/cron's own run times from 2025 to 2035.
  test.each<[string, string, number]>([
    // no daylight-saving effect
    ['*/5 * * * *', 'Europe/Berlin', 300],
    ['* * * * *', 'Europe/Berlin', 60],
    ['* * * * *', 'UTC', 60],
    ['0 * * * *', 'America/New_York', 3600],
    ['0 1,2 * * *', 'America/New_York', 3600],
    ['0 1,3 * * *', 'UTC', 7200],
    ['30 2 * * *', 'UTC', 86_400],
    ['30 1 * * *', 'Asia/Tokyo', 86_400],
    ['0 9 * * 1-5', 'Asia/Tokyo', 86_400],
    ['0 2 * * 0', 'America/New_York', 604_800], // spring skips a week's run, fall adds an hour
    ['*/30 * * * *', 'Australia/Lord_Howe', 1800],
    ['0 * * * *', 'Australia/Lord_Howe', 3600],
    ['0 0 29 2 *', 'UTC', 1461 * 86_400],
    ['@monthly', 'Europe/Berlin', 28 * 86_400],
    ['@every 90m', 'Europe/Berlin', 5400],
    // shorter because of daylight saving
    ['30 1 * * *', 'America/New_York', 3600], // 01:30 EDT, then 01:30 EST
    ['30 1 * * *', 'Europe/Berlin', 82_800], // the spring day has 23 hours
    ['30 2 * * *', 'Europe/Berlin', 3600], // 02:30 CEST, then 02:30 CET
    ['30 2 * * *', 'America/New_York', 86_400], // skipped in spring, once in fall: never shorter than a day
    ['0 1,3 * * *', 'Europe/Berlin', 3600], // 01:00 CET to 03:00 CEST
    ['0 1,3 * * *', 'America/New_York', 3600],
    ['0 2 * * 0', 'Europe/Berlin', 3600], // 02:00 CEST and 02:00 CET on the autumn Sunday
    ['@weekly', 'Europe/Berlin', 601_200], // Sunday midnight across the spring change
    ['30 * * * *', 'Australia/Lord_Howe', 1800], // a 30-minute fall back repeats :30
    ['0 0 * * *', 'America/Havana', 3600], // midnight repeats when Cuba falls back
    ['30 1 * * *', 'Antarctica/Troll', 7200], // Troll changes by two hours
  ])('%s in %s: %d s', (expression, timeZone, seconds) => {
    expect(Schedule.cron(expression).shortestGapSeconds(timeZone)).toBe(seconds);
  });

  test('does not depend on the current date', () => {
    const realNow = Date.now;
    try {
      Date.now = () => Date.UTC(2031, 6, 1);
      const later = Schedule.cron('30 2 * * *').shortestGapSeconds('Europe/Berlin');
      Date.now = () => Date.UTC(2019, 0, 1);
      const earlier = Schedule.cron('30 2 * * *').shortestGapSeconds('Europe/Berlin');
      expect([later, earlier]).toEqual([3600, 3600]);
    } finally {
      Date.now = realNow;
    }
  });

  test('refuses an invalid time zone', () => {
    expect(() => Schedule.cron('0 0 * * *').shortestGapSeconds('Local')).toThrow('invalid time zone: "Local" is not allowed');
    expect(() => Schedule.cron('0 0 * * *').shortestGapSeconds('Mars/Olympus')).toThrow('unknown time zone "Mars/Olympus"');
  });
});
