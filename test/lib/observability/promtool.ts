/**
 * Runs the real Prometheus rule engine over generated rule groups: `promtool check rules` (the
 * PromQL parses, the groups are well formed) and `promtool test rules` (alerts fire over synthetic
 * series exactly when expected). Callers wrap their suites in describeWithTools([tool.promtool]).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as YAML from 'yaml';
import type { PrometheusAlertRule, PrometheusRuleGroup } from '../../../lib/observability';
import { executable } from '../../helpers/system-tools';

type Groups = readonly PrometheusRuleGroup[] | readonly { name: string; rules: readonly unknown[] }[];

function inTempDir<T>(files: Record<string, string>, run: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'observability-promtool-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function promtool(dir: string, args: string[], input?: string): string {
  try {
    return execFileSync(executable('promtool'), args, { cwd: dir, encoding: 'utf8', stdio: 'pipe', input });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    const output = `${failure.stdout ?? ''}${failure.stderr ?? ''}`;
    throw new Error(`promtool ${args.join(' ')} failed:\n${output || failure.message}`);
  }
}

/** `promtool check rules` over the groups, its lint findings (duplicate rules) fatal; returns its output, throws with it on failure. */
export function checkRules(groups: Groups): string {
  return inTempDir({ 'rules.yaml': YAML.stringify({ groups }) }, (dir) => promtool(dir, ['check', 'rules', '--lint-fatal', 'rules.yaml']));
}

/** `promtool check metrics` over an exposition text; returns its output (lint findings), throws on failure. */
export function checkMetrics(text: string): string {
  return inTempDir({}, (dir) => promtool(dir, ['check', 'metrics'], text));
}

/** Checks the groups, then runs `promtool test rules` with `tests` (evaluated every minute). */
export function testRules(groups: Groups, tests: unknown[]): string {
  checkRules(groups);
  const files = {
    'rules.yaml': YAML.stringify({ groups }),
    'tests.yaml': YAML.stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }),
  };
  return inTempDir(files, (dir) => promtool(dir, ['test', 'rules', 'tests.yaml']));
}

/** One input series: `metric{labels}` and promtool's expanding notation (`0+60x10`, `1x30`). */
export function series(metric: string, labels: Record<string, string>, values: string): { series: string; values: string } {
  const text = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  return { series: `${metric}{${text}}`, values };
}

/** The rule named `alert` in the groups (the first, when several share the name). */
export function ruleNamed(groups: readonly PrometheusRuleGroup[], alert: string): PrometheusAlertRule {
  const found = groups.flatMap((group) => group.rules).find((rule) => rule.alert === alert);
  if (!found) throw new Error(`no alert ${alert} in ${groups.map((g) => g.name).join(', ')}`);
  return found;
}

/**
 * What promtool expects for one firing alert: the rule's labels plus those of the series, and its
 * annotations with `{{ $labels.x }}` filled in from them.
 */
export function expectedAlert(
  rule: PrometheusAlertRule,
  seriesLabels: Record<string, string>,
): { exp_labels: Record<string, string>; exp_annotations: Record<string, string> } {
  const labels = { ...seriesLabels, ...rule.labels };
  const fill = (text: string) => text.replace(/\{\{ \$labels\.([a-z_]+) \}\}/g, (_, name: string) => labels[name] ?? '');
  return {
    exp_labels: labels,
    exp_annotations: Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, fill(v)])),
  };
}
