/**
 * Benchmark: Schedule.shortestGapSeconds, which every SecureCronJob and ElectoralFeed calls at synth
 * time, for schedules from every minute to a yearly leap day, in a zone with daylight-saving changes.
 * Target: under 20 ms per call once luxon and the zone are loaded (a first pass warms them and the
 * JIT). Median of 7 passes per expression; prints a table and one `BENCH_JSON` line, and exits 1
 * when a median misses the target. Usage: node build/bench-schedule.js
 */
import { Schedule } from '../lib/cron';

const TARGET_MS = 20;
const ZONE = 'Europe/Berlin';
const EXPRESSIONS = ['* * * * *', '*/5 * * * *', '0 2 * * 0', '0 0 29 2 *', '30 2 * * *', '@weekly'];
const PASSES = 7;

for (const expression of EXPRESSIONS) Schedule.cron(expression).shortestGapSeconds(ZONE);
const medians: Record<string, number> = {};
for (const expression of EXPRESSIONS) {
  const times: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    const start = process.hrtime.bigint();
    Schedule.cron(expression).shortestGapSeconds(ZONE); // a new Schedule: nothing cached per schedule
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  medians[expression] = times.sort((a, b) => a - b)[Math.floor(PASSES / 2)];
}
console.log(`| shortestGapSeconds (${ZONE}) | median | target |`);
console.log('|---|---|---|');
for (const [expression, ms] of Object.entries(medians)) console.log(`| \`${expression}\` | ${ms.toFixed(2)} ms | < ${TARGET_MS} ms |`);
console.log(`BENCH_JSON ${JSON.stringify({ scheduleShortestGapMs: medians, targetMs: TARGET_MS })}`);
if (Object.values(medians).some((ms) => ms >= TARGET_MS)) process.exitCode = 1;
