import { describe, expect, it } from 'vitest';
import { detectSecrets, maskSecret, secretsDetector, shannonEntropy } from './index.js';

// Tokens are assembled at run time so no credential-shaped literal sits in the repository.
const rand = (n: number, alphabet = 'aB3dE5fG7hJ9kLmN2pQ4rS6tU8vW'): string =>
  Array.from({ length: n }, (_, i) => alphabet[(i * 5 + 3) % alphabet.length]).join('');
const rules = (text: string) => detectSecrets(text).map((s) => s.rule);
const ctx = { mode: 'input' as const, canaries: [] };

describe('detectSecrets', () => {
  it.each([
    ['aws-access-key-id', `key AKIA${rand(16, 'ABCDEFGHJKLMNPQRSTUVWXYZ234567')}`],
    ['github-token', `token ghp_${rand(36)}`],
    ['github-fine-grained-pat', `github_pat_${rand(22)}_${rand(59)}`],
    ['gitlab-token', `glpat-${rand(20)}`],
    ['slack-token', `xoxb-123456789012-${rand(24)}`],
    ['slack-webhook', `https://hooks.slack.com/services/T0ABCDEF1/B0ABCDEF2/${rand(24)}`],
    ['stripe-live-key', `sk_live_${rand(24)}`],
    ['sendgrid-key', `SG.${rand(22)}.${rand(43)}`],
    ['anthropic-key', `sk-ant-api03-${rand(95)}`],
    ['openai-key', `sk-proj-${rand(48)}`],
    ['npm-token', `npm_${rand(36)}`],
    ['huggingface-token', `HF_TOKEN=hf_${rand(34)}`],
    ['groq-key', `gsk_${rand(52)}`],
    ['replicate-token', `export REPLICATE_API_TOKEN=r8_${rand(37)}`],
    ['google-oauth-client-secret', `"client_secret": "GOCSPX-${rand(28)}"`],
    ['digitalocean-token', `dop_v1_${rand(64, '0123456789abcdef')}`],
    ['shopify-token', `shpat_${rand(32, '0123456789abcdef')}`],
    ['telegram-bot-token', `bot token 123456789:AA${rand(33)}`],
    ['gcp-api-key', `AIza${rand(35)}`],
    ['twilio-key', `AC${rand(32, '0123456789abcdef')}`],
    ['url-credentials', `postgres://app:${rand(14)}@db.internal:5432/app`],
    ['generic-assignment', `DB_PASSWORD="${rand(18)}!9"`],
  ])('finds %s', (rule, text) => {
    expect(rules(text)).toContain(rule);
  });

  it('finds PEM private keys and JWTs whose header names an algorithm', () => {
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${rand(64)}\n${rand(64)}\n-----END RSA PRIVATE KEY-----`;
    expect(rules(pem)).toEqual(['private-key']);
    const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
    const body = Buffer.from('{"sub":"42"}').toString('base64url');
    expect(rules(`Bearer ${header}.${body}.${rand(40)}`)).toEqual(['jwt']);
    const notJwt = Buffer.from('{"hello":"world"}').toString('base64url');
    expect(rules(`${notJwt}.${body}.${rand(40)}`)).toEqual([]);
  });

  it('finds passwords stated in prose, not the word "password" in a sentence', () => {
    expect(rules('btw my password is Tr0ub4dor&3 for the VPN')).toEqual(['generic-assignment']);
    expect(rules('The password is required and must be at least 12 characters long.')).toEqual([]);
    expect(rules('Your password is Expired, please reset it')).toEqual([]);
  });

  // Fresh probes s33a/s33d (2026-12-06): the words between "password" and "is" hid the value.
  it('finds a credential told in a sentence, "the password for the staging db is ..."', () => {
    expect(rules(`The password for the staging db is ${['Hunter2', 'Summer2024'].join('!')}`)).toEqual([
      'spoken-credential',
    ]);
    expect(rules(`Password to the router is ${rand(10)}, don't share it`)).toEqual(['spoken-credential']);
    expect(rules('The password for the guest network is printed on the back of the router.')).toEqual([]);
    expect(rules('The API key for the weather service is in the team vault.')).toEqual([]);
  });

  it('ignores placeholders, references, hashes and UUIDs', () => {
    for (const text of [
      'api_key = "changeme"',
      'password: "<your-password>"',
      'secret = "xxxxxxxxxxxxxxxx"',
      'token = process.env.GITHUB_TOKEN',
      'password = getpass.getpass()',
      'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      'id 123e4567-e89b-12d3-a456-426614174000',
      'How do I rotate my AWS keys?',
    ])
      expect(rules(text)).toEqual([]);
  });

  it('reports documentation examples at low severity and test keys lower than live ones', () => {
    const [example] = detectSecrets('AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE');
    expect(example?.severity).toBe('low');
    expect(example?.docExample).toBe(true);
    expect(detectSecrets(`sk_test_${rand(24)}`)[0]?.severity).toBe('low');
  });

  it('never puts the full secret in evidence', () => {
    const secret = `ghp_${rand(36)}`;
    const [finding] = secretsDetector.detect(`use ${secret} here`, ctx);
    expect(finding?.span).toEqual({ start: 4, end: 4 + secret.length });
    expect(finding?.evidence).not.toContain(secret);
    expect(finding?.evidence?.startsWith('ghp_')).toBe(true);
    expect(maskSecret('abcdefgh')).not.toBe('abcdefgh');
  });

  it('measures entropy', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });

  // Added 2026-12-06 (twenty-eighth session): a fresh probe missed each of these before.
  it.each([
    ['discord-bot-token', `DISCORD_TOKEN=M${rand(23)}.${rand(6)}.${rand(38)}`],
    ['mailgun-key', `mailgun api key: key-${rand(32, '0123456789abcdef')}`],
    ['bearer-token', `Authorization: Bearer ${rand(40)}`],
    ['cli-credentials', `curl -u admin:${rand(16)} https://api.internal.example/v1/users`],
    ['cli-credentials', `wget --user=deploy --password=${rand(14)} https://files.internal/release.tar.gz`],
    ['signed-url', `https://acme.blob.core.windows.net/backups?sv=2022-11-02&sp=rl&sig=${rand(43)}%3D`],
  ])('finds a %s', (rule, text) => {
    expect(rules(text)).toEqual([rule]);
  });

  it.each([
    'Authorization: Bearer <YOUR_TOKEN>',
    'curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user',
    'curl -u "$USER:$PASSWORD" https://example.com/api',
    'Append ?sig=<signature> to the URL; the signature expires after one hour.',
    'Run useradd -u 1001 deploy to create the account.',
  ])('leaves a placeholder or a variable alone: %s', (text) => {
    expect(rules(text)).toEqual([]);
  });
});

// 2026-12-06 (twenty-ninth session), fresh probe s29b: a key named in prose with a space ("api key:")
// was missed; the value must still look random.
describe('detectSecrets: a key named in words', () => {
  it.each([
    `datadog api key: ${rand(32, '0123456789abcdef')}`,
    `my API key is ${rand(32, '0123456789abcdef')} and it expires Friday`,
    `access token: ${rand(30)}`,
  ])('finds %s', (text) => {
    expect(rules(text)).toContain('generic-assignment');
  });

  it.each([
    'The api key is stored in Vault.',
    'Set the api key: your-api-key-here',
    'The client secret: shown once in the console',
  ])('leaves %s alone', (text) => {
    expect(rules(text)).toEqual([]);
  });
});
