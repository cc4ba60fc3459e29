import { CronExpression, CronFieldsExpression, dayFieldsMatch } from './cron-expression';
import { assertTimeZone } from './time-zone';
import { WallClock } from './wall-clock';
import { ZoneTimeline } from './zone-timeline';

/**
 * Run times of a schedule in a time zone, as the Kubernetes CronJob controller computes them.
 *
 * The controller prefixes the schedule with `TZ=<spec.timeZone>` and asks robfig/cron v3 for
 * `Schedule.Next(lastScheduleTime)`, so the run times are what robfig's search produces. That
 * search walks the wall clock field by field (month, day, hour, minute, second): it moves whole
 * months and days with Go's date arithmetic but hours, minutes and seconds by adding absolute
 * time, and it re-checks everything whenever a field wraps. Around daylight-saving changes this
 * gives these results, which this module reproduces step for step rather than idealises:
 * - spring forward: a wall time inside the gap is skipped that day (New York `30 2 * * *` does
 *   not run on the change day; Berlin `30 2 * * *` neither). Times after the gap run normally,
 *   so a gap spanning the change is shorter in real time (Berlin `0 1,3 * * *`: 01:00 CET to
 *   03:00 CEST is one hour).
 * - fall back: the repeated wall times match twice, so a job in the repeated hour runs twice,
 *   an hour apart (New York `0 1 * * *`: 01:00 EDT and 01:00 EST; Berlin `30 2 * * *`: 02:30
 *   CEST and 02:30 CET). robfig's own tests assert this.
 * - a change at midnight (zones such as America/Havana or America/Santiago): a missing midnight
 *   is resolved with Go's time.Date rule (see WallClock.instantOf) and corrected by an hour,
 *   and an hourly search that crosses the missing midnight does not notice the new day, so it
 *   can return a time on a day the day fields do not allow. Kubernetes inherits all of this.
 * - nothing found within five years of the start: robfig returns "no time" (the controller then
 *   never runs the job); this returns undefined.
 */

/** Epoch seconds of the first run strictly after `afterSeconds`, or undefined if none within robfig's five-year horizon. */
export function nextRunSeconds(expression: CronExpression, zone: WallClock, afterSeconds: number): number | undefined {
  if (expression.kind === 'every') {
    // robfig adds the interval to the given time with its sub-second part dropped.
    return Math.floor(afterSeconds) + expression.intervalSeconds;
  }
  return nextFieldsRun(expression, zone, Math.floor(afterSeconds));
}

/** The first run strictly after `after` in the IANA zone `timeZone`. */
export function nextRun(expression: CronExpression, after: Date, timeZone: string): Date | undefined {
  const next = nextRunSeconds(expression, clockFor(timeZone), after.getTime() / 1000);
  return next === undefined ? undefined : new Date(next * 1000);
}

/** The next `count` runs after `after` (fewer if the schedule stops firing). */
export function nextRuns(expression: CronExpression, after: Date, timeZone: string, count: number): Date[] {
  const zone = clockFor(timeZone);
  const runs: Date[] = [];
  let cursor: number | undefined = after.getTime() / 1000;
  while (runs.length < count) {
    cursor = nextRunSeconds(expression, zone, cursor);
    if (cursor === undefined) break;
    runs.push(new Date(cursor * 1000));
  }
  return runs;
}

export function clockFor(timeZone: string): WallClock {
  assertTimeZone(timeZone);
  return new WallClock(ZoneTimeline.of(timeZone));
}

const HOUR = 3600;
const DAY = 86_400;

/**
 * robfig's SpecSchedule.Next for a second-resolution time. Where no offset change is near, the
 * hour, minute and second loops jump straight to the value their one-step-at-a-time walk would
 * stop at; near a change they step exactly like robfig, because that is where the results differ.
 */
function nextFieldsRun(s: CronFieldsExpression, zone: WallClock, after: number): number | undefined {
  // With an empty field (the field was only commas) robfig searches its whole horizon in vain.
  if (s.minute.isEmpty || s.hour.isEmpty || s.month.isEmpty) return undefined;

  let t = after + 1;
  let w = zone.wallTime(t);
  const lastYear = w.year + 5;
  // Once any field has moved forward, the smaller fields start from zero instead of from `after`.
  let moved = false;
  const move = (instant: number): void => {
    t = instant;
    w = zone.wallTime(t);
  };

  search: for (;;) {
    if (w.year > lastYear) return undefined;

    while (!s.month.has(w.month)) {
      if (!moved) {
        moved = true;
        move(zone.instantOf(w.year, w.month, 1, 0, 0, 0));
      }
      const before = t;
      move(zone.addDate(t, 1, 0));
      if (t <= before) throw stuck(s, zone, after);
      if (w.month === 1) continue search;
    }

    while (!dayFieldsMatch(s, w.day, w.weekday)) {
      if (!moved) {
        moved = true;
        move(zone.instantOf(w.year, w.month, w.day, 0, 0, 0));
      }
      const before = t;
      move(zone.addDate(t, 0, 1));
      // Where midnight does not exist the new day starts off midnight; robfig pulls it back.
      if (w.hour !== 0) move(w.hour > 12 ? t + (24 - w.hour) * HOUR : t - w.hour * HOUR);
      if (t <= before) throw stuck(s, zone, after);
      if (w.day === 1) continue search;
    }

    while (!s.hour.has(w.hour)) {
      if (!moved) {
        moved = true;
        move(zone.instantOf(w.year, w.month, w.day, w.hour, 0, 0));
      }
      const stepHours = zone.offsetChangesBetween(t, t + DAY) ? 1 : hoursToNextMatch(s.hour.values, w.hour);
      move(t + stepHours * HOUR);
      if (w.hour === 0) continue search;
    }

    while (!s.minute.has(w.minute)) {
      if (!moved) {
        moved = true;
        move(t - mod(t, 60));
      }
      const stepMinutes = zone.offsetChangesBetween(t, t + HOUR) ? 1 : unitsToNextMatch(s.minute.values, w.minute, 60);
      move(t + stepMinutes * 60);
      if (w.minute === 0) continue search;
    }

    // Standard schedules always run at second 0.
    while (w.second !== 0) {
      moved = true;
      const stepSeconds = zone.offsetChangesBetween(t, t + 60) ? 1 : 60 - w.second;
      move(t + stepSeconds);
      if (w.second === 0) continue search;
    }

    return t;
  }
}

/**
 * A whole local day that a zone skipped (Pacific/Apia jumped over 30 December 2011) makes Go's
 * date arithmetic land on the same instant again, and robfig's search loops forever; the
 * controller would hang on this CronJob. Say so instead of hanging too.
 */
function stuck(s: CronFieldsExpression, zone: WallClock, after: number): Error {
  return new Error(
    `the run after ${new Date(after * 1000).toISOString()} of "${s.source}" in ${zone.zoneName} cannot be computed: ` +
      'the zone skips a whole day there, and robfig/cron (used by the Kubernetes CronJob controller) would search forever',
  );
}

/** Steps (of one unit each) from `current` to the next allowed value, or to the wrap at `period`. */
function unitsToNextMatch(allowed: readonly number[], current: number, period: number): number {
  for (const value of allowed) {
    if (value > current) return value - current;
  }
  return period - current;
}

function hoursToNextMatch(allowed: readonly number[], current: number): number {
  return unitsToNextMatch(allowed, current, 24);
}

function mod(a: number, b: number): number {
  return a - Math.floor(a / b) * b;
}
