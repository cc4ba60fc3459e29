/** An image that changes: each container (init containers too) whose image differs, with both digests. */
import { asString } from '../../policy/json';
import { ContainerListField, containersOf, podSpecsOf } from '../../policy/pod-specs';
import { Manifest } from '../../policy/types';
import { RiskRule, riskOf } from './types';

const RULE = 'image-changes';

export const imageChanges: RiskRule = {
  id: RULE,
  summary: 'a container runs a different image (old and new digest)',
  assess(change) {
    if (change.action !== 'changed') return [];
    const before = imagesOf(change.before);
    const after = imagesOf(change.after);
    const risks = [];
    for (const [container, image] of after) {
      const old = before.get(container);
      if (old === image) continue;
      const message =
        old === undefined ? `new ${container} runs ${image}` : `${container} image changes: ${describe(old)} -> ${describe(image)}`;
      risks.push(riskOf(change, RULE, 'medium', message));
    }
    return risks;
  },
};

/** Images by container, keyed `container <name>` (`init container <name>`, ...). */
function imagesOf(manifest: Manifest | undefined): Map<string, string> {
  const images = new Map<string, string>();
  for (const pod of manifest ? podSpecsOf(manifest) : []) {
    for (const { container, field, name } of containersOf(pod.spec, pod.path)) {
      const image = asString(container.image);
      if (image !== undefined) images.set(`${CONTAINER_KINDS[field]} ${name}`, image);
    }
  }
  return images;
}

const CONTAINER_KINDS: Readonly<Record<ContainerListField, string>> = {
  containers: 'container',
  initContainers: 'init container',
  ephemeralContainers: 'ephemeral container',
};

/** `repo@sha256:...` as is; a tag-only reference says it has no digest. */
function describe(image: string): string {
  return image.includes('@') ? image : `${image} (no digest)`;
}
