// Empties dist/ before a build, so files removed or moved in src/ (migrations!) do not linger there.
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
