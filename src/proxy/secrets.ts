import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { ensurePrivateDir } from '../storage/private-dir.js';

const VERSION = 'v1';

/**
 * Encryption at rest for upstream API keys: AES-256-GCM with a random 96-bit nonce, the
 * organization id as associated data (a ciphertext copied to another organization's row does not
 * decrypt), and a key derived with HKDF-SHA256 from PROXY_SECRETS_KEY. Stored as
 * `v1:<base64 nonce|tag|ciphertext>`.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer | undefined) {}

  /**
   * The box of this deployment: from PROXY_SECRETS_KEY; outside production, from a key file in
   * DATA_DIR made on first use. In production without the setting, storing a key is refused.
   */
  static async fromConfig(config: Config): Promise<SecretBox> {
    let secret = config.PROXY_SECRETS_KEY;
    if (!secret && config.NODE_ENV !== 'production') {
      const file = join(config.DATA_DIR, 'proxy-secrets.key');
      if (existsSync(file)) secret = (await readFile(file, 'utf8')).trim();
      else {
        secret = randomBytes(32).toString('base64url');
        await ensurePrivateDir(config.DATA_DIR);
        await writeFile(file, secret, { mode: 0o600 });
      }
    }
    return new SecretBox(secret ? SecretBox.derive(secret) : undefined);
  }

  static fromSecret(secret: string): SecretBox {
    return new SecretBox(SecretBox.derive(secret));
  }

  private static derive(secret: string): Buffer {
    return Buffer.from(hkdfSync('sha256', secret, 'codeguardians-proxy', 'upstream-api-keys', 32));
  }

  private keyOrRefuse(): Buffer {
    if (!this.key) {
      throw new AppError(
        'NOT_IMPLEMENTED',
        'set PROXY_SECRETS_KEY (32+ characters) to store upstream API keys',
      );
    }
    return this.key;
  }

  encrypt(plaintext: string, organizationId: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keyOrRefuse(), nonce);
    cipher.setAAD(Buffer.from(organizationId));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  /** Throws when the value was not encrypted with this key for this organization. */
  decrypt(stored: string, organizationId: string): string {
    const [version, payload] = stored.split(':');
    if (version !== VERSION || !payload) throw new Error('unknown secret format');
    const raw = Buffer.from(payload, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.keyOrRefuse(), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(organizationId));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
