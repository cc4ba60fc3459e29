import { civilDateOf, epochDayOf, floorDiv, SECONDS_PER_DAY, weekdayOf } from './calendar';
import { ZoneTimeline } from './zone-timeline';

/** The local date and time an instant shows in a zone. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0 = Sunday ... 6 = Saturday */
  readonly weekday: number;
}

/**
 * Instants (integer epoch seconds) seen through one zone's wall clock, with the two conversions
 * Go's time package makes and robfig/cron relies on.
 */
export class WallClock {
  constructor(private readonly timeline: ZoneTimeline) {}

  get zoneName(): string {
    return this.timeline.zoneName;
  }

  /** Local date and time of an instant, like Go's t.Date() and t.Clock() in the zone. */
  wallTime(instant: number): WallTime {
    const local = instant + this.timeline.offsetAt(instant);
    const epochDay = floorDiv(local, SECONDS_PER_DAY);
    const secondOfDay = local - epochDay * SECONDS_PER_DAY;
    const { year, month, day } = civilDateOf(epochDay);
    return {
      year,
      month,
      day,
      hour: Math.floor(secondOfDay / 3600),
      minute: Math.floor(secondOfDay / 60) % 60,
      second: secondOfDay % 60,
      weekday: weekdayOf(epochDay),
    };
  }

  /**
   * The instant of a local date and time, like Go's time.Date(year, month, day, hour, minute,
   * second, 0, zone):
   * - out-of-range parts carry over (month 13 is January of the next year, 31 April is 1 May);
   * - a wall time that does not exist (skipped by a spring-forward change) and one that exists
   *   twice (a fall-back change) are resolved the way Go resolves them: take the offset in force
   *   at the wall time read as if it were UTC; if the instant that offset gives lies outside that
   *   offset's period, use the offset in force at that instant instead. In zones east of UTC this
   *   moves a skipped time forward by the gap (Berlin 02:30 -> 03:30 CEST) and picks the second
   *   of two repeated times; west of UTC it moves a skipped time back (New York 02:30 -> 01:30
   *   EST) and picks the first of two repeated times.
   */
  instantOf(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
    const monthIndex = month - 1;
    const normalYear = year + floorDiv(monthIndex, 12);
    const normalMonth = monthIndex - floorDiv(monthIndex, 12) * 12 + 1;
    const epochDay = epochDayOf(normalYear, normalMonth, 1) + day - 1;
    const wallAsUtc = epochDay * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
    const guess = this.timeline.offsetAt(wallAsUtc);
    // Using the offset in force at the guessed instant is the same as Go's "is it inside the
    // guessed offset's period" test: inside, that offset is the guess itself.
    return wallAsUtc - this.timeline.offsetAt(wallAsUtc - guess);
  }

  /** Like Go's t.AddDate(years, months, days): moves the wall date and keeps the wall time. */
  addDate(instant: number, months: number, days: number): number {
    const w = this.wallTime(instant);
    return this.instantOf(w.year, w.month + months, w.day + days, w.hour, w.minute, w.second);
  }

  /** The zone's offset changes at instants in (from, to], ascending. */
  transitionsIn(from: number, to: number): number[] {
    return this.timeline.transitionsBetween(from, to).map((transition) => transition.at);
  }

  /** Whether the zone's offset changes at any instant in (from, to]. */
  offsetChangesBetween(from: number, to: number): boolean {
    return this.timeline.changesBetween(from, to);
  }

  offsetAt(instant: number): number {
    return this.timeline.offsetAt(instant);
  }
}
