/**
 * The duration syntax of Go's `time.ParseDuration`, which `@every <duration>` schedules use.
 *
 * Grammar: an optional sign, then one or more `<number><unit>` pairs with no spaces, where the
 * number may have a fraction (`1.5h`, `.5s`, `2.s`) and the unit is one of ns, us, µs, μs, ms, s,
 * m, h. A bare `0` is the one string allowed without a unit. Values are in nanoseconds and must
 * fit a signed 64-bit integer. Reimplemented from the documented behaviour so that the accept /
 * reject decision matches what the Kubernetes API server (a Go program) decides.
 */

const NANOS_PER_UNIT: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n], // micro sign
  ['\u03bcs', 1_000n], // Greek small letter mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const TWO_POW_63 = 1n << 63n;
const MAX_INT64 = TWO_POW_63 - 1n;

export type GoDurationResult = { readonly ok: true; readonly nanoseconds: bigint } | { readonly ok: false; readonly reason: string };

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

export function parseGoDuration(text: string): GoDurationResult {
  const invalid: GoDurationResult = { ok: false, reason: `"${text}" is not a Go duration (examples: 90s, 15m, 1h30m)` };
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return { ok: true, nanoseconds: 0n };
  if (rest === '') return invalid;

  let total = 0n;
  while (rest !== '') {
    if (!(rest[0] === '.' || isDigit(rest[0]))) return invalid;

    // Whole part. Go gives up as soon as it would pass 2^63.
    let i = 0;
    let whole = 0n;
    while (i < rest.length && isDigit(rest[i])) {
      whole = whole * 10n + BigInt(rest.charCodeAt(i) - 48);
      if (whole > TWO_POW_63) return { ok: false, reason: `"${text}" is too long a duration (at most about 292 years)` };
      i++;
    }
    const hasWhole = i > 0;
    rest = rest.slice(i);

    // Fraction: Go keeps digits while they fit in 63 bits and skips the rest.
    let fraction = 0n;
    let scale = 1;
    let hasFraction = false;
    if (rest.startsWith('.')) {
      rest = rest.slice(1);
      let j = 0;
      let saturated = false;
      while (j < rest.length && isDigit(rest[j])) {
        if (!saturated) {
          const next = fraction * 10n + BigInt(rest.charCodeAt(j) - 48);
          if (fraction > MAX_INT64 / 10n || next > TWO_POW_63) {
            saturated = true;
          } else {
            fraction = next;
            scale *= 10;
          }
        }
        j++;
      }
      hasFraction = j > 0;
      rest = rest.slice(j);
    }
    if (!hasWhole && !hasFraction) return invalid;

    // The unit runs until the next digit or dot, so "1h 30m" has the unit "h " and fails.
    let k = 0;
    while (k < rest.length && rest[k] !== '.' && !isDigit(rest[k])) k++;
    if (k === 0) return { ok: false, reason: `"${text}" has a number without a unit (ns, us, ms, s, m or h)` };
    const unitText = rest.slice(0, k);
    rest = rest.slice(k);
    const unit = NANOS_PER_UNIT.get(unitText);
    if (unit === undefined) return { ok: false, reason: `"${text}" has the unknown unit "${unitText}" (use ns, us, ms, s, m or h, with no spaces)` };

    if (whole > TWO_POW_63 / unit) return { ok: false, reason: `"${text}" is too long a duration (at most about 292 years)` };
    let value = whole * unit;
    if (fraction > 0n) {
      // Go computes the fractional part in float64; do the same so rounding matches.
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > TWO_POW_63) return { ok: false, reason: `"${text}" is too long a duration (at most about 292 years)` };
    }
    total += value;
    if (total > TWO_POW_63) return { ok: false, reason: `"${text}" is too long a duration (at most about 292 years)` };
  }
  if (negative) return { ok: true, nanoseconds: -total };
  if (total > MAX_INT64) return { ok: false, reason: `"${text}" is too long a duration (at most about 292 years)` };
  return { ok: true, nanoseconds: total };
}
