/**
 * Benchmark payload: one app with N SecureCronJobs in one chart, synthesized through the same
 * gate and renderer as the real environments. Usage: node build/bench-jobs.js <N>
 */
import { App, Chart } from 'cdk8s';
import { SecureCronJob } from '../constructs';
import { Schedule } from '../lib/cron';
import { addDefaultDeny } from '../lib/network';
import { synthesizeEnvironment } from '../lib/synth/synthesize';

const count = Number(process.argv[2] ?? '10');
const app = new App();
const chart = new Chart(app, 'jobs', { namespace: 'bench', disableResourceNameHashes: true });
addDefaultDeny(chart, 'bench');
for (let i = 0; i < count; i++) {
  new SecureCronJob(chart, `job-${i}`, {
    schedule: Schedule.cron(`${i % 60} ${i % 24} * * *`),
    timeZone: 'Europe/Madrid',
    image: 'registry.example.org/platform/job@sha256:7c12af72ceb38b7432ab85e1a265cff6ae58e06f95539d539b654f2cfa64bb13',
    args: ['--run', String(i)],
    egress: [{ cidr: '10.0.0.1/32', port: 443 }],
    partOf: 'bench',
    owner: 'platform-team',
    runbookUrl: 'https://runbooks.example.org/bench',
  });
}
const output = synthesizeEnvironment(app, 'bench', '1.32');
const bytes = [...output.files.values()].reduce((sum, text) => sum + text.length, 0);
process.stdout.write(`${JSON.stringify({ jobs: count, bytes, maxRssKb: process.resourceUsage().maxRSS })}\n`);
