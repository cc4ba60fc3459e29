/**
 * How an environment delivers the Secrets its workloads read (the `secrets` part of an environment
 * config) and whether Stakater Reloader restarts workloads when they change. Plain data, checked
 * by `secretsDeliveryProblems`.
 */
import { dnsSubdomainProblem } from '../validate';
import { SEALING_SCOPES, SealingScope } from './sealing';

/** An External Secrets Operator `ClusterSecretStore` holds the values (Vault, a cloud secret manager). */
export interface ExternalSecretsDelivery {
  readonly delivery: 'external-secrets';
  readonly store: {
    /** The ClusterSecretStore's name; the cluster admin creates it (and its credentials) before Argo CD syncs. */
    readonly name: string;
    /**
     * Prepended to `<namespace>/<secret name>` to form each remote key; each Secret key is a
     * property of that remote secret. E.g. `platform/prod/` gives `platform/prod/electoral/electoral-feed-api`.
     */
    readonly remoteKeyPrefix: string;
  };
  /** How often the operator re-reads the store (a Go duration such as `15m` or `1h`). */
  readonly refreshInterval: string;
}

/** The Sealed Secrets controller unseals values encrypted for its certificate and committed to git. */
export interface SealedSecretsDelivery {
  readonly delivery: 'sealed-secrets';
  /** The controller's public certificate (PEM), relative to the repository root. */
  readonly certificateFile: string;
  /** The sealed values `npm run seal` writes (JSON), relative to the repository root. */
  readonly valuesFile: string;
  /** Where a sealed value may be unsealed; `strict` binds it to its namespace and Secret name. */
  readonly scope: SealingScope;
}

export type SecretsDeliveryConfig = ExternalSecretsDelivery | SealedSecretsDelivery;

/** Go's time.ParseDuration units that make sense for a refresh interval. */
const GO_DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const MIN_REFRESH_SECONDS = 60;
const MAX_REFRESH_SECONDS = 24 * 3600;

/** Seconds in a Go duration made of h, m and s parts (`1h30m`), or undefined. */
export function goDurationSeconds(text: string): number | undefined {
  const match = GO_DURATION.exec(text);
  if (!match || text === '') return undefined;
  const [hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  return hours * 3600 + minutes * 60 + seconds;
}

/** Every problem of a delivery config, as [field under `secrets`, what is expected]. */
export function secretsDeliveryProblems(config: SecretsDeliveryConfig): [string, string][] {
  const problems: [string, string][] = [];
  if (config.delivery === 'external-secrets') {
    const nameProblem = dnsSubdomainProblem(config.store.name);
    if (nameProblem) problems.push(['store.name', `the ClusterSecretStore name ${nameProblem}`]);
    if (!/^[A-Za-z0-9_./-]*$/.test(config.store.remoteKeyPrefix) || config.store.remoteKeyPrefix.startsWith('/')) {
      problems.push(['store.remoteKeyPrefix', 'a relative key path such as "platform/prod/" (letters, digits, "_", ".", "-", "/")']);
    }
    const seconds = goDurationSeconds(config.refreshInterval);
    if (seconds === undefined || seconds < MIN_REFRESH_SECONDS || seconds > MAX_REFRESH_SECONDS) {
      problems.push(['refreshInterval', 'a Go duration from 1m to 24h such as "15m" or "1h" (0 would never refresh)']);
    }
  } else if (config.delivery === 'sealed-secrets') {
    for (const field of ['certificateFile', 'valuesFile'] as const) {
      const path = config[field];
      if (path === '' || path.startsWith('/') || path.split('/').includes('..')) {
        problems.push([field, 'a path inside the repository, relative to its root']);
      }
    }
    if (!config.certificateFile.endsWith('.pem')) problems.push(['certificateFile', 'the controller\'s certificate as a .pem file']);
    if (!config.valuesFile.endsWith('.json')) problems.push(['valuesFile', 'a .json file written by `npm run seal`']);
    if (!SEALING_SCOPES.includes(config.scope)) problems.push(['scope', SEALING_SCOPES.join(', ')]);
  } else {
    problems.push(['delivery', '"external-secrets" or "sealed-secrets"']);
  }
  return problems;
}
