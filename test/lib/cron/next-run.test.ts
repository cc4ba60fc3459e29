import { nextRun, nextRuns, parseCronExpression } from '../../../lib/cron';

// Expected times were cross-checked against robfig/cron v3.0.1 itself (the library the
// Kubernetes CronJob controller uses), run in the same zones.
function runs(expression: string, timeZone: string, after: string, count: number): string[] {
  return nextRuns(parseCronExpression(expression), new Date(after), timeZone, count).map((d) => d.toISOString());
}

describe('next runs without daylight saving', () => {
  test('UTC: the next run is strictly after the given time', () => {
    expect(runs('*/15 * * * *', 'UTC', '2025-06-01T10:15:00Z', 3)).toEqual(['2025-06-01T10:30:00.000Z', '2025-06-01T10:45:00.000Z', '2025-06-01T11:00:00.000Z']);
    expect(runs('*/15 * * * *', 'UTC', '2025-06-01T10:14:59.999Z', 1)).toEqual(['2025-06-01T10:15:00.000Z']);
  });

  test('Asia/Tokyo (UTC+9): 09:00 on weekdays is 00:00 UTC, skipping the weekend', () => {
    expect(runs('0 9 * * 1-5', 'Asia/Tokyo', '2025-10-31T00:00:00Z', 3)).toEqual(['2025-11-03T00:00:00.000Z', '2025-11-04T00:00:00.000Z', '2025-11-05T00:00:00.000Z']);
  });

  test('Feb 29 comes every four years', () => {
    expect(runs('0 0 29 2 *', 'UTC', '2025-01-01T00:00:00Z', 2)).toEqual(['2028-02-29T00:00:00.000Z', '2032-02-29T00:00:00.000Z']);
  });

  test('descriptors', () => {
    expect(runs('@yearly', 'UTC', '2025-06-01T00:00:00Z', 1)).toEqual(['2026-01-01T00:00:00.000Z']);
    expect(runs('@monthly', 'UTC', '2025-06-01T00:00:00Z', 1)).toEqual(['2025-07-01T00:00:00.000Z']);
    expect(runs('@weekly', 'UTC', '2025-06-01T00:00:00Z', 1)).toEqual(['2025-06-08T00:00:00.000Z']); // a Sunday
    expect(runs('@hourly', 'UTC', '2025-06-01T00:00:00Z', 1)).toEqual(['2025-06-01T01:00:00.000Z']);
  });

  test('@every adds the interval to the given time with its fraction of a second dropped', () => {
    expect(runs('@every 90m', 'Europe/Berlin', '2025-03-30T00:30:00.750Z', 2)).toEqual(['2025-03-30T02:00:00.000Z', '2025-03-30T03:30:00.000Z']);
  });

  test('a schedule that never runs has no next run', () => {
    expect(nextRun(parseCronExpression('0 0 30 2 *'), new Date('2025-01-01T00:00:00Z'), 'UTC')).toBeUndefined();
  });
});

describe('day-of-month and day-of-week: OR unless one of them is * or ?', () => {
  test('0 0 1 * MON runs on the 1st and on every Monday', () => {
    expect(runs('0 0 1 * MON', 'UTC', '2025-09-02T00:00:00Z', 6)).toEqual([
      '2025-09-08T00:00:00.000Z',
      '2025-09-15T00:00:00.000Z',
      '2025-09-22T00:00:00.000Z',
      '2025-09-29T00:00:00.000Z',
      '2025-10-01T00:00:00.000Z', // a Wednesday
      '2025-10-06T00:00:00.000Z',
    ]);
  });

  test('0 0 * * MON runs on Mondays only', () => {
    expect(runs('0 0 * * MON', 'UTC', '2025-09-02T00:00:00Z', 2)).toEqual(['2025-09-08T00:00:00.000Z', '2025-09-15T00:00:00.000Z']);
  });

  test('*/1 counts as *: 0 0 */1 * MON runs on Mondays only', () => {
    expect(runs('0 0 */1 * MON', 'UTC', '2025-09-02T00:00:00Z', 2)).toEqual(['2025-09-08T00:00:00.000Z', '2025-09-15T00:00:00.000Z']);
  });

  test('*/2 does not: 0 0 */2 * MON runs on odd days and on Mondays', () => {
    expect(runs('0 0 */2 * MON', 'UTC', '2025-09-02T00:00:00Z', 6)).toEqual([
      '2025-09-03T00:00:00.000Z',
      '2025-09-05T00:00:00.000Z',
      '2025-09-07T00:00:00.000Z',
      '2025-09-08T00:00:00.000Z', // Monday
      '2025-09-09T00:00:00.000Z',
      '2025-09-11T00:00:00.000Z',
    ]);
  });

  test('0 0 13 * FRI runs on every 13th and every Friday, not only on Friday the 13th', () => {
    expect(runs('0 0 13 * FRI', 'UTC', '2026-02-10T00:00:00Z', 4)).toEqual([
      '2026-02-13T00:00:00.000Z', // Friday the 13th
      '2026-02-20T00:00:00.000Z',
      '2026-02-27T00:00:00.000Z',
      '2026-03-06T00:00:00.000Z',
    ]);
  });
});

