export * from './secure-cron-job';
