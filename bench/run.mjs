// `npm run bench`: wall time and peak memory (median of several runs) of the things the issues
// set targets for. Figures are printed as a table and as one BENCH_JSON line per benchmark.
// The policy gate's share of a synth and the CLI on 1000 manifests: bench/policy.mjs (run below).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const hasTime = existsSync('/usr/bin/time');

/** Runs a command `runs` times; returns median wall seconds and median peak RSS (MiB, if measurable). */
function measure(command, args, runs, okStatuses = [0]) {
  const walls = [];
  const rss = [];
  for (let i = 0; i < runs; i++) {
    const argv = hasTime ? ['-f', '%M', command, ...args] : args;
    const started = process.hrtime.bigint();
    const result = spawnSync(hasTime ? '/usr/bin/time' : command, argv, { cwd: root, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (!okStatuses.includes(result.status)) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
    walls.push(seconds);
    if (hasTime) rss.push(Number(result.stderr.trim().split('\n').pop()) / 1024);
  }
  return { seconds: median(walls), peakMiB: rss.length ? median(rss) : undefined };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const fmt = (m) => `${m.seconds.toFixed(3)} s${m.peakMiB ? `, ${m.peakMiB.toFixed(0)} MiB` : ''}`;
const results = {};

spawnSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
results.floorLoadCdk8sPlus28 = measure('node', ['-e', "require('cdk8s-plus-28')"], 7);
results.synthNode = measure('node', ['build/synth.js'], 5);
results.synthNpm = measure('npm', ['run', '--silent', 'synth'], 5);
// `npm run diff` against HEAD: a synth plus reading dist/ from git; exit 1 just means the tree differs.
results.diffNode = measure('node', ['build/diff.js'], 5, [0, 1]);
for (const jobs of [10, 100, 1000]) results[`jobs${jobs}`] = measure('node', ['build/bench-jobs.js', String(jobs)], 3);

const floor = results.floorLoadCdk8sPlus28.seconds;
console.log('| benchmark | median | vs floor |');
console.log('|---|---|---|');
for (const [name, m] of Object.entries(results)) console.log(`| ${name} | ${fmt(m)} | ${(m.seconds / floor).toFixed(2)}x |`);
// Growth: the marginal cost of a job between 10 and 100, and between 100 and 1000 jobs. Linear
// growth keeps the two equal; superlinear growth (cdk8s re-resolving per chart) makes the second larger.
const slope = (from, to) => (results[`jobs${to}`].seconds - results[`jobs${from}`].seconds) / (to - from) * 1000;
console.log(`marginal time per job: 10->100 jobs ${slope(10, 100).toFixed(2)} ms, 100->1000 jobs ${slope(100, 1000).toFixed(2)} ms`);
console.log(`BENCH_JSON ${JSON.stringify({ synth: results })}`);

console.log('\n## bench/schedule-gaps.ts');
if (spawnSync('node', ['build/bench-schedule.js'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exitCode = 1;

for (const script of ['bench/policy.mjs', 'bench/collector.mjs']) {
  if (!existsSync(join(root, script))) continue;
  console.log(`\n## ${script}`);
  const run = spawnSync('node', [script], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) process.exitCode = 1;
}
