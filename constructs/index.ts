export * from './secure-cron-job';
export * from './hardened-ingress';
