import { ApiObject, Chart, Testing } from 'cdk8s';
import { PolicyGateError, runPolicyGate } from '../../../lib/policy/gate';
import * as kplus from '../../../lib/plus';
import { Manifest } from '../../../lib/policy/types';
import { container, defaultDeny, deployment } from './policy-helpers';

const OPTIONS = { environment: 'test', k8sVersion: '1.33' };

/** A chart in namespace shop with a compliant Deployment (or the given one) and a default deny. */
function chartWith(web: Manifest = deployment()): Chart {
  const chart = new Chart(Testing.app(), 'shop-chart', { namespace: 'shop', disableResourceNameHashes: true });
  new ApiObject(chart, 'web', web as any);
  new ApiObject(chart, 'deny', defaultDeny() as any);
  new kplus.ConfigMap(chart, 'settings', { data: { LOG_LEVEL: 'info' } });
  return chart;
}

function gateError(run: () => unknown): PolicyGateError {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyGateError) return error;
    throw error;
  }
  throw new Error('expected the gate to fail');
}

describe('runPolicyGate', () => {
  test('a compliant chart passes with a report and no findings', () => {
    const result = runPolicyGate([chartWith()], OPTIONS);
    expect(result.findings).toEqual([]);
    expect(result.report).toContain('# Policy report: test');
    expect(result.report).toContain('Kubernetes 1.33 · 3 objects');
  });

  test('a planted violation fails the gate with a table naming rule, object, construct path, field and fix', () => {
    const error = gateError(() => runPolicyGate([chartWith(deployment({ spec: { containers: [container('app', { image: 'nginx:1.25' })] } }))], OPTIONS));
    expect(error.message).toMatch(/^Policy gate failed for test: 1 error finding\(s\)/);
    const table = error.message.split('\n\n')[1].split('\n');
    expect(table[0]).toMatch(/^severity \| rule +\| object +\| construct path +\| field +\| message +\| fix$/);
    expect(table[2]).toMatch(
      /^error +\| workload\/image-digest +\| Deployment shop\/web +\| shop-chart\/web +\| spec\.template\.spec\.containers\[0\]\.image +\| container "app" image "nginx:1\.25" is not pinned by a sha256 +\| Reference the image as/,
    );
    expect(error.result.findings).toEqual([expect.objectContaining({ ruleId: 'workload/image-digest', source: { constructPath: 'shop-chart/web' } })]);
    expect(error.result.report).toContain('`workload/image-digest`');
  });

  test('schema errors fail the gate too', () => {
    const web = deployment();
    web.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    const error = gateError(() => runPolicyGate([chartWith(web)], OPTIONS));
    expect(error.result.findings.map((finding) => `${finding.ruleId} ${finding.path}`)).toEqual(['schema/valid spec.template.spec.containers[0].imagePullPolicyy']);
  });

  test('warnings alone do not fail it', () => {
    const chart = chartWith();
    new ApiObject(chart, 'widget', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
    const result = runPolicyGate([chart], OPTIONS);
    expect(result.findings).toEqual([expect.objectContaining({ ruleId: 'schema/not-checked', severity: 'warning', source: { constructPath: 'shop-chart/widget' } })]);
    expect(result.report).toContain('## Not schema-checked\n\n- `Widget shop/w` (shop-chart/widget): not schema-checked: no schema known for example.com/v1 Widget');
  });

  test('objects of all charts form one run (a default deny in another chart counts)', () => {
    const app = Testing.app();
    const workloads = new Chart(app, 'workloads', { namespace: 'shop' });
    new ApiObject(workloads, 'web', deployment() as any);
    const network = new Chart(app, 'network', { namespace: 'shop' });
    new ApiObject(network, 'deny', defaultDeny() as any);
    expect(runPolicyGate([workloads, network], OPTIONS).findings).toEqual([]);
    expect(() => runPolicyGate([workloads], OPTIONS)).toThrow(PolicyGateError);
  });

  test('the report is deterministic', () => {
    const run = () => gateError(() => runPolicyGate([chartWith(deployment({ replicas: 3 }))], OPTIONS)).result.report;
    expect(run()).toEqual(run());
  });

  test('a k8sVersion that is not MAJOR.MINOR is a programming error', () => {
    expect(() => runPolicyGate([chartWith()], { environment: 'test', k8sVersion: 'latest' })).toThrow('runPolicyGate: k8sVersion "latest" is not MAJOR.MINOR');
  });
});
