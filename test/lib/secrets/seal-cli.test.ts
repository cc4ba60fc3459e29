// `npm run seal` on a scratch repository: the value comes from stdin, is sealed with the committed
// certificate (generated here, its key kept only in the scratch folder) and only the sealed text is
// written; openssl unseals it (openssl-sealing.ts). Every refusal leaves the values file untouched.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SecretsDeliveryConfig } from '../../../lib/secrets/delivery-config';
import { runSeal, SealEnvironment } from '../../../lib/secrets/seal-cli';
import { parseSealedValues } from '../../../lib/secrets/sealed-values';
import { describeWithTools, tool } from '../../helpers/system-tools';
import { OpensslKit } from './openssl-sealing';

const SEALED: SecretsDeliveryConfig = {
  delivery: 'sealed-secrets', certificateFile: 'env/sealed/dev.pem', valuesFile: 'env/sealed/dev.json', scope: 'strict',
};
const EXTERNAL: SecretsDeliveryConfig = {
  delivery: 'external-secrets', store: { name: 'vault', remoteKeyPrefix: 'platform/prod/' }, refreshInterval: '1h',
};

const declared = [
  { namespace: 'shop', declaration: { name: 'web-db', purpose: 'database login', keys: [{ key: 'password' }, { key: 'username' }] } },
  { namespace: 'jobs', declaration: { name: 'webhook', purpose: 'alerts', keys: [{ key: 'url' }] } },
  { namespace: 'shop', declaration: { name: 'webhook', purpose: 'alerts', keys: [{ key: 'url' }] } },
];
const ENVIRONMENTS: SealEnvironment[] = [
  { name: 'dev', secrets: SEALED, declared },
  { name: 'prod', secrets: EXTERNAL, declared },
];

describeWithTools('npm run seal', [tool.openssl], () => {
  let kit: OpensslKit;
  let root: string;
  const valuesFile = () => join(root, 'env/sealed/dev.json');

  function seal(args: string[], stdin: string | Buffer, options: { terminal?: boolean } = {}): { status: number; stderr: string } {
    let stderr = '';
    const status = runSeal(args, ENVIRONMENTS, {
      readStdin: () => Buffer.from(stdin),
      stdinIsTerminal: options.terminal ?? false,
      stderr: { write: (text: string) => (stderr += text) },
    }, root);
    return { status, stderr };
  }

  beforeAll(() => {
    kit = new OpensslKit();
    root = join(kit.dir, 'repo');
    mkdirSync(join(root, 'env/sealed'), { recursive: true });
    writeFileSync(join(root, 'env/sealed/dev.pem'), kit.selfSigned('cert'));
  });
  afterAll(() => kit.dispose());

  test('seals stdin for the declared Secret and writes only the sealed text; openssl unseals it', () => {
    const result = seal(['dev', 'web-db', 'password'], 'correct horse battery staple');
    expect(result).toEqual({ status: 0, stderr: 'sealed 28 bytes for shop/web-db key password into env/sealed/dev.json\n' });
    const text = readFileSync(valuesFile(), 'utf8');
    expect(text).not.toContain('correct horse');
    expect(text).not.toContain(Buffer.from('correct horse battery staple').toString('base64'));
    const values = parseSealedValues(text, 'dev.json');
    expect(kit.unseal(values.secrets.shop['web-db'].password, 'shop/web-db').toString()).toBe('correct horse battery staple');
    expect(values.scope).toBe('strict');
  });

  test('a second key joins the first, sorted; a trailing newline is kept and pointed out', () => {
    const result = seal(['dev', 'web-db', 'username', '--namespace', 'shop'], 'app\n');
    expect(result.stderr).toContain('(it ends with a newline, kept as given; use printf %s to leave it out)');
    const values = parseSealedValues(readFileSync(valuesFile(), 'utf8'), 'dev.json');
    expect(Object.keys(values.secrets.shop['web-db'])).toEqual(['password', 'username']);
    expect(kit.unseal(values.secrets.shop['web-db'].username, 'shop/web-db').toString()).toBe('app\n');
  });

  test.each<[string, string[], string, string]>([
    ['an empty value', ['dev', 'web-db', 'password'], '', 'standard input is empty: refusing to seal an empty value'],
    ['a terminal as stdin', ['dev', 'web-db', 'password'], 'TERMINAL', 'pipe the value in (it would echo on the terminal)'],
    ['an undeclared Secret', ['dev', 'web-dbb', 'password'], 's3cret-value',
      'no construct of environment dev reads Secret web-dbb (declared: jobs/webhook, shop/web-db, shop/webhook)'],
    ['an undeclared key', ['dev', 'web-db', 'pasword'], 's3cret-value', 'Secret web-db has no declared key pasword (declared: password, username)'],
    ['a Secret read in two namespaces', ['dev', 'webhook', 'url'], 's3cret-value',
      'Secret webhook is read in namespaces jobs, shop: choose one with --namespace'],
    ['an unknown environment', ['qa', 'web-db', 'password'], 's3cret-value', 'no environment qa (known: dev, prod)'],
    ['too few arguments', ['dev', 'web-db'], 's3cret-value', 'expected 3 arguments, got 2'],
    ['an environment with an external store', ['prod', 'web-db', 'password'], 's3cret-value',
      'environment prod delivers Secrets from the ClusterSecretStore vault: ' +
        'store the value there under key platform/prod/shop/web-db, property password'],
  ])('refuses %s and leaves the file alone', (_what, args, stdin, message) => {
    const before = existsSync(valuesFile()) ? readFileSync(valuesFile(), 'utf8') : undefined;
    const result = seal(args, stdin === 'TERMINAL' ? 's3cret-value' : stdin, { terminal: stdin === 'TERMINAL' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain('s3cret-value');
    expect(existsSync(valuesFile()) ? readFileSync(valuesFile(), 'utf8') : undefined).toBe(before);
  });

  test('refuses to mix values sealed for a replaced certificate, and a certificate file with a private key', () => {
    const before = readFileSync(valuesFile(), 'utf8');
    writeFileSync(join(root, 'env/sealed/dev.pem'), kit.selfSigned('replacement'));
    expect(seal(['dev', 'web-db', 'password'], 'x').stderr).toContain('holds values sealed for another certificate than env/sealed/dev.pem');
    writeFileSync(join(root, 'env/sealed/dev.pem'), readFileSync(kit.file('cert.pem'), 'utf8') + readFileSync(kit.file('cert.key'), 'utf8'));
    expect(seal(['dev', 'web-db', 'password'], 'x').stderr).toContain('contains a PRIVATE KEY');
    expect(readFileSync(valuesFile(), 'utf8')).toBe(before);
    writeFileSync(join(root, 'env/sealed/dev.pem'), readFileSync(kit.file('cert.pem'), 'utf8'));
  });
});
