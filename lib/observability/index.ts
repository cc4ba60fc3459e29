// Alerts, scrape contracts and dashboards derived from what each construct declares.
export * from './rules';
export * from './promql';
export * from './cronjob-alerts';
export * from './election-windows';
export * from './feed-metrics';
export * from './feed-alerts';
export * from './volume-alerts';
export * from './workload-alerts';
export * from './mysql-alerts';
export * from './dashboards';
export * from './monitors';
export * from './objects';
