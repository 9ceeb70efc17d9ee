// `npm run build -w packages/sdk`: dist/ from src/, with the generated types (tsc does not copy .d.ts files).
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
copyFileSync('src/schema.d.ts', 'dist/schema.d.ts');
