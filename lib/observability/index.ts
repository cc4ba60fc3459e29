// Alerts, scrape contracts and dashboards derived from what each construct declares.
export * from './rules';
export * from './promql';
export * from './cronjob-alerts';
