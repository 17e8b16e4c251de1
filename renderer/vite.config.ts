// Builds the renderer to dist/renderer; the dev host and Electron both load it from there.
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../main/ipc/content-security-policy.ts';

const CSP_PLACEHOLDER = '__PANTRY_CSP__';

/** Writes the one policy string into index.html's CSP meta tag; a page without the tag fails the build. */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'pantry-csp-meta',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!html.includes(CSP_PLACEHOLDER)) throw new Error(`renderer/index.html lost its CSP meta tag (content="${CSP_PLACEHOLDER}")`);
        return html.replace(CSP_PLACEHOLDER, CONTENT_SECURITY_POLICY);
      },
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [contentSecurityPolicyMeta(), react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
});
