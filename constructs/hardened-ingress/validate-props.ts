/**
 * The HardenedIngress checks that need other constructs: no second HardenedIngress of the same name
 * in the same namespace (their Ingress, routes and middlewares would be the same objects). Every
 * other prop is judged by the constructor's validate* steps and SecurityHeaders.problems().
 */
import type { IConstruct } from 'constructs';
import { claimObjectName } from '../../lib/validate';

export function checkHardenedIngressProps(scope: IConstruct, name: string, namespace: string): void {
  claimObjectName(scope, 'name', 'HardenedIngress', namespace, name);
}
