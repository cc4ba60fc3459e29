import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { idProblem, requireRunAs } from '../../../lib/validate';

const scope = () => new Construct(Testing.chart(), 'thing');
const RUN_AS = 'a non-root UID and GID (not 0): whole numbers from 1 to 2147483647';

describe('UIDs and GIDs', () => {
  test.each<[{ user: number; group: number }, string | undefined]>([
    [{ user: 10001, group: 10001 }, undefined],
    [{ user: 1, group: 2147483647 }, undefined],
    [{ user: 0, group: 10001 }, RUN_AS],
    [{ user: 10001, group: 0 }, RUN_AS],
    [{ user: -1, group: 10001 }, RUN_AS],
    [{ user: 2147483648, group: 10001 }, RUN_AS],
    [{ user: 10001.5, group: 10001 }, RUN_AS],
    [{ user: 10001, group: Number.NaN }, RUN_AS],
  ])('runAs %j', (runAs, expected) => {
    if (expected === undefined) expect(requireRunAs(scope(), 'runAs', runAs)).toEqual(runAs);
    else expect(() => requireRunAs(scope(), 'runAs', runAs)).toThrow(`test/thing: invalid runAs ${JSON.stringify(runAs)}: ${expected}`);
  });

  test('an ID where root is allowed still has the int32 range', () => {
    expect(idProblem(0, { allowRoot: true })).toBeUndefined();
    expect(idProblem(-1, { allowRoot: true })).toBe('an ID: a whole number from 0 to 2147483647');
    expect(idProblem(0)).toBe('a non-root ID: a whole number from 1 to 2147483647');
  });
});
