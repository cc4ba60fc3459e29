/** The stable JSON output of `npm run diff -- --format json` (documented in the README). */
import { DiffReport } from './report';

/** Bumped on any incompatible change of the shape. */
export const DIFF_JSON_VERSION = 1;

export function renderJson(report: DiffReport): string {
  const output = {
    version: DIFF_JSON_VERSION,
    base: report.base,
    baseCommit: report.baseCommit,
    environments: report.environments.map((env) => ({
      name: env.name,
      production: env.production,
      changes: env.changes.map((change) => ({
        action: change.action,
        group: change.group,
        kind: change.kind,
        namespace: change.namespace ?? null,
        name: change.name,
        paths: change.paths,
      })),
      risks: env.risks.map((risk) => ({
        rule: risk.rule,
        level: risk.level,
        kind: risk.kind,
        namespace: risk.namespace ?? null,
        name: risk.name,
        message: risk.message,
      })),
      networkPaths: env.network,
    })),
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}
