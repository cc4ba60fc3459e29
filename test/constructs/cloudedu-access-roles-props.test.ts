import { Chart, Testing } from 'cdk8s';
import { CloudEduAccessRoles, CloudEduAccessRolesProps } from '../../constructs';

const OK: CloudEduAccessRolesProps = { owner: 'platform-team', runbookUrl: 'https://runbooks.example.org/cloudedu-access' };
const build = (props: CloudEduAccessRolesProps) => new CloudEduAccessRoles(new Chart(Testing.app(), 'cluster-rbac'), 'access', props);

describe('CloudEduAccessRoles refuses every invalid prop, naming the construct path, the prop, the value and what is accepted', () => {
  test.each<[string, CloudEduAccessRolesProps, string]>([
    ['an empty owner', { ...OK, owner: ' ' }, 'owner must not be empty'],
    ['a plain-http runbook', { ...OK, runbookUrl: 'http://runbooks.example.org/x' }, 'runbookUrl "http://runbooks.example.org/x" must be an '
      + 'https:// URL'],
    ['a partOf that is no label value', { ...OK, partOf: 'cloud edu' },
      'label app.kubernetes.io/part-of="cloud edu" is not a valid label value (at most 63 characters of [A-Za-z0-9-_.])'],
  ])('%s', (_, props, message) => {
    expect(() => build(props)).toThrow('cluster-rbac/access: invalid partOf/owner/runbookUrl {');
    expect(() => build(props)).toThrow(message);
  });

  test('a second instance in one app would emit the same ClusterRoles: refused, naming the first', () => {
    const app = Testing.app();
    new CloudEduAccessRoles(new Chart(app, 'cluster-rbac'), 'access', OK);
    expect(() => new CloudEduAccessRoles(new Chart(app, 'more-rbac'), 'access', OK))
      .toThrow('more-rbac/access: invalid adminRoleName "cloudedu-admin": a name no other ClusterRole uses in the cluster '
        + '(cluster-rbac/access has it)');
  });
});
