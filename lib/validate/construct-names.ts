import { Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { propError } from '../errors';
import { requireDnsLabel } from './names';

/**
 * The `metadata.name` a construct gives its main object: the `name` prop, else the construct id
 * lowercased; an RFC 1123 label short enough for the suffixes the construct appends.
 */
export function constructName(scope: IConstruct, explicit: string | undefined, max: number): string {
  return requireDnsLabel(scope, 'name', explicit ?? scope.node.id.toLowerCase(), 'a name', max);
}

/**
 * The namespace a construct's objects live in: the `namespace` prop, else its Chart's. `whyNeeded`
 * ends the error when neither is set (what in the construct names the namespace).
 */
export function constructNamespace(scope: IConstruct, explicit: string | undefined, whyNeeded: string): string {
  const namespace = explicit ?? Chart.of(scope).namespace;
  if (namespace === undefined) throw propError(scope, 'namespace', namespace, `a namespace (or a Chart with one): ${whyNeeded}`);
  return requireDnsLabel(scope, 'namespace', namespace, 'a namespace');
}
