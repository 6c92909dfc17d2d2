import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer only. Relative base: the same files load from app:// in Electron and
// from the local HTTP transport in web mode.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // No source maps in what ships: web mode would serve the whole source to anyone asking.
    sourcemap: false,
    target: 'chrome120',
    // Inline assets would need data: in the CSP's script/style sources.
    assetsInlineLimit: 0,
  },
});
