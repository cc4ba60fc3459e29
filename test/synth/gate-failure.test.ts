import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { Schedule, SecureCronJob } from '../../constructs';
import { addDefaultDeny } from '../../lib/network';
import { PolicyGateError } from '../../lib/policy/gate';
import { Finding } from '../../lib/policy/types';
import { synthesizeEnvironment } from '../../lib/synth/synthesize';

const IMAGE = 'registry.example.org/platform/job@sha256:7c12af72ceb38b7432ab85e1a265cff6ae58e06f95539d539b654f2cfa64bb13';

function appWithJob(): { app: App; chart: Chart; job: SecureCronJob } {
  const app = new App();
  const chart = new Chart(app, 'jobs', { namespace: 'jobs', disableResourceNameHashes: true });
  addDefaultDeny(chart, 'jobs');
  const job = new SecureCronJob(chart, 'nightly', {
    schedule: Schedule.cron('0 3 * * *'), image: IMAGE, partOf: 'platform', owner: 'platform-team', runbookUrl: 'https://runbooks.example.org/x',
  });
  return { app, chart, job };
}

test('a compliant app synthesizes with a clean report', () => {
  const output = synthesizeEnvironment(appWithJob().app, 'test', '1.32');
  expect([...output.files.keys()]).toEqual(['test/jobs.k8s.yaml', 'reports/test.md']);
  expect(output.files.get('reports/test.md')).toMatch(/\| \*\*total\*\* \| 0 \| 0 \| 0 \|/);
});

test('a planted violation fails the synth, naming the rule, the object, the construct path and the field', () => {
  const { app, job } = appWithJob();
  // An escape-hatch patch that a careless extension might add: a privileged container.
  ApiObject.of(job.cronJob).addJsonPatch(JsonPatch.replace('/spec/jobTemplate/spec/template/spec/containers/0/securityContext/privileged', true));
  let message = '';
  let findings: Finding[] = [];
  try {
    synthesizeEnvironment(app, 'test', '1.32');
  } catch (error) {
    message = (error as Error).message;
    findings = (error as PolicyGateError).result.findings;
  }
  expect(message).toMatch(/pss-baseline\/privileged/);
  expect(message).toMatch(/CronJob jobs\/nightly/);
  expect(message).toMatch(/jobs\/nightly\/CronJob/);
  expect(findings.filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.path])).toEqual([
    ['pss-baseline/privileged', 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged'],
    ['pss-restricted/privileged', 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged'],
  ]);
});

test('a missing default deny in a namespace with workloads fails the synth', () => {
  const app = new App();
  const chart = new Chart(app, 'jobs', { namespace: 'jobs', disableResourceNameHashes: true });
  new SecureCronJob(chart, 'nightly', { schedule: Schedule.cron('0 3 * * *'), image: IMAGE, partOf: 'p', owner: 'o', runbookUrl: 'https://r.example.org/x' });
  expect(() => synthesizeEnvironment(app, 'test', '1.32')).toThrow(/network\/default-deny/);
});
