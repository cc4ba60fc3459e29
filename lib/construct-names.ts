import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { propError } from './errors';
import { dnsLabelProblem } from './names';

/**
 * The `metadata.name` a construct gives its main object: the `name` prop, else the construct id
 * lowercased; an RFC 1123 label short enough for the suffixes the construct appends.
 */
export function constructName(scope: IConstruct, explicit: string | undefined, max: number): string {
  const name = explicit ?? scope.node.id.toLowerCase();
  const problem = dnsLabelProblem(name, max);
  if (problem) throw propError(scope, 'name', name, `a name that ${problem}`);
  return name;
}

/**
 * The namespace a construct's objects live in: the `namespace` prop, else its Chart's. `whyNeeded`
 * ends the error when neither is set (what in the construct names the namespace).
 */
export function constructNamespace(scope: IConstruct, explicit: string | undefined, whyNeeded: string): string {
  const namespace = explicit ?? Chart.of(scope).namespace;
  if (namespace === undefined) throw propError(scope, 'namespace', namespace, `a namespace (or a Chart with one): ${whyNeeded}`);
  const problem = dnsLabelProblem(namespace);
  if (problem) throw propError(scope, 'namespace', namespace, `a namespace that ${problem}`);
  return namespace;
}
