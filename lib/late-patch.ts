import { ApiObject, JsonPatch } from 'cdk8s';

/**
 * JSON patches applied after the object's L1 class has rendered it. cdk8s applies `addJsonPatch`
 * patches before the L1 class maps the object to its schema, and cdk8s-plus-28's L1 classes know
 * the Kubernetes 1.28 API: a newer field (the preStop `sleep` action, 1.29+) is silently dropped.
 * Use only for fields the target clusters serve (environments/validate.ts checks their versions).
 */
export function addLatePatch(apiObject: ApiObject, ...patches: JsonPatch[]): void {
  const render = apiObject.toJson.bind(apiObject);
  apiObject.toJson = () => JsonPatch.apply(render(), ...patches);
}
