/**
 * Risk rules on planted changes: each starts from an environment's committed objects (what the
 * synth really writes), changes one thing, and checks what is flagged and what is not.
 */
import { Manifest } from '../../../lib/policy/types';
import { find, manifestsOf, nonProduction, production, risksOf } from './fixtures';

const env = nonProduction.name;
const rules = (risks: readonly { rule: string }[]) => risks.map((risk) => risk.rule);

function plant(mutate: (manifests: Manifest[]) => void, environment = env): { before: Manifest[]; after: Manifest[] } {
  const before = manifestsOf(environment);
  const after = manifestsOf(environment);
  mutate(after);
  return { before, after };
}

const hasIpBlockEgress = (manifest: Manifest) =>
  (manifest.spec.egress ?? []).some((rule: any) => (rule.to ?? []).some((peer: any) => peer.ipBlock));
const ipBlockRule = (policy: Manifest) => policy.spec.egress.find((rule: any) => rule.to?.some((peer: any) => peer.ipBlock));

/** An IPv4 /32 as the /16 (or /24) that contains it. */
const widen = (cidr: string, prefix: number) => {
  const octets = cidr.split('/')[0].split('.').map(Number);
  const kept = prefix === 16 ? [octets[0], octets[1], 0, 0] : [octets[0], octets[1], octets[2], 0];
  return `${kept.join('.')}/${prefix}`;
};

describe('no change', () => {
  test('identical object sets carry no risk', () => {
    expect(risksOf(manifestsOf(env), manifestsOf(env))).toEqual([]);
  });
});

describe('network-policy-widens', () => {
  test('a CIDR replaced by a broader one that contains it widens; the message names the new range', () => {
    const { before, after } = plant((m) => {
      const peer = ipBlockRule(find(m, 'NetworkPolicy', hasIpBlockEgress)).to.find((p: any) => p.ipBlock);
      peer.ipBlock.cidr = widen(peer.ipBlock.cidr, 16);
    });
    const risks = risksOf(before, after).filter((risk) => risk.rule === 'network-policy-widens');
    expect(risks).toHaveLength(1);
    expect(risks[0].level).toBe('high');
    expect(risks[0].message).toMatch(/^widens: egress now allows \d+\.\d+\.0\.0\/16 on TCP \d+/);
  });

  test('a /16 narrowed to a /24 inside it does not widen (compared semantically)', () => {
    const base = plant((m) => {
      const peer = ipBlockRule(find(m, 'NetworkPolicy', hasIpBlockEgress)).to.find((p: any) => p.ipBlock);
      peer.ipBlock.cidr = widen(peer.ipBlock.cidr, 16);
    }).after;
    const narrowed = structuredClone(base);
    const peer = ipBlockRule(find(narrowed, 'NetworkPolicy', hasIpBlockEgress)).to.find((p: any) => p.ipBlock);
    peer.ipBlock.cidr = widen(peer.ipBlock.cidr, 24);
    expect(rules(risksOf(base, narrowed))).not.toContain('network-policy-widens');
  });

  test('an except added narrows; removing it again widens', () => {
    const base = plant((m) => {
      const peer = ipBlockRule(find(m, 'NetworkPolicy', hasIpBlockEgress)).to.find((p: any) => p.ipBlock);
      peer.ipBlock.cidr = widen(peer.ipBlock.cidr, 16);
    }).after;
    const excepted = structuredClone(base);
    const peer = ipBlockRule(find(excepted, 'NetworkPolicy', hasIpBlockEgress)).to.find((p: any) => p.ipBlock);
    peer.ipBlock.except = [widen(peer.ipBlock.cidr.replace('/16', '/32'), 24)];
    expect(rules(risksOf(base, excepted))).not.toContain('network-policy-widens');
    expect(rules(risksOf(excepted, base))).toContain('network-policy-widens');
  });

  test('a removed peer does not widen', () => {
    const { before, after } = plant((m) => {
      const policy = find(m, 'NetworkPolicy', hasIpBlockEgress);
      policy.spec.egress = policy.spec.egress.filter((rule: any) => rule !== ipBlockRule(policy));
    });
    expect(rules(risksOf(before, after))).not.toContain('network-policy-widens');
  });

  test('a new port and a new namespace peer widen', () => {
    const { before, after } = plant((m) => {
      const policy = find(m, 'NetworkPolicy', hasIpBlockEgress);
      ipBlockRule(policy).ports.push({ port: 8443, protocol: 'TCP' });
      policy.spec.egress.push({
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
        ports: [{ port: 9090, protocol: 'TCP' }],
      });
    });
    const messages = risksOf(before, after)
      .filter((risk) => risk.rule === 'network-policy-widens')
      .map((risk) => risk.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/on TCP 443, TCP 8443$/),
        'widens: egress now allows every pod of namespace monitoring on TCP 9090',
      ]),
    );
  });

  test('removing the namespace default deny widens when no other policy isolates all its pods; removing a workload policy does not', () => {
    const defaultDeny = (m: Manifest) => m.spec.podSelector && Object.keys(m.spec.podSelector).length === 0;
    const { before, after } = plant((m) => m.splice(m.indexOf(find(m, 'NetworkPolicy', defaultDeny)), 1));
    const risks = risksOf(before, after).filter((risk) => risk.rule === 'network-policy-widens');
    expect(risks.map((risk) => risk.message)).toEqual([
      'removal widens: no remaining policy isolates ingress of the pods it selected, so they accept any ingress traffic',
      'removal widens: no remaining policy isolates egress of the pods it selected, so they accept any egress traffic',
    ]);
    const workloadPolicy = plant((m) => m.splice(m.indexOf(find(m, 'NetworkPolicy', hasIpBlockEgress)), 1));
    expect(rules(risksOf(workloadPolicy.before, workloadPolicy.after))).not.toContain('network-policy-widens');
  });

  test('a new NetworkPolicy with an allow rule is flagged', () => {
    const { before, after } = plant((m) => {
      const copy = structuredClone(find(m, 'NetworkPolicy', hasIpBlockEgress));
      copy.metadata.name = 'extra-egress';
      m.push(copy);
    });
    expect(risksOf(before, after).find((risk) => risk.rule === 'network-policy-widens')?.message).toMatch(
      /^is new and widens: egress now allows/,
    );
  });
});

