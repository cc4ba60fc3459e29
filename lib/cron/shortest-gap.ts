import { civilDateOf, daysInMonth, epochDayOf, floorDiv, SECONDS_PER_DAY, weekdayOf } from './calendar';
import { CronExpression, CronFieldsExpression, isRunDay } from './cron-expression';
import { nextRunSeconds } from './next-run';
import { WallClock } from './wall-clock';

/**
 * The shortest time between two consecutive runs of a schedule in a zone, in seconds.
 *
 * Computed in two parts so that it is deterministic (independent of today's date) and fast even
 * for `* * * * *`:
 * 1. On the wall clock, ignoring daylight saving: every run day has the same run times, so the
 *    shortest gap is either between two times of one day or from the last time of a run day to
 *    the first time of the next run day. See scanRunDays for which years are enough.
 * 2. Around each offset change of the zone from 2025 through 2034, the runs the CronJob
 *    controller would really make (robfig's search, see next-run.ts). Only one search per change
 *    can see it: robfig searches forward from the previous run, so a search that starts and ends
 *    on the same side of the change sees a constant offset and yields a wall-clock gap, already
 *    covered by part 1. The search that crosses the change starts at the last run before it; the
 *    run after that may lie on a day the day fields do not allow (robfig's missing-midnight
 *    quirk), so the searches from there until two runs after the change are replayed too.
 * The result is never longer than a gap the controller would produce: either the real shortest
 * gap, or, when a schedule's shortest calendar gap always spans a change (the 15th of every third
 * month in Australia/Sydney: 90 days on the calendar, 90 days and an hour in real time), shorter
 * by at most that change. The zone rules are those of Node's ICU data, so a newly announced rule
 * change counts once Node ships it.
 */
export function shortestGapSeconds(expression: CronExpression, zone: WallClock): number {
  if (expression.kind === 'every') return expression.intervalSeconds;
  const calendar = wallClockGaps(expression);
  if (calendar === undefined) throw new Error(`the schedule "${expression.source}" never runs`);

  let shortest = calendar.shortestSeconds;
  for (const gap of gapsAroundOffsetChanges(expression, zone, calendar)) shortest = Math.min(shortest, gap);
  return shortest;
}

function memoize<K, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, compute(key));
    return cache.get(key) as V;
  };
}

/** 2025-01-01T00:00:00Z and 2035-01-01T00:00:00Z: ten years of each zone's offset changes. */
const DST_WINDOW_START = epochDayOf(2025, 1, 1) * SECONDS_PER_DAY;
const DST_WINDOW_END = epochDayOf(2035, 1, 1) * SECONDS_PER_DAY;

export interface WallClockGaps {
  /** Shortest gap on the wall clock, ignoring offset changes. */
  readonly shortestSeconds: number;
  /** Longest gap on the wall clock, ignoring offset changes, over run days from 2001 through 2029 (see scanRunDays). */
  readonly longestSeconds: number;
  /** Run times of a run day, in seconds after midnight, ascending. */
  readonly timesOfDay: readonly number[];
  /** Whether a (month, day, weekday) is a run day; see runDayIndex. */
  readonly runDays: Uint8Array;
}

function runDayIndex(month: number, day: number, weekday: number): number {
  return ((month - 1) * 31 + (day - 1)) * 7 + weekday;
}

const wallClockCache = new WeakMap<CronFieldsExpression, WallClockGaps | null>();

/** Part 1 (see above); undefined when no day is ever a run day: the schedule never runs. */
export function wallClockGaps(expression: CronFieldsExpression): WallClockGaps | undefined {
  const cached = wallClockCache.get(expression);
  if (cached !== undefined) return cached ?? undefined;
  const computed = computeWallClockGaps(expression);
  wallClockCache.set(expression, computed ?? null);
  return computed;
}

function computeWallClockGaps(expression: CronFieldsExpression): WallClockGaps | undefined {
  const timesOfDay: number[] = [];
  for (const hour of expression.hour.values) {
    for (const minute of expression.minute.values) timesOfDay.push(hour * 3600 + minute * 60);
  }
  if (timesOfDay.length === 0) return undefined;

  let shortest = Infinity;
  let longest = 0;
  for (let i = 1; i < timesOfDay.length; i++) {
    shortest = Math.min(shortest, timesOfDay[i] - timesOfDay[i - 1]);
    longest = Math.max(longest, timesOfDay[i] - timesOfDay[i - 1]);
  }

  // The day rule evaluated once per (month, day, weekday) keeps the 146,097-day scan cheap.
  const runDays = new Uint8Array(12 * 31 * 7);
  for (let month = 1; month <= 12; month++) {
    for (let day = 1; day <= 31; day++) {
      for (let weekday = 0; weekday < 7; weekday++) {
        runDays[runDayIndex(month, day, weekday)] = isRunDay(expression, month, day, weekday) ? 1 : 0;
      }
    }
  }

  const daysApart = scanRunDays(runDays);
  if (daysApart === undefined) return undefined;

  const lastTime = timesOfDay[timesOfDay.length - 1];
  shortest = Math.min(shortest, daysApart.fewest * SECONDS_PER_DAY + timesOfDay[0] - lastTime);
  longest = Math.max(longest, daysApart.most * SECONDS_PER_DAY + timesOfDay[0] - lastTime);
  return { shortestSeconds: shortest, longestSeconds: longest, timesOfDay, runDays };
}

