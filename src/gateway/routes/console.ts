import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';
import { PUBLIC } from '../auth.js';
import type { App } from '../types.js';

/**
 * The web console's built files (`npm run build` or `npm run build:console` writes them with Vite
 * to `console/dist`). The same path from `src/gateway/routes` and from `dist/gateway/routes`.
 */
export const DEFAULT_CONSOLE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../console/dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

interface Asset {
  body: Buffer;
  type: string;
}

const ABSENT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Console not built</title></head>
<body><main><h1>The web console is not built</h1>
<p>Run <code>npm run build:console</code> (or <code>npm run build</code>) in the gateway's folder, then reload this page.
The API works without it.</p></main></body></html>`;

/** Reads every file of the bundle once (it is small); nothing is read per request afterwards. */
function load(dir: string): Map<string, Asset> | undefined {
  if (!existsSync(join(dir, 'index.html'))) return undefined;
  const files = new Map<string, Asset>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const full = join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else
        files.set(relative(dir, full).split(sep).join('/'), {
          body: readFileSync(full),
          type: TYPES[extname(name)] ?? 'application/octet-stream',
        });
    }
  };
  walk(dir);
  return files;
}

/**
 * `GET /console` and `/console/*`: the single-page console, served from memory. Its own routes
 * only, no hook: the API's request path is unchanged. When the bundle is absent the page says how
 * to build it (503); it is looked for again on the next request, so a build needs no restart.
 */
export function registerConsoleRoutes(app: App, dir: string = DEFAULT_CONSOLE_DIR): void {
  let files: Map<string, Asset> | undefined;
  const bundle = () => {
    files ??= load(dir);
    return files;
  };
  const send = (reply: FastifyReply, path: string) => {
    const found = bundle();
    if (!found) return reply.status(503).type('text/html; charset=utf-8').send(ABSENT);
    const asset = found.get(path);
    if (!asset) {
      // Unknown paths under /console/assets are missing files; anything else is the app itself.
      if (path.startsWith('assets/')) return reply.status(404).type('text/plain').send('not found');
      const index = found.get('index.html') as Asset;
      return reply.type(index.type).header('cache-control', 'no-cache').send(index.body);
    }
    // Vite puts a content hash in every asset name, so those can be cached for good.
    const cache = path.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    return reply.type(asset.type).header('cache-control', cache).send(asset.body);
  };
  const options = { config: { access: PUBLIC }, schema: { hide: true } };
  app.get('/console', options, (_request, reply) => send(reply, 'index.html'));
  app.get<{ Params: { '*': string } }>('/console/*', options, (request, reply) =>
    send(reply, request.params['*'] || 'index.html'),
  );
}
