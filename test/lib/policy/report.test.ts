import { PolicyResult } from '../../../lib/policy/engine';
import { renderReport, sortFindings } from '../../../lib/policy/report';
import { Finding, RuleDescription } from '../../../lib/policy/types';

const finding = (overrides: Partial<Finding>): Finding => ({
  ruleId: 'workload/resources',
  severity: 'error',
  kind: 'Deployment',
  namespace: 'shop',
  name: 'web',
  source: { constructPath: 'shop/web' },
  path: 'spec.replicas',
  message: 'a | b',
  fix: 'do it',
  ...overrides,
});

const rule = (id: string, severity: 'error' | 'warning' = 'error'): RuleDescription => ({ id, pack: id.split('/')[0], severity, rationale: `why ${id}`, fix: 'fix' });

const result = (findings: Finding[]): PolicyResult => ({
  findings,
  rules: [rule('schema/valid'), rule('schema/not-checked', 'warning'), rule('workload/resources'), rule('network/default-deny')],
  objectCount: 7,
});

describe('renderReport', () => {
  const findings = [
    finding({ ruleId: 'schema/not-checked', severity: 'warning', kind: 'Widget', name: 'w', namespace: undefined, source: { constructPath: 'shop/w' }, path: 'apiVersion', message: 'not schema-checked: no schema known for example.com/v1 Widget' }),
    finding({ ruleId: 'network/default-deny', suppressedBecause: 'isolated by the CNI' }),
    finding({}),
  ];
  const report = renderReport(result(findings), { title: 'prod', k8sVersion: '1.32' });

  test('opens with the environment, version, object count and packs', () => {
    expect(report.startsWith('# Policy report: prod\n\nKubernetes 1.32 · 7 objects · packs: schema, workload, network\n')).toBe(true);
  });

  test('summarises per pack: errors, warnings, suppressed', () => {
    expect(report).toContain(['| pack | errors | warnings | suppressed |', '| --- | --- | --- | --- |', '| schema | 0 | 1 | 0 |', '| workload | 1 | 0 | 0 |', '| network | 0 | 0 | 1 |', '| **total** | 1 | 1 | 1 |'].join('\n'));
  });

  test('lists errors, then warnings, then suppressed findings with their reason, cells escaped', () => {
    const rows = report.split('## Findings\n\n')[1].split('\n\n')[0].split('\n').slice(2);
    expect(rows).toEqual([
      '| error | `workload/resources` | `Deployment shop/web` | `shop/web` | `spec.replicas` | a \\| b | do it |',
      '| warning | `schema/not-checked` | `Widget w` | `shop/w` | `apiVersion` | not schema-checked: no schema known for example.com/v1 Widget | do it |',
      '| error, suppressed: isolated by the CNI | `network/default-deny` | `Deployment shop/web` | `shop/web` | `spec.replicas` | a \\| b | do it |',
    ]);
  });

  test('names the objects that were not schema-checked', () => {
    expect(report).toContain('## Not schema-checked\n\n- `Widget w` (shop/w): not schema-checked: no schema known for example.com/v1 Widget\n');
  });

  test('ends with the rule catalogue', () => {
    expect(report.endsWith('| `network/default-deny` | error | why network/default-deny |\n')).toBe(true);
  });

  test('says so when there is nothing to report', () => {
    const empty = renderReport(result([]), { title: 'dev', k8sVersion: '1.33' });
    expect(empty).toContain('## Findings\n\nNo findings.');
    expect(empty).toContain('## Not schema-checked\n\nEvery object was schema-checked.');
  });

  test('is deterministic whatever the input order', () => {
    expect(renderReport(result([...findings].reverse()), { title: 'prod', k8sVersion: '1.32' })).toBe(report);
    expect(sortFindings(findings)).toEqual(sortFindings([...findings].reverse()));
  });
});
