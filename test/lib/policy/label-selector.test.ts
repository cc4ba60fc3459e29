import { selectorMatches } from '../../../lib/policy/label-selector';

const labels = { app: 'web', tier: 'front' };

describe('selectorMatches', () => {
  test('matchLabels must all match; an empty selector selects everything; a missing one nothing', () => {
    expect(selectorMatches({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'web', tier: 'back' } }, labels)).toBe(false);
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches(undefined, labels)).toBe(false);
  });

  test.each([
    [{ key: 'app', operator: 'In', values: ['api', 'web'] }, true],
    [{ key: 'app', operator: 'In', values: ['api'] }, false],
    [{ key: 'app', operator: 'NotIn', values: ['api'] }, true],
    [{ key: 'missing', operator: 'NotIn', values: ['x'] }, true],
    [{ key: 'tier', operator: 'Exists' }, true],
    [{ key: 'missing', operator: 'Exists' }, false],
    [{ key: 'missing', operator: 'DoesNotExist' }, true],
    [{ key: 'app', operator: 'DoesNotExist' }, false],
    [{ key: 'app', operator: 'Matches', values: ['web'] }, false],
  ])('expression %p matches: %p', (expression, expected) => {
    expect(selectorMatches({ matchExpressions: [expression] }, labels)).toBe(expected);
  });
});