describe('rbac-widens', () => {
  const role = (m: Manifest[]) => find(m, 'ClusterRole', (r) => (r.rules ?? []).length > 0);

  test('an added verb, a wildcard resource and a dropped resourceNames list widen', () => {
    const { before, after } = plant((m) => {
      const rules = role(m).rules;
      rules[0].verbs = [...rules[0].verbs, 'impersonate'];
      rules.push({ apiGroups: [''], resources: ['*'], verbs: ['get'] });
    });
    const messages = risksOf(before, after)
      .filter((risk) => risk.rule === 'rbac-widens')
      .map((risk) => risk.message);
    expect(messages.join('\n')).toMatch(/widens: impersonate on /);
    expect(messages.join('\n')).toMatch(/get on \* \(group ""\)/);

    const named = plant((m) =>
      role(m).rules.push({ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['update'], resourceNames: ['leader'] }),
    ).after;
    const unnamed = structuredClone(named);
    delete role(unnamed).rules.at(-1).resourceNames;
    expect(
      risksOf(named, unnamed)
        .filter((risk) => risk.rule === 'rbac-widens')
        .map((risk) => risk.message),
    ).toEqual(['widens: update on leases (group "coordination.k8s.io")']);
  });

  test('a removed verb does not widen', () => {
    const { before, after } = plant((m) => {
      const rule = role(m).rules.find((r: any) => r.verbs.length > 1);
      rule.verbs = rule.verbs.slice(1);
    });
    expect(rules(risksOf(before, after))).not.toContain('rbac-widens');
  });

  test('a binding that gains a subject widens', () => {
    const { before, after } = plant((m) =>
      find(m, 'RoleBinding').subjects.push({ kind: 'Group', name: 'contractors', apiGroup: 'rbac.authorization.k8s.io' }),
    );
    expect(risksOf(before, after).find((risk) => risk.rule === 'rbac-widens')?.message).toMatch(
      /^widens: Group contractors now gets ClusterRole /,
    );
  });
});

