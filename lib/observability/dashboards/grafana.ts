/**
 * Grafana dashboards as data: a small spec (panels and their PromQL) turned into Grafana's JSON
 * model, and into the ConfigMap that kube-prometheus-stack's Grafana sidecar loads (it watches
 * ConfigMaps labelled `grafana_dashboard: "1"`).
 */

export interface PanelTarget {
  readonly expr: string;
  /** Legend, with Grafana's `{{label}}` placeholders. @default the series labels */
  readonly legend?: string;
}

export interface PanelSpec {
  readonly title: string;
  readonly type: 'timeseries' | 'stat' | 'table';
  /** Grafana unit id: `s`, `bytes`, `percentunit`, `short`, `dateTimeAsIso`, ... @default 'short' */
  readonly unit?: string;
  readonly description?: string;
  readonly targets: readonly PanelTarget[];
}

export interface DashboardSpec {
  /** Stable id (Grafana keeps links and stars by it): a DNS label of at most 40 characters. */
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly panels: readonly PanelSpec[];
}

/** The label the Grafana sidecar of kube-prometheus-stack selects dashboards by (its default). */
export const GRAFANA_DASHBOARD_LABEL: Readonly<Record<string, string>> = { grafana_dashboard: '1' };

/** Grafana's dashboard schema version the JSON is written for (Grafana 10 and 11 read it as is). */
const SCHEMA_VERSION = 39;
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
const PANEL_WIDTH = 12;
const PANEL_HEIGHT = 8;

/** Grafana's JSON model of the dashboard: two panels a row, every query against the `$datasource` variable. */
export function grafanaDashboard(spec: DashboardSpec): Record<string, unknown> {
  // The uid also names the ConfigMap, so it must be a DNS label as well as a Grafana uid.
  if (!/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/.test(spec.uid)) {
    throw new Error(`dashboard uid "${spec.uid}": 1 to 40 lowercase letters, digits or "-"`);
  }
  if (spec.panels.length === 0) throw new Error(`dashboard ${spec.uid} has no panels`);
  const panels = spec.panels.map((panel, index) => {
    if (panel.targets.length === 0) throw new Error(`dashboard ${spec.uid}: panel "${panel.title}" has no query`);
    return {
      id: index + 1,
      type: panel.type,
      title: panel.title,
      ...(panel.description ? { description: panel.description } : {}),
      datasource: DATASOURCE,
      gridPos: { x: (index % 2) * PANEL_WIDTH, y: Math.floor(index / 2) * PANEL_HEIGHT, w: PANEL_WIDTH, h: PANEL_HEIGHT },
      fieldConfig: { defaults: { unit: panel.unit ?? 'short' }, overrides: [] },
      options: {},
      targets: panel.targets.map((target, t) => ({
        refId: String.fromCharCode(65 + t),
        datasource: DATASOURCE,
        expr: target.expr,
        ...(target.legend ? { legendFormat: target.legend } : {}),
        ...(panel.type === 'table' ? { format: 'table', instant: true } : {}),
      })),
    };
  });
  return {
    uid: spec.uid,
    title: spec.title,
    tags: [...spec.tags],
    editable: false,
    schemaVersion: SCHEMA_VERSION,
    time: { from: 'now-24h', to: 'now' },
    refresh: '1m',
    templating: {
      list: [{ name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {}, hide: 0 }],
    },
    panels,
  };
}

/** The dashboard's JSON text, as stored in the ConfigMap. */
export function dashboardJson(spec: DashboardSpec): string {
  return `${JSON.stringify(grafanaDashboard(spec), null, 2)}\n`;
}

/** Every query expression in a dashboard's JSON model (panels nested in rows included). */
export function panelExpressions(model: unknown): string[] {
  const found: string[] = [];
  const visit = (panels: unknown): void => {
    if (!Array.isArray(panels)) return;
    for (const panel of panels as { targets?: { expr?: unknown }[]; panels?: unknown }[]) {
      for (const target of panel.targets ?? []) if (typeof target.expr === 'string') found.push(target.expr);
      visit(panel.panels);
    }
  };
  visit((model as { panels?: unknown }).panels);
  return found;
}

/** What a dashboard ConfigMap holds: its name, the sidecar's label and one `<uid>.json` file. */
export interface DashboardConfigMapData {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly data: Readonly<Record<string, string>>;
}

export function dashboardConfigMap(spec: DashboardSpec): DashboardConfigMapData {
  return { name: `${spec.uid}-dashboard`, labels: GRAFANA_DASHBOARD_LABEL, data: { [`${spec.uid}.json`]: dashboardJson(spec) } };
}
