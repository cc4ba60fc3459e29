/** What our objects tell Argo CD, which syncs dist/<env>. */

export const ARGOCD_SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';

/**
 * On a claim of data (a database volume, published results, backups): Argo CD must neither prune
 * it when it leaves dist/ nor delete it with the Application.
 */
export const KEEP_DATA_ANNOTATIONS: Readonly<Record<string, string>> = { [ARGOCD_SYNC_OPTIONS_ANNOTATION]: 'Prune=false,Delete=false' };
