// Builds the analyst's web UI (web/) into dist/web, which the Fastify server serves at `/`.
// Run from the repository root: `vite build --config web/vite.config.ts`.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webFolder = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webFolder,
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(webFolder, '../dist/web'),
    emptyOutDir: true,
  },
});
