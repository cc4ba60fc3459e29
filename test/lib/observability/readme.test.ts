import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Schedule } from '../../../lib/cron';
import { cronJobAlertRuleGroup, feedFreshnessRuleGroup, mysqlAlertRuleGroup, workloadAlertRuleGroup } from '../../../lib/observability';

const routing = { team: 'team', runbookUrl: 'https://runbooks.example.org/x' };

/** Every alert any builder can emit, each builder with every option that adds rules. */
const ALL_ALERTS = new Set([
  cronJobAlertRuleGroup({
    namespace: 'n', cronJobName: 'c', schedule: Schedule.cron('@hourly'), timeZone: 'UTC', startingDeadlineSeconds: 60, activeDeadlineSeconds: 600,
    suspendedByConfig: false, routing,
  }),
  feedFreshnessRuleGroup({
    namespace: 'n', cronJobName: 'c', micrositeName: 'm', maxAgeSeconds: 600, routing,
    electionWindows: [{ start: '2027-05-23T09:00:00+02:00', end: '2027-05-24T09:00:00+02:00' }],
  }),
  workloadAlertRuleGroup({ kind: 'Deployment', namespace: 'n', name: 'w', routing, autoscalerName: 'w', claims: [{ claimName: 'c' }] }),
  workloadAlertRuleGroup({ kind: 'StatefulSet', namespace: 'n', name: 's', routing }),
  mysqlAlertRuleGroup({ namespace: 'n', statefulSetName: 's', routing }),
].flatMap((group) => group.rules.map((rule) => rule.alert)));

describe('lib/observability/README.md', () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'lib', 'observability', 'README.md'), 'utf8');
  test.each([...ALL_ALERTS])('documents %s: what it means and the first thing to do', (alert) => {
    expect(readme).toMatch(new RegExp(`^\\| [^\\n]*\`${alert}\`[^\\n]*\\|[^|\\n]+\\|[^|\\n]+\\|[^|\\n]+\\|$`, 'm'));
  });
});
