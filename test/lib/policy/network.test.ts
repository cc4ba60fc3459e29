import { defaultDeny, deployment, problems } from './policy-helpers';

const RULE = 'network/default-deny';
const MISSING = 'metadata.namespace: namespace shop runs pods but has no default-deny NetworkPolicy among the checked objects';

describe('network/default-deny', () => {
  test('a namespace with pods and a default-deny policy passes', () => {
    expect(problems(RULE, [deployment(), defaultDeny()])).toEqual([]);
  });

  test('every pod-bearing object of an unprotected namespace is reported', () => {
    expect(problems(RULE, [deployment({ name: 'a' }), deployment({ name: 'b' })])).toEqual([MISSING, MISSING]);
  });

  test('a policy in another namespace does not count', () => {
    expect(problems(RULE, [deployment(), defaultDeny('other')])).toEqual([MISSING]);
  });

  test('objects without a namespace land in default', () => {
    const unnamespaced = deployment();
    delete unnamespaced.metadata.namespace;
    const policy = defaultDeny();
    delete policy.metadata.namespace;
    expect(problems(RULE, [unnamespaced, policy])).toEqual([]);
    expect(problems(RULE, [unnamespaced, defaultDeny()])).toEqual([
      'metadata.namespace: namespace default runs pods but has no default-deny NetworkPolicy among the checked objects',
    ]);
  });

  test.each([
    ['a selector that picks some pods', { podSelector: { matchLabels: { app: 'web' } } }],
    ['a selector with expressions', { podSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } }],
    ['no podSelector', { podSelector: undefined }],
    ['ingress only', { policyTypes: ['Ingress'] }],
    ['egress only', { policyTypes: ['Egress'] }],
    ['no policyTypes', { policyTypes: undefined }],
    ['an ingress rule', { ingress: [{}] }],
    ['an egress rule', { egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }],
  ])('a policy with %s is not a default deny', (_label, spec) => {
    expect(problems(RULE, [deployment(), defaultDeny('shop', spec)])).toEqual([MISSING]);
  });

  test('empty rule lists and an empty matchLabels still deny everything', () => {
    expect(problems(RULE, [deployment(), defaultDeny('shop', { ingress: [], egress: [], podSelector: { matchLabels: {} } })])).toEqual([]);
  });

  test('namespaces without pods need no policy', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'empty' }, data: {} };
    expect(problems(RULE, [configMap])).toEqual([]);
  });

  test('bare Pods, Jobs and legacy CronJobs count as workloads', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: { containers: [{ name: 'c', image: 'x' }] } };
    const cronJob = {
      apiVersion: 'batch/v1beta1',
      kind: 'CronJob',
      metadata: { name: 'c', namespace: 'shop' },
      spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }] } } } } },
    };
    expect(problems(RULE, [pod, cronJob])).toEqual([MISSING, MISSING]);
  });
});
