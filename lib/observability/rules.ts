/**
 * The shape of Prometheus alerting rules as the Prometheus operator's PrometheusRule carries them,
 * and the one place that gives every alert the labels and annotations Alertmanager routes on.
 */

export type Severity = 'critical' | 'warning';

export interface PrometheusAlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

export interface PrometheusRuleGroup {
  readonly name: string;
  readonly rules: PrometheusAlertRule[];
}

/** Who gets the alert and where they start: taken from the construct's owner and runbook URL. */
export interface AlertRouting {
  /** The owning team (the construct's `owner`); Alertmanager routes on the `team` label. */
  readonly team: string;
  /** The construct's runbook URL. */
  readonly runbookUrl: string;
}

export interface AlertDefinition {
  readonly alert: string;
  readonly expr: string;
  /** How long the condition must hold, as a Prometheus duration. */
  readonly for: string;
  readonly severity: Severity;
  /** One line naming the namespace and the object (Go templates such as `{{ $labels.pod }}` allowed). */
  readonly summary: string;
  /** What it means and the first thing to do. */
  readonly description: string;
  /** Extra labels, e.g. the object the alert is about when the series do not carry it. */
  readonly labels?: Record<string, string>;
}

/** An alerting rule with the routing labels (`severity`, `team`) and annotations (`summary`, `runbook_url`). */
export function routedAlert(routing: AlertRouting, definition: AlertDefinition): PrometheusAlertRule {
  if (routing.team === '') throw new Error(`alert ${definition.alert}: the routing team is empty`);
  if (!/^https?:\/\//.test(routing.runbookUrl)) {
    throw new Error(`alert ${definition.alert}: runbook URL "${routing.runbookUrl}" is not an http(s) URL`);
  }
  return {
    alert: definition.alert,
    expr: definition.expr,
    for: definition.for,
    labels: { severity: definition.severity, team: routing.team, ...definition.labels },
    annotations: { summary: definition.summary, description: definition.description, runbook_url: routing.runbookUrl },
  };
}

/**
 * How long a condition that depends on scraped values must hold before it alerts: a change reaches
 * Prometheus one scrape (30 s to 1 min in kube-prometheus-stack) after it happened, and a rule sees
 * it one evaluation later.
 */
export const SCRAPE_DELAY = '2m';
