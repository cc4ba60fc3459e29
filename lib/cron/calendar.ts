/**
 * Proleptic Gregorian calendar arithmetic on "epoch days" (days since 1970-01-01).
 *
 * `Date.UTC` is not used because it maps years 0-99 to 1900-1999 and allocates; the schedule
 * code calls these in tight loops.
 */

export const SECONDS_PER_DAY = 86_400;

/** Days in a 400-year Gregorian cycle, after which dates and weekdays repeat exactly. */
export const DAYS_PER_GREGORIAN_CYCLE = 146_097;

export interface CivilDate {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  /** 1-31 */
  readonly day: number;
}

/** Floor division that also rounds negative numbers down (JS `%` truncates toward zero). */
export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

export function floorMod(a: number, b: number): number {
  return a - Math.floor(a / b) * b;
}

/**
 * Epoch day of a calendar date. Works by counting from 1 March of year 0, so the leap day is the
 * last day of the counting year and needs no special case.
 */
export function epochDayOf(year: number, month: number, day: number): number {
  const marchYear = month <= 2 ? year - 1 : year;
  const era = floorDiv(marchYear, 400);
  const yearOfEra = marchYear - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = floorDiv(153 * monthFromMarch + 2, 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + floorDiv(yearOfEra, 4) - floorDiv(yearOfEra, 100) + dayOfYear;
  return era * DAYS_PER_GREGORIAN_CYCLE + dayOfEra - 719_468;
}

/** Inverse of {@link epochDayOf}. */
export function civilDateOf(epochDay: number): CivilDate {
  const shifted = epochDay + 719_468;
  const era = floorDiv(shifted, DAYS_PER_GREGORIAN_CYCLE);
  const dayOfEra = shifted - era * DAYS_PER_GREGORIAN_CYCLE;
  const yearOfEra = floorDiv(dayOfEra - floorDiv(dayOfEra, 1460) + floorDiv(dayOfEra, 36_524) - floorDiv(dayOfEra, 146_096), 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + floorDiv(yearOfEra, 4) - floorDiv(yearOfEra, 100));
  const monthFromMarch = floorDiv(5 * dayOfYear + 2, 153);
  const day = dayOfYear - floorDiv(153 * monthFromMarch + 2, 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** 0 = Sunday ... 6 = Saturday, the numbering cron uses. 1970-01-01 was a Thursday. */
export function weekdayOf(epochDay: number): number {
  return floorMod(epochDay + 4, 7);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
