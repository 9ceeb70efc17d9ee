import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { DOCUMENT_PATH, gatewayDocument, SCHEMA_PATH, schemaTypes } from './openapi.js';

// `npm run sdk:generate`: writes the gateway's OpenAPI document and the SDK's types from it.
// test/unit/sdk-openapi.test.ts fails while either committed file differs from what this writes.
const document = await gatewayDocument();
writeFileSync(DOCUMENT_PATH, document);
writeFileSync(SCHEMA_PATH, await schemaTypes(document));
for (const path of [DOCUMENT_PATH, SCHEMA_PATH]) console.log(`wrote ${relative(process.cwd(), path)}`);
