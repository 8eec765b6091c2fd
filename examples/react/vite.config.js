import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Hashed file names for every chunk and asset (the default), so they can be cached for a year;
// index.html, sw.js and the web manifest keep their names and are served no-cache.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8000' } },
});
