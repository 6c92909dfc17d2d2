// One policy for both shells (the app:// protocol and the web transport), so the
// renderer is tested under the same rules it runs under. Everything is bundled by
// Vite into files we serve ourselves: nothing inline, nothing remote, no eval.
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
] as const;

export const CONTENT_SECURITY_POLICY: string = CSP_DIRECTIVES.join('; ');
