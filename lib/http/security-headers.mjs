// Sent on every response: by next.config.mjs headers() for what Next serves, and by lib/http/scim-node.ts
// for /scim/v2, which the production server (scripts/server.ts) answers without Next's router.
/** @type {ReadonlyArray<{ key: string; value: string }>} */
export const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];
