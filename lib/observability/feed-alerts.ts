/**
 * The results feed's own alerts: the age of what the public sees, not whether jobs succeed. A run
 * that succeeds against a frozen source and a CronJob that no longer runs both leave `signed_at`
 * where it was, and `time()` keeps moving, so both fire.
 */
import { durationText } from '../duration-text';
import { ElectionWindow, inElectionWindowExpr } from './election-windows';
import { FEED_METRICS } from './feed-metrics';
import { matchers } from './promql';
import { AlertRouting, PrometheusAlertRule, PrometheusRuleGroup, routedAlert, SCRAPE_DELAY } from './rules';

export interface FeedFreshnessOptions {
  readonly namespace: string;
  /** `metadata.name` of the collector CronJob. */
  readonly cronJobName: string;
  /** `metadata.name` of the microsite Deployment (it serves the metrics). */
  readonly micrositeName: string;
  /** Published results older than this (by their `signed_at`) alert. */
  readonly maxAgeSeconds: number;
  /** When the feed is critical; outside them a stale feed is a warning. */
  readonly electionWindows: readonly ElectionWindow[];
  readonly routing: AlertRouting;
  /**
   * How long the signer-changed warning stays after a change of signing key.
   * @default 86400 (a day, so the next working shift sees it)
   */
  readonly signerChangeWindowSeconds?: number;
}

/**
 * The rule group `<cronjob>.freshness.rules`:
 * - `ElectoralFeedResultsStale`: the live file's `signed_at` is older than maxAgeSeconds, or no
 *   microsite reports it; critical inside an election window, warning outside.
 * - `ElectoralFeedSuspendedInElection` (critical): the collector CronJob is suspended while a
 *   window is open (only when there are windows).
 * - `ElectoralFeedSignerChanged` (warning): more than one signing key within the change window.
 */
export function feedFreshnessRuleGroup(options: FeedFreshnessOptions): PrometheusRuleGroup {
  const { namespace, cronJobName, micrositeName, maxAgeSeconds: maxAge, routing } = options;
  if (!Number.isInteger(maxAge) || maxAge < 60) throw new Error(`feedFreshnessRuleGroup: maxAgeSeconds ${maxAge} must be whole seconds, at least 60`);
  const signerWindow = options.signerChangeWindowSeconds ?? 86_400;
  if (!Number.isInteger(signerWindow) || signerWindow < 60) {
    throw new Error(`feedFreshnessRuleGroup: signerChangeWindowSeconds ${signerWindow} must be whole seconds, at least 60`);
  }
  const inWindow = inElectionWindowExpr(options.electionWindows);
  const feed = matchers({ namespace });
  const age = durationText(maxAge);
  const labels = { cronjob: cronJobName, deployment: micrositeName };
  const stale = [
    `(time() - max by (namespace) (${FEED_METRICS.publishedSignedAt}${feed}) > ${maxAge})`,
    'or',
    `absent(${FEED_METRICS.publishedSignedAt}${feed})`,
  ].join('\n');
  const staleAlert = (severity: 'critical' | 'warning', expr: string, when: string): PrometheusAlertRule => routedAlert(routing, {
    alert: 'ElectoralFeedResultsStale',
    expr,
    for: SCRAPE_DELAY,
    severity,
    summary: `Published results in ${namespace} (microsite ${micrositeName}) are older than ${age} or not reported${when}`,
    description:
      `The results the public sees were signed more than ${age} ago (or no microsite pod reports them). Check the last runs of ` +
      `CronJob ${namespace}/${cronJobName}: "unchanged" means the source itself is frozen (call the publisher); failures or no runs ` +
      'mean the collector is stuck (suspended? failing? see its Jobs).',
    labels,
  });

  const rules: PrometheusAlertRule[] = [];
  if (inWindow === undefined) {
    rules.push(staleAlert('warning', stale, ''));
  } else {
    rules.push(staleAlert('critical', `(\n${indent(stale)}\n)\nand on () (${inWindow})`, ' during an election'));
    rules.push(staleAlert('warning', `(\n${indent(stale)}\n)\nunless on () (${inWindow})`, ''));
    rules.push(routedAlert(routing, {
      alert: 'ElectoralFeedSuspendedInElection',
      expr: `(max by (namespace, cronjob) (kube_cronjob_spec_suspend${matchers({ namespace, cronjob: cronJobName })}) == 1)\nand on () (${inWindow})`,
      for: '0m',
      severity: 'critical',
      summary: `CronJob ${namespace}/${cronJobName} is suspended during an election`,
      description: 'No results are collected while the CronJob is suspended, and an election window is open. Resume it ' +
        `(kubectl patch cronjob ${cronJobName} -n ${namespace} -p '{"spec":{"suspend":false}}') or sync the application.`,
      labels,
    }));
  }
  rules.push(routedAlert(routing, {
    alert: 'ElectoralFeedSignerChanged',
    expr: 'count by (namespace) (count by (namespace, fingerprint) (\n' +
      `  max_over_time(${FEED_METRICS.signerInfo}${feed}[${durationText(signerWindow)}])\n)) > 1`,
    for: '0m',
    severity: 'warning',
    summary: `The signing key of the published results in ${namespace} changed`,
    description: `Within the last ${durationText(signerWindow)} the live file was signed by more than one key. The keyring accepted both, ` +
      'so the publisher (or someone with a key in the keyring) rotated keys: confirm the rotation with the publisher.',
    labels,
  }));
  return { name: `${cronJobName}.freshness.rules`, rules };
}

function indent(text: string): string {
  return text.split('\n').map((line) => `  ${line}`).join('\n');
}
