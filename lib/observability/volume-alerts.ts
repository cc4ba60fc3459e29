/** Alerts on PersistentVolumeClaims filling up, from the kubelet's volume statistics. */
import { matchers, regexLiteral } from './promql';
import { AlertRouting, PrometheusAlertRule, routedAlert } from './rules';

/** A claim by name, or the claims a StatefulSet makes from a volumeClaimTemplate (`<template>-<statefulset>-<ordinal>`). */
export type ClaimSelector = { readonly claimName: string } | { readonly template: string; readonly statefulSet: string };

const USED_SHARE = 0.8;
const PREDICTION_HOURS = 24;

export function claimNamePattern(claim: ClaimSelector): string {
  return 'claimName' in claim ? regexLiteral(claim.claimName) : `${regexLiteral(claim.template)}-${regexLiteral(claim.statefulSet)}-[0-9]+`;
}

export interface VolumeAlertOptions {
  readonly namespace: string;
  readonly claims: readonly ClaimSelector[];
  readonly routing: AlertRouting;
  /** The object the claims belong to, for the summary (e.g. `StatefulSet tasks/mysql`). */
  readonly owner: string;
  /** Labels naming that object (e.g. `{ statefulset: 'mysql' }`): two owners' rules stay distinct. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * `VolumeFillingUp` (warning): a claim is more than 80 % full; `VolumeFullIn24Hours` (critical):
 * at the rate of the last 6 hours it is full within a day. No rules when there are no claims.
 */
export function volumeAlertRules(options: VolumeAlertOptions): PrometheusAlertRule[] {
  if (options.claims.length === 0) return [];
  const { namespace, routing, owner } = options;
  const claims = matchers({ namespace }, { persistentvolumeclaim: options.claims.map(claimNamePattern).join('|') });
  const by = 'namespace, persistentvolumeclaim';
  const summaryObject = `PersistentVolumeClaim ${namespace}/{{ $labels.persistentvolumeclaim }} (${owner})`;
  return [
    routedAlert(routing, {
      alert: 'VolumeFillingUp',
      expr: `max by (${by}) (kubelet_volume_stats_used_bytes${claims})\n` +
        `  / on (${by}) max by (${by}) (kubelet_volume_stats_capacity_bytes${claims})\n  > ${USED_SHARE}`,
      for: '5m',
      severity: 'warning',
      summary: `${summaryObject} is more than ${USED_SHARE * 100} % full`,
      description: 'Free space or expand the claim (its StorageClass must allow expansion) before the application fails to write.',
      labels: { ...options.labels },
    }),
    routedAlert(routing, {
      alert: `VolumeFullIn${PREDICTION_HOURS}Hours`,
      expr: `max by (${by}) (predict_linear(kubelet_volume_stats_available_bytes${claims}[6h], ${PREDICTION_HOURS * 3600})) < 0`,
      for: '1h',
      severity: 'critical',
      summary: `${summaryObject} will be full within ${PREDICTION_HOURS} hours at its current rate`,
      description: 'The volume fills steadily. Find what writes (logs, backups kept too long, a runaway table) and expand the claim now.',
      labels: { ...options.labels },
    }),
  ];
}