describe('image-changes', () => {
  test('names the container with the old and the new digest', () => {
    const newDigest = `sha256:${'ab'.repeat(32)}`;
    let old = '';
    const { before, after } = plant((m) => {
      const container = find(m, 'Deployment').spec.template.spec.containers[0];
      old = container.image;
      container.image = `${container.image.split('@')[0]}@${newDigest}`;
    });
    const risk = risksOf(before, after).find((candidate) => candidate.rule === 'image-changes')!;
    expect(risk.level).toBe('medium');
    expect(risk.message).toContain(old.split('@')[1]);
    expect(risk.message).toContain(newDigest);
  });
});

describe('immutable-field', () => {
  test.each([
    [
      'StatefulSet',
      'selector',
      (m: Manifest[]) => (find(m, 'StatefulSet').spec.selector.matchLabels.extra = 'x'),
      '/spec/selector/matchLabels/extra',
    ],
    [
      'StatefulSet',
      'claim template',
      (m: Manifest[]) => (find(m, 'StatefulSet').spec.volumeClaimTemplates[0].spec.storageClassName = 'other'),
      '/spec/volumeClaimTemplates/0/spec/storageClassName',
    ],
    [
      'Deployment',
      'selector',
      (m: Manifest[]) => (find(m, 'Deployment').spec.selector.matchLabels.extra = 'x'),
      '/spec/selector/matchLabels/extra',
    ],
    [
      'PersistentVolumeClaim',
      'class',
      (m: Manifest[]) => (find(m, 'PersistentVolumeClaim').spec.storageClassName = 'other'),
      '/spec/storageClassName',
    ],
    ['Service', 'clusterIP', (m: Manifest[]) => (find(m, 'Service').spec.clusterIP = '10.0.0.10'), '/spec/clusterIP'],
    ['RoleBinding', 'roleRef', (m: Manifest[]) => (find(m, 'RoleBinding').roleRef.name = 'other'), '/roleRef/name'],
  ])('%s %s', (_kind, _field, mutate, path) => {
    const { before, after } = plant(mutate);
    const risk = risksOf(before, after).find((candidate) => candidate.rule === 'immutable-field')!;
    expect(risk.level).toBe('high');
    expect(risk.message).toBe(
      `changes ${path}, which the API server does not update in place: Argo CD's sync fails until the object is deleted and recreated`,
    );
  });

  test('a Job template (a Job of our CronJob, planted as its own object)', () => {
    const job = (image: string): Manifest => {
      const cronJob = find(manifestsOf(env), 'CronJob');
      const spec = structuredClone(cronJob.spec.jobTemplate.spec);
      spec.template.spec.containers[0].image = image;
      return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'one-off', namespace: cronJob.metadata.namespace }, spec };
    };
    expect(risksOf([job('a@sha256:1')], [job('a@sha256:2')]).map((risk) => `${risk.rule} ${risk.message.split(',')[0]}`)).toEqual([
      'immutable-field changes /spec/template/spec/containers/0/image',
      'image-changes container ' + job('x').spec.template.spec.containers[0].name + ' image changes: a@sha256:1 -> a@sha256:2',
    ]);
  });

  test('fields that update in place are not flagged (replicas, template, claim size growth)', () => {
    const { before, after } = plant((m) => {
      find(m, 'StatefulSet').spec.template.metadata.annotations = { touched: 'yes' };
      find(m, 'Deployment').spec.template.metadata.annotations = { touched: 'yes' };
      find(m, 'PersistentVolumeClaim').spec.resources.requests.storage = '1Ti';
    });
    expect(rules(risksOf(before, after))).toEqual([]);
  });
});

describe('pvc-shrinks', () => {
  const claim = (m: Manifest[]) => find(m, 'PersistentVolumeClaim');

  test('a smaller request is flagged with both sizes, quantities compared by value', () => {
    let old = '';
    const { before, after } = plant((m) => {
      old = claim(m).spec.resources.requests.storage;
      claim(m).spec.resources.requests.storage = '1Mi';
    });
    expect(risksOf(before, after).find((risk) => risk.rule === 'pvc-shrinks')?.message).toBe(
      `claim shrinks from ${old} to 1Mi: a bound claim cannot shrink, the apply is rejected`,
    );
    const same = plant((m) => (claim(m).spec.resources.requests.storage = '1Gi')).after;
    const sameInMi = structuredClone(same);
    claim(sameInMi).spec.resources.requests.storage = '1024Mi';
    expect(rules(risksOf(same, sameInMi))).not.toContain('pvc-shrinks');
  });

  test("a StatefulSet's claim template that shrinks", () => {
    const { before, after } = plant((m) => (find(m, 'StatefulSet').spec.volumeClaimTemplates[0].spec.resources.requests.storage = '1Mi'));
    expect(rules(risksOf(before, after))).toEqual(expect.arrayContaining(['pvc-shrinks', 'immutable-field']));
  });
});

