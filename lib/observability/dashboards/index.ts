export * from './grafana';
export * from './feed-dashboard';
export * from './task-manager-dashboard';
export * from './platform-jobs-dashboard';
