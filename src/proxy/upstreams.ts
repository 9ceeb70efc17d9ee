import { isIP } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../errors.js';
import type { Invalidations } from '../platform/invalidations.js';
import { proxyUpstreams } from '../storage/db/schema/policies.js';
import type { Database } from '../storage/db/types.js';
import type { KeyValueStore } from '../storage/kv/types.js';
import type { SecretBox } from './secrets.js';

/** Whose API an upstream speaks: OpenAI's (and every compatible server's) or Anthropic's. */
export const PROVIDERS = ['openai', 'anthropic'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** An organization's upstream model server, as the proxy uses it (the key decrypted). */
export interface Upstream {
  baseUrl: string;
  apiKey: string | null;
}

/** What the API shows: never the key, only whether there is one. */
export interface UpstreamView {
  id: string;
  organization_id: string;
  provider: Provider;
  base_url: string;
  has_api_key: boolean;
  updated_at: string;
}

const PRIVATE_V4 = [
  /^10\./,
  /^127\./,
  /^169\.254\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^192\.168\./,
  /^0\./,
  /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./,
];

/** Loopback, link-local and private literal addresses (and localhost); names are not resolved here. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return PRIVATE_V4.some((re) => re.test(host));
  if (isIP(host) === 6)
    return (
      host === '::1' ||
      host === '::' ||
      /^f[cd]/.test(host) ||
      /^fe[89ab]/.test(host) ||
      host.startsWith('::ffff:')
    );
  return false;
}

/** Checks and normalizes a base URL ("https://api.openai.com/v1"): http(s), no credentials, no query. */
export function checkBaseUrl(raw: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('VALIDATION_ERROR', 'base_url: not a URL', { fields: ['body.base_url'] });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('VALIDATION_ERROR', 'base_url: must start with http:// or https://', {
      fields: ['body.base_url'],
    });
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new AppError(
      'VALIDATION_ERROR',
      'base_url: no credentials, query or fragment; send the key as api_key',
      {
        fields: ['body.base_url'],
      },
    );
  }
  if (!allowPrivate && isPrivateHost(url.hostname)) {
    throw new AppError(
      'VALIDATION_ERROR',
      `base_url: ${url.hostname} is a loopback or private address; set PROXY_ALLOW_PRIVATE_UPSTREAMS=true to allow it`,
      { fields: ['body.base_url'] },
    );
  }
  return url.toString().replace(/\/+$/, '');
}

/**
 * The upstream of each organization; keys encrypted with the deployment's {@link SecretBox}. The
 * row (key still encrypted) is cached per organization in the key-value store and invalidated on
 * change through {@link Invalidations}, like guard policies; the key is decrypted per request.
 */
export class UpstreamStore {
  constructor(
    private readonly db: Database,
    private readonly box: SecretBox,
    private readonly kv: KeyValueStore,
    private readonly invalidations: Invalidations,
    private readonly ttlSeconds = 60,
  ) {}

  /** The cache key; OpenAI's keeps the name it had before there were providers. */
  static key(organizationId: string, provider: Provider = 'openai'): string {
    return provider === 'openai'
      ? `org:${organizationId}:proxy-upstream`
      : `org:${organizationId}:proxy-upstream:${provider}`;
  }

  private async row(
    organizationId: string,
    provider: Provider,
  ): Promise<{ base_url: string; api_key_encrypted: string | null } | undefined> {
    const key = UpstreamStore.key(organizationId, provider);
    const raw = await this.kv.get(key).catch(() => null);
    if (raw) {
      try {
        const cached = JSON.parse(raw) as {
          at: number;
          row: { base_url: string; api_key_encrypted: string | null } | null;
        };
        if (this.invalidations.fresh(key, cached.at)) return cached.row ?? undefined;
      } catch {
        // A damaged entry is a miss.
      }
    }
    const at = Date.now();
    const [row] = await this.select(organizationId, provider);
    const value = row ? { base_url: row.baseUrl, api_key_encrypted: row.apiKeyEncrypted } : null;
    await this.kv.set(key, JSON.stringify({ at, row: value }), this.ttlSeconds).catch(() => undefined);
    return value ?? undefined;
  }

  private view(r: typeof proxyUpstreams.$inferSelect): UpstreamView {
    return {
      id: r.provider === 'openai' ? r.organizationId : `${r.organizationId}:${r.provider}`,
      organization_id: r.organizationId,
      provider: r.provider,
      base_url: r.baseUrl,
      has_api_key: r.apiKeyEncrypted !== null,
      updated_at: r.updatedAt instanceof Date ? r.updatedAt.toISOString() : String(r.updatedAt),
    };
  }

  private select(organizationId: string, provider: Provider) {
    return this.db.orm
      .select()
      .from(proxyUpstreams)
      .where(and(eq(proxyUpstreams.organizationId, organizationId), eq(proxyUpstreams.provider, provider)));
  }

  async describe(organizationId: string, provider: Provider = 'openai'): Promise<UpstreamView | undefined> {
    const [row] = await this.select(organizationId, provider);
    return row ? this.view(row) : undefined;
  }

  async get(organizationId: string, provider: Provider = 'openai'): Promise<Upstream | undefined> {
    const row = await this.row(organizationId, provider);
    if (!row) return undefined;
    let apiKey: string | null = null;
    if (row.api_key_encrypted !== null) {
      try {
        apiKey = this.box.decrypt(row.api_key_encrypted, organizationId);
      } catch {
        throw new AppError(
          'UPSTREAM_NOT_CONFIGURED',
          'the upstream API key cannot be decrypted (was PROXY_SECRETS_KEY changed?); set the upstream again',
        );
      }
    }
    return { baseUrl: row.base_url, apiKey };
  }

  /** Sets the upstream; without `apiKey` the stored key is kept (`null` removes it). */
  async set(
    organizationId: string,
    baseUrl: string,
    apiKey: string | null | undefined,
    actor: string | null,
    provider: Provider = 'openai',
  ): Promise<UpstreamView> {
    const encrypted = apiKey ? this.box.encrypt(apiKey, organizationId) : null;
    const now = new Date();
    // Without `apiKey` the stored key stays as it is.
    const changes =
      apiKey === undefined
        ? { baseUrl, updatedBy: actor, updatedAt: now }
        : { baseUrl, apiKeyEncrypted: encrypted, updatedBy: actor, updatedAt: now };
    const rows = await this.db.orm
      .insert(proxyUpstreams)
      .values({
        organizationId,
        provider,
        baseUrl,
        apiKeyEncrypted: encrypted,
        updatedBy: actor,
        updatedAt: now,
      })
      .onConflictDoUpdate({ target: [proxyUpstreams.organizationId, proxyUpstreams.provider], set: changes })
      .returning();
    await this.invalidations.invalidate(organizationId, UpstreamStore.key(organizationId, provider));
    const saved = rows[0];
    if (!saved) throw new Error('the upstream upsert returned no row');
    return this.view(saved);
  }
}
