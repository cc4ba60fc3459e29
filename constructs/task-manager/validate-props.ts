/**
 * The TaskManagerStack props no tier judges on its own before it is used: the backup schedule
 * text, the backup node pool and the backup timeout as whole seconds (each named as the stack's
 * prop, not as the inner SecureCronJob's), and a second stack of the same name in the namespace.
 */
import type { IConstruct } from 'constructs';
import { claimObjectName, requireNodePool, requireSchedule, requireSeconds } from '../../lib/validate';
import type { TaskManagerStackProps } from './props';

export function checkTaskManagerProps(scope: IConstruct, name: string, namespace: string, props: TaskManagerStackProps): void {
  claimObjectName(scope, 'name', 'TaskManagerStack', namespace, name);
  requireSchedule(scope, 'backupSchedule', props.backupSchedule);
  requireSeconds(scope, 'backupTimeout', props.backupTimeout, 0, { min: 1 });
  requireNodePool(scope, 'backupNodePool', props.backupNodePool);
}
