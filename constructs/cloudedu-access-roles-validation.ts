/**
 * CloudEduAccessRoles emits two ClusterRoles of fixed names: a second instance in one app would
 * emit the same cluster-wide objects again. Refused naming the first instance's path.
 */
import type { IConstruct } from 'constructs';
import { claimObjectName } from '../lib/validate';

export function checkAccessRolesUnique(scope: IConstruct, adminRoleName: string, developerRoleName: string): void {
  claimObjectName(scope, 'adminRoleName', 'ClusterRole', undefined, adminRoleName);
  claimObjectName(scope, 'developerRoleName', 'ClusterRole', undefined, developerRoleName);
}
