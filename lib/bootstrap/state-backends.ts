/**
 * Where a bootstrap stack keeps its Terraform state: the kinds an environment may choose. Plain
 * types (no cdktf), so that environments/ can name them without loading cdktf.
 *
 * The state of a cluster's bootstrap must outlive that cluster: only a development environment
 * may keep it in a local file (or in the cluster itself); every other environment names a remote
 * store outside the cluster (S3, GCS or Azure Blob Storage). See docs/bootstrap.md for moving
 * existing state.
 */

/** State in a local file, relative to the stack folder: development only. */
export interface LocalStateBackend {
  readonly kind: 'local';
  readonly path: string;
}

/** State in a Secret of the bootstrapped cluster itself, locked with a Lease: lost with the cluster. */
export interface KubernetesStateBackend {
  readonly kind: 'kubernetes';
  readonly secretSuffix: string;
  readonly namespace: string;
}

/** State in an S3 bucket: server-side encrypted, versioned by the bucket, locked. */
export interface S3StateBackend {
  readonly kind: 's3';
  readonly bucket: string;
  /** Object key of the state, e.g. `bootstrap/prod.tfstate`. */
  readonly key: string;
  readonly region: string;
  /**
   * How concurrent runs are locked: `lockfile` (an S3 lock object, Terraform 1.10 and later) or
   * the name of a DynamoDB table (older Terraform; deprecated upstream since 1.11).
   */
  readonly lock: { readonly lockfile: true } | { readonly dynamodbTable: string };
  /** KMS key for server-side encryption. @default the bucket's default encryption key (SSE-S3) */
  readonly kmsKeyId?: string;
}

/** State in a Google Cloud Storage bucket (locked by the backend itself). */
export interface GcsStateBackend {
  readonly kind: 'gcs';
  readonly bucket: string;
  /** Folder of the state in the bucket, e.g. `bootstrap/prod`. */
  readonly prefix: string;
}

/** State in an Azure Blob Storage container (locked with a blob lease). */
export interface AzurermStateBackend {
  readonly kind: 'azurerm';
  readonly resourceGroupName: string;
  readonly storageAccountName: string;
  readonly containerName: string;
  /** Blob name of the state, e.g. `bootstrap/prod.tfstate`. */
  readonly key: string;
}

export type StateBackendConfig = LocalStateBackend | KubernetesStateBackend | S3StateBackend | GcsStateBackend | AzurermStateBackend;

/** Backend kinds whose state lives outside the cluster the stack bootstraps (and outside this machine). */
export const REMOTE_STATE_KINDS: readonly StateBackendConfig['kind'][] = ['s3', 'gcs', 'azurerm'];
