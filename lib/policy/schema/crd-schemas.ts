/**
 * The custom resources we emit and the CRD schema each is checked against (see README.md here for
 * where each schema came from). Each schema is required on first use: the Argo CD Application one
 * alone is 150 kB, and most runs do not contain every kind.
 */
import { StructuralSchema } from './structural';

const LOADERS: Readonly<Record<string, () => StructuralSchema>> = {
  'gateway.networking.k8s.io/v1/HTTPRoute': () => require('./crds/gateway.networking.k8s.io_v1_HTTPRoute.json'),
  'gateway.networking.k8s.io/v1/Gateway': () => require('./crds/gateway.networking.k8s.io_v1_Gateway.json'),
  'traefik.io/v1alpha1/Middleware': () => require('./crds/traefik.io_v1alpha1_Middleware.json'),
  'monitoring.coreos.com/v1/PrometheusRule': () => require('./crds/monitoring.coreos.com_v1_PrometheusRule.json'),
  'monitoring.coreos.com/v1/PodMonitor': () => require('./crds/monitoring.coreos.com_v1_PodMonitor.json'),
  'monitoring.coreos.com/v1/ServiceMonitor': () => require('./crds/monitoring.coreos.com_v1_ServiceMonitor.json'),
  'argoproj.io/v1alpha1/Application': () => require('./crds/argoproj.io_v1alpha1_Application.json'),
  'argoproj.io/v1alpha1/AppProject': () => require('./crds/argoproj.io_v1alpha1_AppProject.json'),
  'external-secrets.io/v1/ExternalSecret': () => require('./crds/external-secrets.io_v1_ExternalSecret.json'),
  'bitnami.com/v1alpha1/SealedSecret': () => require('./crds/bitnami.com_v1alpha1_SealedSecret.json'),
};

/** The CRD schema for `apiVersion`/`kind`, or undefined when we keep none. */
export function crdSchemaFor(apiVersion: string, kind: string): StructuralSchema | undefined {
  const key = `${apiVersion}/${kind}`;
  return Object.prototype.hasOwnProperty.call(LOADERS, key) ? LOADERS[key]() : undefined;
}

