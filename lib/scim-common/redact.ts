/**
 * Redacts a SCIM request body before it is stored in the activity log: passwords and anything that looks
 * like a credential are replaced, wherever they appear (top level, extension objects, PATCH values,
 * Entra's dotted keys such as "password" inside a path-less value). Large bodies are cut down.
 */
const SECRET_KEY = /pass(word)?|secret|token|credential|api[-_]?key|private/i;
export const REDACTED = "[redacted]";
const MAX_ARRAY = 50;
const MAX_STRING = 512;
const MAX_DEPTH = 8;

export function redactBody(body: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return "[…]";
  if (Array.isArray(body)) {
    const out = body.slice(0, MAX_ARRAY).map((v) => redactBody(v, depth + 1));
    if (body.length > MAX_ARRAY) out.push(`[… ${body.length - MAX_ARRAY} more]`);
    return out;
  }
  if (body !== null && typeof body === "object") {
    const obj = body as Record<string, unknown>;
    // A PATCH operation on a secret path: {"op":"replace","path":"password","value":"..."}.
    const pathIsSecret = typeof obj.path === "string" && SECRET_KEY.test(obj.path);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (SECRET_KEY.test(k) || (pathIsSecret && k.toLowerCase() === "value")) out[k] = REDACTED;
      else out[k] = redactBody(v, depth + 1);
    }
    return out;
  }
  if (typeof body === "string" && body.length > MAX_STRING) return `${body.slice(0, MAX_STRING)}…`;
  return body;
}
