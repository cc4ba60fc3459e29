/**
 * One environment's bootstrap as a cdktf stack: what must exist in its cluster before Argo CD can
 * sync `dist/<env>`. Only the provider resource classes used here are loaded (deep imports): the
 * whole @cdktf/provider-kubernetes package takes seconds and hundreds of MB to load.
 */
import { ITerraformDependable, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LimitRangeV1 } from '@cdktf/provider-kubernetes/lib/limit-range-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ResourceQuotaV1 } from '@cdktf/provider-kubernetes/lib/resource-quota-v1';
import type { BootstrapEnvironment } from './types';
import { applicationManifest, appProjectManifest } from './argocd';
import { addBackend, relativePath } from './backend';
import { DistInventory } from './inventory';
import { containerLimitRange, quotaHard } from './limits';

/** Names of the per-namespace objects the bootstrap creates. */
export const QUOTA_NAME = 'namespace-quota';
export const LIMIT_RANGE_NAME = 'container-limits';

/** The Pod Security Standard every namespace enforces, audits and warns on. */
export const POD_SECURITY_LEVEL = 'restricted';

export interface BootstrapStackProps {
  readonly env: BootstrapEnvironment;
  /** What `dist/<env>` contains (see `inventoryOf`). */
  readonly inventory: DistInventory;
}

/**
 * Terraform addresses are the state's keys, so they are set explicitly and keyed by the
 * `NamespacesConfig` field, not by the namespace name: renaming a namespace in an environment file
 * then plans a replacement of the same address, which `prevent_destroy` stops, instead of a silent
 * destroy of the old address (with every volume in it) and a create of a new one.
 */
export class BootstrapStack extends TerraformStack {
  public readonly namespaces: readonly NamespaceV1[];
  public readonly appProject: Manifest;
  public readonly application: Manifest;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    const { env, inventory } = props;

    addBackend(this, env);
    new KubernetesProvider(this, 'kubernetes', {
      configPath: relativePath(env, 'cluster.kubeconfigPath', env.cluster.kubeconfigPath),
      configContext: env.cluster.kubeContext,
    });

    const hard = quotaHard(env);
    const limits = containerLimitRange(env, inventory);
    const namespaces: NamespaceV1[] = [];
    const dependencies: ITerraformDependable[] = [];
    for (const key of Object.keys(env.namespaces).sort() ) {
      const name = env.namespaces[key];
      const suffix = snakeCase(key);
      const namespace = new NamespaceV1(this, `namespace-${key}`, {
        metadata: { name, labels: namespaceLabels(env) },
        // Deleting a namespace deletes every object and volume in it: Terraform must refuse.
        lifecycle: { preventDestroy: true },
      });
      namespace.overrideLogicalId(`namespace_${suffix}`);
      const quota = new ResourceQuotaV1(this, `quota-${key}`, {
        metadata: { name: QUOTA_NAME, namespace: name, labels: managedBy() },
        spec: { hard: { ...hard } },
        dependsOn: [namespace],
      });
      quota.overrideLogicalId(`resource_quota_${suffix}`);
      const limitRange = new LimitRangeV1(this, `limits-${key}`, {
        metadata: { name: LIMIT_RANGE_NAME, namespace: name, labels: managedBy() },
        spec: {
          limit: [{ type: 'Container', default: { ...limits.default }, defaultRequest: { ...limits.defaultRequest }, max: { ...limits.max } }],
        },
        dependsOn: [namespace],
      });
      limitRange.overrideLogicalId(`limit_range_${suffix}`);
      namespaces.push(namespace);
      dependencies.push(namespace, quota, limitRange);
    }
    this.namespaces = namespaces;

    // kubernetes_manifest needs the Argo CD CRDs at plan time: Argo CD is installed first.
    this.appProject = new Manifest(this, 'argocd-project', { manifest: appProjectManifest(env, inventory) });
    this.appProject.overrideLogicalId('argocd_project');
    // The Application comes last: with automated sync it deploys as soon as it exists, so the
    // namespaces, their quotas and limit ranges, and its project must already be there.
    this.application = new Manifest(this, 'argocd-application', {
      manifest: applicationManifest(env),
      dependsOn: [...dependencies, this.appProject],
    });
    this.application.overrideLogicalId('argocd_application');
  }
}

/** Pod Security admission labels pinned to the cluster's version, plus who manages the namespace. */
export function namespaceLabels(env: BootstrapEnvironment): Record<string, string> {
  const version = `v${env.cluster.kubernetesVersion}`;
  const labels: Record<string, string> = {};
  for (const mode of ['enforce', 'audit', 'warn']) {
    labels[`pod-security.kubernetes.io/${mode}`] = POD_SECURITY_LEVEL;
    labels[`pod-security.kubernetes.io/${mode}-version`] = version;
  }
  return { ...labels, ...managedBy() };
}

function managedBy(): Record<string, string> {
  return { 'app.kubernetes.io/managed-by': 'terraform' };
}

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
