import { looksLikeCredential } from '../../lib/credential-patterns';

// Values shaped like credentials but made up on the spot (the patterns check shape, not validity).
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

describe('looksLikeCredential', () => {
  test.each([
    ['a PEM private key', 'TLS_KEY_DATA', PEM],
    ['a PEM private key', 'SSH_KEY_DATA', '-----BEGIN OPENSSH PRIVATE KEY-----'],
    ['a PEM private key', 'X', '-----BEGIN PRIVATE KEY-----'],
    ['an AWS access key id', 'AWS_ACCESS_KEY_ID', 'AKIAABCDEFGHIJKLMNOP'],
    ['a GitHub token', 'GH', `ghp_${'a'.repeat(36)}`],
    ['a GitHub token', 'GH', `github_pat_${'A1'.repeat(20)}`],
    ['a Slack webhook URL', 'HOOK', 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
    ['a JSON Web Token', 'AUTH_HEADER', `Bearer ${JWT}`],
    ['a URL with an embedded password', 'DATABASE_URL', 'postgres://app:s3cret@db:5432/app'],
  ])('recognises %s by its value', (description, name, value) => {
    expect(looksLikeCredential(name, value)).toBe(`the value looks like ${description}`);
  });

  test.each(['DB_PASSWORD', 'db-password', 'dbPassword', 'DBPassword', 'PASSWD', 'CLIENT_SECRET', 'GITHUB_TOKEN', 'API_KEY', 'apiKey', 'APIKEY', 'PRIVATE_KEY', 'ssh.private_key', 'AWS_SECRET_ACCESS_KEY', 'CREDENTIALS', 'gcp_credential', 'SECRET'])(
    'recognises %s by its name',
    (name) => {
      expect(looksLikeCredential(name, 'hunter2')).toBe(`the name "${name}" says it holds a credential and the value is a non-empty literal`);
    },
  );

  test.each(['PASSWORD_FILE', 'TOKEN_TTL', 'SECRET_NAME', 'ENABLE_TOKEN_AUTH', 'AWS_ACCESS_KEY_ID', 'LOG_LEVEL', 'PASSWORD_MIN_LENGTH'])('does not flag %s with a harmless value', (name) => {
    expect(looksLikeCredential(name, '/var/run/secrets/x')).toBeUndefined();
  });

  test('empty values and references to other variables are not literals', () => {
    expect(looksLikeCredential('DB_PASSWORD', '')).toBeUndefined();
    expect(looksLikeCredential('DB_PASSWORD', '  ')).toBeUndefined();
    expect(looksLikeCredential('DB_PASSWORD', '$(POSTGRES_PASSWORD)')).toBeUndefined();
    expect(looksLikeCredential('DATABASE_URL', 'postgres://app:$(DB_PASSWORD)@db:5432/app')).toBeUndefined();
    expect(looksLikeCredential('DATABASE_URL', 'postgres://app@db:5432/app')).toBeUndefined();
  });

  test('the reason never contains the value', () => {
    expect(looksLikeCredential('DB_PASSWORD', 'hunter2')).not.toContain('hunter2');
    expect(looksLikeCredential('URL', 'https://u:hunter2@x')).not.toContain('hunter2');
  });
});
