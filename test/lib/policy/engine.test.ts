import { runPolicy } from '../../../lib/policy/engine';
import { Pack } from '../../../lib/policy/types';
import { entriesOf } from './policy-helpers';

describe('runPolicy', () => {
  const throwing: Pack = {
    name: 'test',
    description: 'a pack whose rule throws',
    rules: [
      {
        id: 'test/throws',
        pack: 'test',
        severity: 'warning',
        rationale: 'r',
        fix: 'f',
        check: () => {
          throw new Error('boom');
        },
      },
      { id: 'test/warns', pack: 'test', severity: 'error', rationale: 'r', fix: 'f', check: () => [{ path: 'x', message: 'downgraded', severity: 'warning' }] },
    ],
  };
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };

  test('a rule that throws becomes an error finding instead of ending the run', () => {
    const { findings } = runPolicy(entriesOf([configMap]), { k8sVersion: '1.33', packs: [throwing] });
    expect(findings[0]).toEqual(
      expect.objectContaining({ ruleId: 'test/throws', severity: 'error', kind: 'ConfigMap', name: 'c', message: 'the rule failed on this object: boom', source: { file: 'test.yaml', line: 1 } }),
    );
  });

  test('a violation may lower its rule severity', () => {
    const { findings } = runPolicy(entriesOf([configMap]), { k8sVersion: '1.33', packs: [throwing] });
    expect(findings[1]).toEqual(expect.objectContaining({ ruleId: 'test/warns', severity: 'warning' }));
  });

  test('the catalogue lists the rules that ran and the suppression rules', () => {
    const { rules, objectCount } = runPolicy(entriesOf([configMap, configMap]), { k8sVersion: '1.33', packs: [throwing] });
    expect(rules.map((rule) => rule.id)).toEqual(['test/throws', 'test/warns', 'policy/suppression-without-reason', 'policy/unused-suppression', 'policy/refused-suppression']);
    expect(objectCount).toBe(2);
  });
});
