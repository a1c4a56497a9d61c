import { defineConfig } from 'vitest/config';

const backend = 'http://127.0.0.1:8080';
const httpPaths = ['/ingest', '/recent', '/results', '/late', '/watermark', '/pipelines', '/generator', '/dashboard', '/metrics', '/health'];

const proxy: Record<string, { target: string; changeOrigin?: boolean; ws?: boolean }> = Object.fromEntries(
  httpPaths.map((path) => [path, { target: backend, changeOrigin: true }]),
);
proxy['/ws'] = { target: backend.replace('http', 'ws'), ws: true };

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: { proxy },
  preview: { proxy },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
