/** The results feed's dashboard: how old the public results are, how runs end, who signs. */
import { FEED_METRICS } from '../feed-metrics';
import { matchers } from '../promql';
import { DashboardSpec } from './grafana';

export interface FeedDashboardOptions {
  readonly uid: string;
  readonly namespace: string;
  readonly cronJobName: string;
  readonly micrositeName: string;
}

export function feedDashboard(options: FeedDashboardOptions): DashboardSpec {
  const { namespace, cronJobName, micrositeName } = options;
  const feed = matchers({ namespace });
  const cronJob = matchers({ namespace, cronjob: cronJobName });
  const deployment = matchers({ namespace, deployment: micrositeName });
  return {
    uid: options.uid,
    title: `Electoral feed (${namespace})`,
    tags: ['electoral-feed', namespace],
    panels: [
      {
        title: 'Age of the published results',
        type: 'stat',
        unit: 's',
        description: 'Now minus signed_at of the live file: grows when the source freezes or the collector stops.',
        targets: [{ expr: `time() - max(${FEED_METRICS.publishedSignedAt}${feed})` }],
      },
      {
        title: 'Age of the published results over time',
        type: 'timeseries',
        unit: 's',
        targets: [
          { expr: `time() - max(${FEED_METRICS.publishedSignedAt}${feed})`, legend: 'signed_at' },
          { expr: `time() - max(${FEED_METRICS.lastPublish}${feed})`, legend: 'last publish' },
        ],
      },
      {
        title: 'Runs by result',
        type: 'timeseries',
        description: 'Runs ending per hour, by result (success, unchanged, failure).',
        targets: [{
          expr: `sum by (result) (changes(${FEED_METRICS.stageLastRun}${matchers({ namespace, stage: 'run' })}[1h]))`,
          legend: '{{result}}',
        }],
      },
      {
        title: 'Last run of each stage',
        type: 'table',
        unit: 'dateTimeAsIso',
        targets: [{ expr: `max by (stage, result) (${FEED_METRICS.stageLastRun}${feed}) * 1000` }],
      },
      {
        title: 'Signer of the published results',
        type: 'table',
        targets: [{ expr: `max by (fingerprint) (${FEED_METRICS.signerInfo}${feed})` }],
      },
      {
        title: 'Collector: time since the last successful run',
        type: 'timeseries',
        unit: 's',
        targets: [
          { expr: `time() - max(kube_cronjob_status_last_successful_time${cronJob})`, legend: 'since last success' },
          { expr: `max(kube_cronjob_spec_suspend${cronJob})`, legend: 'suspended' },
        ],
      },
      {
        title: 'Microsite replicas',
        type: 'timeseries',
        targets: [
          { expr: `max(kube_deployment_status_replicas_available${deployment})`, legend: 'available' },
          { expr: `max(kube_deployment_spec_replicas${deployment})`, legend: 'desired' },
        ],
      },
    ],
  };
}
