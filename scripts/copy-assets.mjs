// Copies the non-TypeScript files the sources read at run time (SQL migrations, model weights,
// word lists) from src/ into dist/, keeping their paths.
import { cpSync, statSync } from 'node:fs';

const ASSET = /\.(sql|json|txt|csv)$/;
cpSync('src', 'dist', {
  recursive: true,
  filter: (source) => statSync(source).isDirectory() || ASSET.test(source),
});
