export { TaskManagerStack } from './stack';
export { WEB_SERVICE_PORT } from './props';
export type { DatabaseSecretKeys, TaskManagerAutoscaling, TaskManagerStackProps } from './props';
