/** An image that changes: each container (init containers too) whose image differs, with both digests. */
import { asArray, asObject, asString } from '../../policy/json';
import { podSpecOf } from './pods';
import { RiskRule, riskOf } from './types';

const RULE = 'image-changes';

export const imageChanges: RiskRule = {
  id: RULE,
  summary: 'a container runs a different image (old and new digest)',
  assess(change) {
    if (change.action !== 'changed') return [];
    const before = imagesOf(podSpecOf(change.before));
    const after = imagesOf(podSpecOf(change.after));
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
function imagesOf(podSpec: Record<string, unknown> | undefined): Map<string, string> {
  const images = new Map<string, string>();
  for (const [field, prefix] of [
    ['containers', 'container '],
    ['initContainers', 'init container '],
    ['ephemeralContainers', 'ephemeral container '],
  ] as const) {
    for (const container of asArray(podSpec?.[field])) {
      const parsed = asObject(container);
      const image = asString(parsed?.image);
      if (image !== undefined) images.set(`${prefix}${asString(parsed?.name) ?? '?'}`, image);
    }
  }
  return images;
}

/** `repo@sha256:...` as is; a tag-only reference says it has no digest. */
function describe(image: string): string {
  return image.includes('@') ? image : `${image} (no digest)`;
}