describe('data-removed', () => {
  const remove = (kind: string) => plant((m) => m.splice(m.indexOf(find(m, kind)), 1));

  test('a claim Argo CD keeps (Prune=false) is flagged medium with what to do', () => {
    const { before, after } = remove('PersistentVolumeClaim');
    const risk = risksOf(before, after).find((candidate) => candidate.rule === 'data-removed')!;
    expect(risk.level).toBe('medium');
    expect(risk.message).toContain('Prune=false');
  });

  test('a claim Argo CD would prune, a StatefulSet and a Secret are flagged high', () => {
    const { before, after } = plant((m) => {
      const claim = find(m, 'PersistentVolumeClaim');
      delete claim.metadata.annotations['argocd.argoproj.io/sync-options'];
    });
    const pruned = structuredClone(after);
    pruned.splice(pruned.indexOf(find(pruned, 'PersistentVolumeClaim')), 1);
    expect(risksOf(after, pruned).find((risk) => risk.rule === 'data-removed')?.level).toBe('high');
    expect(risksOf(before, after).map((risk) => risk.rule)).not.toContain('data-removed');

    const secret: Manifest = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, type: 'Opaque' };
    expect(risksOf([secret], []).map((risk) => `${risk.rule} ${risk.level}`)).toEqual(['data-removed high']);
    const statefulSet = remove('StatefulSet');
    expect(risksOf(statefulSet.before, statefulSet.after).filter((risk) => risk.rule === 'data-removed')).toHaveLength(1);
  });

  test('a ConfigMap or a Deployment that disappears holds no data', () => {
    for (const kind of ['ConfigMap', 'Deployment']) {
      const { before, after } = remove(kind);
      expect(rules(risksOf(before, after))).not.toContain('data-removed');
    }
  });
});

describe('suppressions', () => {
  test('a suppression annotation added is medium, removed is low; linter exemptions count too', () => {
    const key = 'policy.platform/suppress.network.default-deny';
    const { before, after } = plant((m) => {
      const deployment = find(m, 'Deployment');
      deployment.metadata.annotations = {
        ...deployment.metadata.annotations,
        [key]: 'temporary',
        'polaris.fairwinds.com/hostNetworkSet-exempt': 'true',
      };
    });
    expect(
      risksOf(before, after)
        .filter((risk) => risk.rule === 'suppression-added')
        .map((risk) => `${risk.level} ${risk.message}`),
    ).toEqual(['medium adds Polaris exemption polaris.fairwinds.com/hostNetworkSet-exempt', `medium adds suppression ${key}: "temporary"`]);
    expect(
      risksOf(after, before)
        .filter((risk) => risk.rule === 'suppression-removed')
        .map((risk) => risk.level),
    ).toEqual(['low', 'low']);
  });

  test('an id added to the kube-score list is one suppression', () => {
    const { before, after } = plant((m) => {
      const annotated = find(m, 'Deployment', (d) => d.metadata.annotations?.['kube-score/ignore'] !== undefined);
      annotated.metadata.annotations['kube-score/ignore'] += ',container-resources';
    });
    expect(
      risksOf(before, after)
        .filter((risk) => risk.rule.startsWith('suppression'))
        .map((risk) => risk.message),
    ).toEqual(['adds kube-score exemption container-resources']);
  });
});

describe('production-change', () => {
  test('every change in an environment marked production is flagged; the same change elsewhere is not', () => {
    const { before, after } = plant((m) => (find(m, 'ConfigMap').data = { changed: 'yes' }), production.name);
    const environment = { name: production.name, production: true };
    expect(risksOf(before, after, environment).map((risk) => `${risk.rule}: ${risk.message}`)).toEqual([
      `production-change: changed in production (${production.name})`,
    ]);
    expect(risksOf(before, after)).toEqual([]);
  });
});