/**
 * Fewest and most days between two consecutive run days, or undefined if there are none. Scans 2001
 * through 2029: that holds each of the 14 kinds of year (leap or not, by starting weekday) and
 * each kind of year followed by the next, so every pattern of dates and weekdays shorter than a
 * year occurs in it. The only longer gaps are those of Feb 29-only schedules (4 years here); the
 * century years that skip Feb 29 (2100) only make gaps longer, never shorter (so "most" is the
 * most within this horizon: 4 years, not the 8 around 2100).
 */
function scanRunDays(runDays: Uint8Array): { fewest: number; most: number } | undefined {
  let previousRunDay = -1;
  let fewestDaysApart = Infinity;
  let mostDaysApart = 0;
  let epochDay = epochDayOf(2001, 1, 1);
  let weekday = weekdayOf(epochDay);
  for (let year = 2001; year < 2030; year++) {
    for (let month = 1; month <= 12; month++) {
      const length = daysInMonth(year, month);
      const base = runDayIndex(month, 1, 0);
      for (let day = 0; day < length; day++) {
        if (runDays[base + day * 7 + weekday] === 1) {
          if (previousRunDay >= 0) {
            fewestDaysApart = Math.min(fewestDaysApart, epochDay - previousRunDay);
            mostDaysApart = Math.max(mostDaysApart, epochDay - previousRunDay);
          }
          previousRunDay = epochDay;
        }
        epochDay++;
        weekday = weekday === 6 ? 0 : weekday + 1;
      }
    }
  }
  return previousRunDay < 0 ? undefined : { fewest: fewestDaysApart, most: mostDaysApart };
}

/**
 * Part 2 (see above), shared with longestGapSeconds: the gaps between the consecutive runs the
 * controller makes around each offset change from 2025 through 2034, from the last run before the
 * change until two runs after it.
 */
export function* gapsAroundOffsetChanges(expression: CronFieldsExpression, zone: WallClock, calendar: WallClockGaps): Generator<number> {
  // Sparse schedules (yearly, Feb 29) share their runs between changes; search each only once.
  const nextRun = memoize((run: number) => nextRunSeconds(expression, zone, run));
  for (const change of zone.transitionsIn(DST_WINDOW_START, DST_WINDOW_END)) {
    let run = lastRunBefore(expression, zone, change, calendar);
    let runsAfterChange = 0;
    while (runsAfterChange < 2) {
      const next = nextRun(run);
      if (next === undefined) break;
      yield next - run;
      run = next;
      if (run >= change) runsAfterChange++;
    }
  }
}

/**
 * The last run before the offset change at `change`, found on the wall clock of the offset in
 * force just before the change (a wall time repeated after a fall-back change is taken in its
 * first, pre-change occurrence, which is the one that is "before").
 */
function lastRunBefore(expression: CronFieldsExpression, zone: WallClock, change: number, calendar: WallClockGaps): number {
  const offsetBefore = zone.offsetAt(change - 1);
  const local = change - 1 + offsetBefore;
  let epochDay = floorDiv(local, SECONDS_PER_DAY);
  let latestTime = local - epochDay * SECONDS_PER_DAY;
  let { year, month, day } = civilDateOf(epochDay);
  // Every schedule that runs at all runs at least once in eight years (Feb 29 skips 2100).
  const oldest = epochDay - 8 * 366;
  while (epochDay >= oldest) {
    if (!expression.month.has(month)) {
      // Skip the rest of the month in one step.
      epochDay -= day;
      latestTime = SECONDS_PER_DAY;
      ({ year, month, day } = civilDateOf(epochDay));
      continue;
    }
    const time = calendar.runDays[runDayIndex(month, day, weekdayOf(epochDay))] === 1 ? lastAtOrBefore(calendar.timesOfDay, latestTime) : undefined;
    if (time !== undefined) {
      const instant = epochDay * SECONDS_PER_DAY + time - offsetBefore;
      // Far from the change the offset may differ (a yearly run before last autumn's change).
      return zone.offsetAt(instant) === offsetBefore ? instant : zone.instantOf(year, month, day, 0, 0, time);
    }
    epochDay--;
    latestTime = SECONDS_PER_DAY;
    if (--day === 0) ({ year, month, day } = civilDateOf(epochDay));
  }
  throw new Error(`the schedule "${expression.source}" has no run in the eight years before ${new Date(change * 1000).toISOString()}`);
}

function lastAtOrBefore(sortedTimes: readonly number[], limit: number): number | undefined {
  let found: number | undefined;
  for (const time of sortedTimes) {
    if (time > limit) break;
    found = time;
  }
  return found;
}
