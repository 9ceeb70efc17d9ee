import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The console is served by the gateway at /console (src/gateway/routes/console.ts) from console/dist.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 300,
  },
  logLevel: 'warn',
});
