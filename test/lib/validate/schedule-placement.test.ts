import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { Schedule } from '../../../lib/cron';
import type { NodePoolPlacement } from '../../../lib/placement';
import { requireNodePool, requireSchedule } from '../../../lib/validate';

const scope = () => new Construct(Testing.chart(), 'thing');

describe('schedules given as text are parsed naming the construct, the prop and the expression', () => {
  test('a Schedule passes through; valid text is parsed', () => {
    const schedule = Schedule.cron('0 3 * * *');
    expect(requireSchedule(scope(), 'schedule', schedule)).toBe(schedule);
    expect(requireSchedule(scope(), 'schedule', '*/5 * * * *').expression).toBe('*/5 * * * *');
  });

  test.each<[string, string]>([
    ['61 * * * *', 'test/thing: invalid backupSchedule "61 * * * *": a cron schedule Kubernetes accepts and runs; minute: value 61 is above '
      + 'the maximum 59 (0-59)'],
    ['0 0 30 2 *', 'test/thing: invalid backupSchedule "0 0 30 2 *": a cron schedule Kubernetes accepts and runs; day-of-month: the '
      + 'schedule never runs'],
    ['@every 1500ms', 'test/thing: invalid backupSchedule "@every 1500ms": a cron schedule Kubernetes accepts and runs; expression: @every '
      + 'needs a whole number of seconds'],
  ])('%s', (expression, message) => {
    expect(() => requireSchedule(scope(), 'backupSchedule', expression)).toThrow(message);
  });
});

describe('node pools', () => {
  const pool: NodePoolPlacement = {
    nodeLabelKey: 'node.example.org/pool', nodeLabelValue: 'batch', taintKey: 'node.example.org/pool', taintValue: 'batch', taintEffect: 'NoSchedule',
    priorityClassName: 'batch-low',
  };
  const LABEL_KEY = 'a qualified key such as "node.example.org/pool"';
  const LABEL_VALUE = 'a label value (at most 63 characters of [A-Za-z0-9-_.])';

  test.each<[Partial<Record<keyof NodePoolPlacement, unknown>>, string]>([
    [{ nodeLabelKey: 'bad key!' }, `invalid nodePool.nodeLabelKey "bad key!": ${LABEL_KEY}`],
    [{ nodeLabelValue: 'two words' }, `invalid nodePool.nodeLabelValue "two words": ${LABEL_VALUE}`],
    [{ taintKey: 'Example.org/x' }, `invalid nodePool.taintKey "Example.org/x": ${LABEL_KEY}`],
    [{ taintValue: 'x'.repeat(64) }, `invalid nodePool.taintValue "${'x'.repeat(64)}": ${LABEL_VALUE}`],
    [{ taintEffect: 'NoExecut' }, 'invalid nodePool.taintEffect "NoExecut": NoSchedule, PreferNoSchedule or NoExecute'],
    [{ priorityClassName: 'batch_low' }, 'invalid nodePool.priorityClassName "batch_low": a PriorityClass name that must be an RFC 1123 subdomain'],
  ])('%j', (override, message) => {
    expect(requireNodePool(scope(), 'nodePool', pool)).toBe(pool);
    expect(() => requireNodePool(scope(), 'nodePool', { ...pool, ...override } as NodePoolPlacement)).toThrow(`test/thing: ${message}`);
  });
});
