/**
 * A Pod Security Standards control (one row of the standard's tables) and how it becomes a policy
 * rule. Controls judge one pod spec; the rule finds the pod specs in any workload kind.
 */
import { PodSpecLocation, podSpecsOf } from '../../pod-specs';
import { Rule, Violation } from '../../types';
import { K8sVersion, parseK8sVersion } from './version';

export interface PssControl {
  /** Kebab-case control name; the rule id is `<pack>/<name>`. */
  readonly name: string;
  readonly rationale: string;
  readonly fix: string;
  /** Violations of one pod spec at the target version (empty where the control does not apply). */
  check(pod: PodSpecLocation, version: K8sVersion): Violation[];
}

export type PssPackName = 'pss-baseline' | 'pss-restricted';

export function pssRule(pack: PssPackName, control: PssControl): Rule {
  return {
    id: `${pack}/${control.name}`,
    pack,
    severity: 'error',
    rationale: control.rationale,
    fix: control.fix,
    check(ctx) {
      const version = parseK8sVersion(ctx.k8sVersion);
      return podSpecsOf(ctx.entry.manifest).flatMap((pod) => control.check(pod, version));
    },
  };
}
