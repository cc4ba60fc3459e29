import { IANAZone } from 'luxon';

/** A change of UTC offset in a zone: from `at` (epoch seconds) on, the offset is `offsetAfter`. */
export interface OffsetTransition {
  readonly at: number;
  readonly offsetBefore: number;
  readonly offsetAfter: number;
}

/**
 * Sampling step when looking for offset changes. Any two changes in today's tz rules are weeks
 * apart (the closest are Morocco's Ramadan suspensions, about five weeks), so sampling every three
 * weeks and bisecting between samples that differ finds every change. A change that is undone
 * within three weeks would be missed; no zone has one from 2025 through 2034 (checked daily).
 */
const SAMPLE_STEP_SECONDS = 21 * 86_400;

/** Offsets are cached in blocks of this size, each holding the changes inside it. */
const BLOCK_SECONDS = 365 * 86_400;

interface OffsetBlock {
  /** The offset just before the block starts. */
  readonly startOffset: number;
  /** Changes in [blockStart, blockEnd), ascending. */
  readonly transitions: readonly OffsetTransition[];
}

/**
 * The UTC offsets of one IANA zone over time, in seconds east of UTC. Luxon (over the ICU time
 * zone data built into Node) answers single instants; this class finds the transitions between
 * them once per block and then answers from memory, because the next-run search asks for
 * thousands of offsets and a luxon call costs several microseconds.
 */
export class ZoneTimeline {
  private static readonly byName = new Map<string, ZoneTimeline>();

  /** The (cached) timeline of a zone luxon knows; throws for a name it does not know. */
  static of(zoneName: string): ZoneTimeline {
    let timeline = ZoneTimeline.byName.get(zoneName);
    if (!timeline) {
      timeline = new ZoneTimeline(zoneName);
      ZoneTimeline.byName.set(zoneName, timeline);
    }
    return timeline;
  }

  private readonly zone: IANAZone;
  private readonly blocks = new Map<number, OffsetBlock>();

  private constructor(public readonly zoneName: string) {
    this.zone = IANAZone.create(zoneName);
    if (!this.zone.isValid) throw new Error(`time zone "${zoneName}" is not known to this Node.js build's ICU data`);
  }

  /** Offset from UTC, in seconds, in force at the given instant (epoch seconds). */
  offsetAt(epochSeconds: number): number {
    const index = Math.floor(epochSeconds / BLOCK_SECONDS);
    const block = this.block(index);
    let offset = block.startOffset;
    for (const transition of block.transitions) {
      if (transition.at > epochSeconds) break;
      offset = transition.offsetAfter;
    }
    return offset;
  }

  /** Offset changes with `from < at <= to`, ascending. */
  transitionsBetween(from: number, to: number): OffsetTransition[] {
    const result: OffsetTransition[] = [];
    for (let index = Math.floor(from / BLOCK_SECONDS); index <= Math.floor(to / BLOCK_SECONDS); index++) {
      for (const transition of this.block(index).transitions) {
        if (transition.at > from && transition.at <= to) result.push(transition);
      }
    }
    return result;
  }

  /** Whether the offset changes at any instant in (from, to]. */
  changesBetween(from: number, to: number): boolean {
    for (let index = Math.floor(from / BLOCK_SECONDS); index <= Math.floor(to / BLOCK_SECONDS); index++) {
      for (const transition of this.block(index).transitions) {
        if (transition.at > from && transition.at <= to) return true;
      }
    }
    return false;
  }

  private block(index: number): OffsetBlock {
    let block = this.blocks.get(index);
    if (!block) {
      block = this.scanBlock(index * BLOCK_SECONDS, (index + 1) * BLOCK_SECONDS);
      this.blocks.set(index, block);
    }
    return block;
  }

  private scanBlock(start: number, end: number): OffsetBlock {
    // Sampling from the second before the block finds changes in [start, end).
    const startOffset = this.lookUp(start - 1);
    const transitions: OffsetTransition[] = [];
    let previous = start - 1;
    let previousOffset = startOffset;
    while (previous < end - 1) {
      const next = Math.min(previous + SAMPLE_STEP_SECONDS, end - 1);
      const nextOffset = this.lookUp(next);
      if (nextOffset !== previousOffset) transitions.push(this.locateChange(previous, previousOffset, next));
      previous = next;
      previousOffset = nextOffset;
    }
    return { startOffset, transitions };
  }

  /**
   * Finds the first second in (low, high] whose offset differs from `lowOffset`. Bisects whole
   * hours first and then checks the hour's first second, because nearly every change happens on
   * a whole UTC hour; that needs about half the luxon calls of a bisection over seconds.
   */
  private locateChange(low: number, lowOffset: number, high: number): OffsetTransition {
    let hourLow = Math.ceil(low / 3600);
    let hourHigh = Math.floor(high / 3600);
    if (hourLow <= hourHigh && this.lookUp(hourLow * 3600) === lowOffset && this.lookUp(hourHigh * 3600) !== lowOffset) {
      while (hourHigh - hourLow > 1) {
        const middle = Math.floor((hourLow + hourHigh) / 2);
        if (this.lookUp(middle * 3600) === lowOffset) hourLow = middle;
        else hourHigh = middle;
      }
      // The change lies in (hourLow, hourHigh] hours; usually exactly at hourHigh.
      low = hourLow * 3600;
      high = hourHigh * 3600;
      if (this.lookUp(high - 1) === lowOffset) return { at: high, offsetBefore: lowOffset, offsetAfter: this.lookUp(high) };
    }
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (this.lookUp(middle) === lowOffset) low = middle;
      else high = middle;
    }
    return { at: high, offsetBefore: lowOffset, offsetAfter: this.lookUp(high) };
  }

  private lookUp(epochSeconds: number): number {
    // luxon answers in minutes, fractional for pre-1970 local mean times.
    return Math.round(this.zone.offset(epochSeconds * 1000) * 60);
  }
}
