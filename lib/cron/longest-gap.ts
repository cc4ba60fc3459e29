import { CronExpression } from './cron-expression';
import { gapsAroundOffsetChanges, wallClockGaps } from './shortest-gap';
import { WallClock } from './wall-clock';

/**
 * The longest time between two consecutive runs of a schedule in a zone, in seconds: how long a
 * healthy CronJob may go without starting a run, which is what a "no recent success" alert needs.
 *
 * Built like shortestGapSeconds (shortest-gap.ts), so it is deterministic and cheap:
 * 1. On the wall clock, ignoring daylight saving: the longest gap between two times of one run
 *    day, or from the last time of a run day to the first time of the run day furthest from it
 *    (over 2001 through 2029, which holds every pattern of dates and weekdays).
 * 2. Around each offset change of the zone from 2025 through 2034, the runs the CronJob
 *    controller really makes, replayed from the last run before the change until two runs after
 *    it. This is where a gap grows: a fall-back change adds its hour to the gap that spans it, and
 *    a spring-forward change skips a run whose wall time does not exist that day (New York
 *    `30 2 * * *` runs 47 hours apart across the March change).
 * Feb 29-only schedules give 4 years, the longest gap within the horizon (not the 8 around 2100).
 */
export function longestGapSeconds(expression: CronExpression, zone: WallClock): number {
  if (expression.kind === 'every') return expression.intervalSeconds;
  const calendar = wallClockGaps(expression);
  if (calendar === undefined) throw new Error(`the schedule "${expression.source}" never runs`);

  let longest = calendar.longestSeconds;
  for (const gap of gapsAroundOffsetChanges(expression, zone, calendar)) longest = Math.max(longest, gap);
  return longest;
}
