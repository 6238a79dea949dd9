/**
 * The security headers of the web front-end's pages and files, written once: the local portal sets them
 * (functions/local/portal.ts) and the CloudFront response-headers policy sends the same (stacks/Edge.ts).
 *
 * The Content-Security-Policy allows nothing but the site itself: scripts and styles only from its own files (no
 * inline script, no inline `style="…"` in the HTML — Preact's `style={…}` sets styles through the CSSOM, which CSP
 * allows), no plugins, no `<base>`, no form posting elsewhere, and no framing by anyone (`frame-ancestors 'none'`,
 * with X-Frame-Options for browsers that predate it). `connect-src` adds what the browser must reach besides the
 * site: the API (deployed it has its own origin) and the storage that uploads go to straight from the browser.
 */

export interface WebPolicyOrigins {
  /** Origins `fetch` may reach besides the page's own (`https://api.example`, `https://*.s3.region.amazonaws.com`). */
  connect?: readonly string[];
}

/** The Content-Security-Policy header value. Throws nothing. */
export function webContentSecurityPolicy(origins: WebPolicyOrigins = {}): string {
  const connect = ["'self'", ...(origins.connect ?? [])];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    // `data:` only for the page's empty icon (web/index.html links `data:,` so the browser asks for no favicon).
    // `blob:`: the back office previews a dossier's files (fetched from storage, checksum checked) as blob URLs.
    "img-src 'self' data: blob:",
    "frame-src 'self' blob:",
    "font-src 'self'",
    `connect-src ${connect.join(" ")}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Sent with every page and file of the web front-end, besides the CSP. */
export const WEB_SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  // The same as web/index.html's <meta name="referrer">: a dossier code in a path never leaves the site.
  "referrer-policy": "same-origin",
  "cross-origin-opener-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
} as const;

/** Paths of the web build served as files, never replaced by the single-page app's index.html. */
export const WEB_FILE_PREFIXES = ["/assets/", "/reference/"] as const;
