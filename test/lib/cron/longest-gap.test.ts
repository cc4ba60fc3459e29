import { Schedule } from '../../../lib/cron';

/** Every gap between consecutive runs from `from` to `to`, by walking the controller's run times. */
function walkedLongestGap(expression: string, timeZone: string, from: string, to: string): number {
  const schedule = Schedule.cron(expression);
  let previous = schedule.nextRun(new Date(from), timeZone) as Date;
  let longest = 0;
  while (previous.getTime() < Date.parse(to)) {
    const next = schedule.nextRun(previous, timeZone) as Date;
    longest = Math.max(longest, (next.getTime() - previous.getTime()) / 1000);
    previous = next;
  }
  return longest;
}

describe('longestGapSeconds', () => {
  test.each<[string, string, number]>([
    // no daylight-saving effect
    ['*/5 * * * *', 'Europe/Berlin', 300],
    ['* * * * *', 'UTC', 60],
    ['0 3 * * *', 'UTC', 86_400],
    ['0 1,3 * * *', 'UTC', 79_200], // 03:00 to 01:00 the next day
    ['0 9 * * 1-5', 'Asia/Tokyo', 3 * 86_400], // Friday to Monday
    ['0 0 29 2 *', 'UTC', 1461 * 86_400],
    ['@every 90m', 'Europe/Berlin', 5400],
    // longer because of daylight saving
    ['30 2 * * *', 'America/New_York', 47 * 3600], // no 02:30 on the spring change day
    ['30 2 * * *', 'Europe/Berlin', 47 * 3600],
    ['30 1 * * *', 'Europe/Berlin', 25 * 3600], // the autumn day has 25 hours
    ['0 2 * * 0', 'America/New_York', 14 * 86_400 - 3600], // spring skips a week's run
    ['@weekly', 'Europe/Berlin', 7 * 86_400 + 3600],
    ['@monthly', 'Europe/Berlin', 31 * 86_400 + 3600], // October has 31 days and the autumn change
    ['0 0 * * *', 'America/Havana', 47 * 3600], // Cuba skips midnight in spring: no run that day
  ])('%s in %s: %d s', (expression, timeZone, seconds) => {
    expect(Schedule.cron(expression).longestGapSeconds(timeZone)).toBe(seconds);
  });

  test.each<[string, string]>([
    ['30 2 * * *', 'America/New_York'],
    ['30 1 * * *', 'Europe/Berlin'],
    ['15 0,12 * * 1-5', 'Australia/Lord_Howe'],
    ['0 0 * * *', 'America/Santiago'],
  ])('%s in %s matches a walk over the controller run times of 2025 through 2034', (expression, timeZone) => {
    const walked = walkedLongestGap(expression, timeZone, '2025-01-01T00:00:00Z', '2035-01-01T00:00:00Z');
    expect(Schedule.cron(expression).longestGapSeconds(timeZone)).toBe(walked);
  });

  test('is never shorter than the shortest gap', () => {
    for (const expression of ['*/7 * * * *', '0 */5 * * *', '0 0 1,15 * *', '@yearly']) {
      const schedule = Schedule.cron(expression);
      expect(schedule.longestGapSeconds('Europe/Berlin')).toBeGreaterThanOrEqual(schedule.shortestGapSeconds('Europe/Berlin'));
    }
  });

  test('does not depend on the current date', () => {
    const realNow = Date.now;
    try {
      Date.now = () => Date.UTC(2031, 6, 1);
      const later = Schedule.cron('30 2 * * *').longestGapSeconds('America/Chicago');
      Date.now = () => Date.UTC(2019, 0, 1);
      const earlier = Schedule.cron('30 2 * * *').longestGapSeconds('America/Chicago');
      expect([later, earlier]).toEqual([47 * 3600, 47 * 3600]);
    } finally {
      Date.now = realNow;
    }
  });

  test('refuses an invalid time zone', () => {
    expect(() => Schedule.cron('0 0 * * *').longestGapSeconds('Local')).toThrow('invalid time zone: "Local" is not allowed');
  });
});