describe('Europe/Berlin (CET/CEST): spring forward on 2025-03-30, fall back on 2025-10-26', () => {
  test('spring: 02:30 does not exist on the change day and is skipped', () => {
    expect(runs('30 2 * * *', 'Europe/Berlin', '2025-03-28T12:00:00Z', 3)).toEqual([
      '2025-03-29T01:30:00.000Z', // 02:30 CET
      '2025-03-31T00:30:00.000Z', // 02:30 CEST, two days later
      '2025-04-01T00:30:00.000Z',
    ]);
  });

  test('spring: hourly runs go from 01:00 CET straight to 03:00 CEST', () => {
    expect(runs('0 * * * *', 'Europe/Berlin', '2025-03-29T23:30:00Z', 3)).toEqual(['2025-03-30T00:00:00.000Z', '2025-03-30T01:00:00.000Z', '2025-03-30T02:00:00.000Z']);
  });

  test('fall: 02:30 happens twice, an hour apart, and runs both times', () => {
    expect(runs('30 2 * * *', 'Europe/Berlin', '2025-10-25T12:00:00Z', 3)).toEqual([
      '2025-10-26T00:30:00.000Z', // 02:30 CEST
      '2025-10-26T01:30:00.000Z', // 02:30 CET
      '2025-10-27T01:30:00.000Z',
    ]);
  });

  test('fall: hourly runs keep an hour apart through the repeated hour', () => {
    expect(runs('0 * * * *', 'Europe/Berlin', '2025-10-26T00:30:00Z', 3)).toEqual(['2025-10-26T01:00:00.000Z', '2025-10-26T02:00:00.000Z', '2025-10-26T03:00:00.000Z']);
  });

  test('@weekly around spring: Sunday midnight CET, then Sunday midnight CEST (an hour less than a week)', () => {
    expect(runs('@weekly', 'Europe/Berlin', '2025-03-25T00:00:00Z', 2)).toEqual(['2025-03-29T23:00:00.000Z', '2025-04-05T22:00:00.000Z']);
  });
});

describe('America/New_York (EST/EDT): spring forward on 2025-03-09, fall back on 2025-11-02', () => {
  test('spring: 02:00 does not exist and is skipped that day', () => {
    expect(runs('0 2 * * *', 'America/New_York', '2025-03-08T12:00:00Z', 2)).toEqual(['2025-03-10T06:00:00.000Z', '2025-03-11T06:00:00.000Z']);
  });

  test('spring: 01:00 EST and 03:00 EDT are only an hour apart', () => {
    expect(runs('0 1,3 * * *', 'America/New_York', '2025-03-08T12:00:00Z', 4)).toEqual([
      '2025-03-09T06:00:00.000Z', // 01:00 EST
      '2025-03-09T07:00:00.000Z', // 03:00 EDT
      '2025-03-10T05:00:00.000Z',
      '2025-03-10T07:00:00.000Z',
    ]);
  });

  test('fall: 01:00 happens twice and runs twice (robfig/cron asserts this too)', () => {
    expect(runs('0 1 * * *', 'America/New_York', '2025-11-01T12:00:00Z', 3)).toEqual([
      '2025-11-02T05:00:00.000Z', // 01:00 EDT
      '2025-11-02T06:00:00.000Z', // 01:00 EST
      '2025-11-03T06:00:00.000Z',
    ]);
  });

  test('fall: 02:30 is after the repeated hour and runs once', () => {
    expect(runs('30 2 * * *', 'America/New_York', '2025-11-01T12:00:00Z', 2)).toEqual(['2025-11-02T07:30:00.000Z', '2025-11-03T07:30:00.000Z']);
  });
});

describe('robfig quirks that Kubernetes inherits', () => {
  test('a missing midnight (America/Sao_Paulo, 2018-11-04) is handled', () => {
    expect(runs('0 9 10 * *', 'America/Sao_Paulo', '2018-10-17T09:00:00Z', 1)).toEqual(['2018-11-10T11:00:00.000Z']);
  });

  test('an hourly search across a missing midnight runs on a day the schedule does not name (America/Havana)', () => {
    // Cuba springs forward at midnight on Sunday 2025-03-09; robfig does not notice the new day.
    expect(runs('0 5 * * SAT,MON', 'America/Havana', '2025-03-08T10:00:00Z', 3)).toEqual([
      '2025-03-09T09:00:00.000Z', // Sunday 05:00 CDT
      '2025-03-10T09:00:00.000Z', // Monday
      '2025-03-15T09:00:00.000Z', // Saturday
    ]);
  });

  test('a repeated midnight runs twice (America/Havana falls back from 01:00 to 00:00)', () => {
    expect(runs('0 0 * * *', 'America/Havana', '2025-11-01T12:00:00Z', 3)).toEqual(['2025-11-02T04:00:00.000Z', '2025-11-02T05:00:00.000Z', '2025-11-03T05:00:00.000Z']);
  });

  test('a half-hour fall back (Australia/Lord_Howe) runs :30 twice, 30 minutes apart', () => {
    expect(runs('30 * * * *', 'Australia/Lord_Howe', '2025-04-05T14:00:00Z', 3)).toEqual(['2025-04-05T14:30:00.000Z', '2025-04-05T15:00:00.000Z', '2025-04-05T16:00:00.000Z']);
  });

  test('a whole skipped day (Pacific/Apia, 2011-12-30) would make robfig search forever: reported, not hung', () => {
    expect(() => runs('0 0 1 * *', 'Pacific/Apia', '2011-09-11T00:00:00Z', 5)).toThrow(
      /cannot be computed: the zone skips a whole day there, and robfig\/cron \(used by the Kubernetes CronJob controller\) would search forever/,
    );
  });
});

test('an invalid time zone is refused', () => {
  expect(() => nextRun(parseCronExpression('* * * * *'), new Date('2025-01-01T00:00:00Z'), 'america/new_york')).toThrow(
    'invalid time zone: unknown time zone "america/new_york"; did you mean "America/New_York"?',
  );
});
