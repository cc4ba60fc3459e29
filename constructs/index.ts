export * from './secure-cron-job';
export * from './hardened-ingress';
export * from './electoral-feed';
export * from './task-manager';
export * from './cloudedu-access-roles';
