import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DOCUMENT_PATH,
  gatewayDocument,
  SCHEMA_PATH,
  schemaTypes,
} from '../../packages/sdk/scripts/openapi.js';

/**
 * The SDK cannot drift from the gateway: its committed OpenAPI document is the one the app serves,
 * and its committed types are what openapi-typescript makes of it. When a route changes, this
 * fails until `npm run sdk:generate` is run and its output committed.
 */
describe('packages/sdk is generated from the gateway as it is', () => {
  const committed = readFileSync(DOCUMENT_PATH, 'utf8');
  let served: string;
  // Composing the whole app (every guard, the embedded database) takes a while on a busy machine.
  beforeAll(async () => {
    served = await gatewayDocument();
  }, 180_000);

  it('openapi.json is the document the app serves', () => {
    // Compared as objects first, for a readable diff; then byte for byte (formatting included).
    expect(JSON.parse(committed), 'run `npm run sdk:generate` and commit the result').toEqual(
      JSON.parse(served),
    );
    expect(committed).toBe(served);
  });

  it('src/schema.d.ts is what openapi-typescript makes of that document', async () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8'), 'run `npm run sdk:generate` and commit the result').toBe(
      await schemaTypes(committed),
    );
  });

  it('the SDK types the routes it wraps (check, process, the proxy)', () => {
    const document = JSON.parse(committed) as { paths: Record<string, Record<string, unknown>> };
    for (const path of ['/api/v1/guards/check', '/api/v1/guards/process', '/v1/chat/completions']) {
      expect(document.paths[path]?.post, path).toBeDefined();
    }
    const types = readFileSync(SCHEMA_PATH, 'utf8');
    expect(types).toContain('"/api/v1/guards/check": {');
  });
});
