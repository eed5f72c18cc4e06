import { isIP } from "node:net";
import { domainToASCII } from "node:url";

export type NormalizedDomain = { ok: true; domain: string } | { ok: false; reason: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Pure: trims, lower-cases and converts an internationalised name to punycode (bücher.de ->
 * xn--bcher-kva.de). Refuses schemes, paths, ports, IP addresses, wildcards and single labels.
 */
export function normalizeDomain(raw: string): NormalizedDomain {
  let s = raw.trim().toLowerCase();
  if (!s) return { ok: false, reason: "Enter a domain such as acme.com" };
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(s) || /[/?#@\\]/.test(s)) {
    return { ok: false, reason: "Enter just the domain (such as acme.com), without https://, a path or an @" };
  }
  const bare = s.replace(/^\[|\]$/g, "");
  if (isIP(bare) || /^[0-9.]+$/.test(s)) return { ok: false, reason: "IP addresses cannot be verified: enter a domain name such as acme.com" };
  if (s.includes(":")) return { ok: false, reason: "Leave out the port: enter just the domain, such as acme.com" };
  if (s.includes("*")) return { ok: false, reason: "Wildcards are not allowed: enter the domain itself, such as acme.com" };
  if (/\s/.test(s)) return { ok: false, reason: "A domain cannot contain spaces" };
  // A fully qualified name may end with a dot.
  if (s.endsWith(".")) s = s.slice(0, -1);
  const ascii = domainToASCII(s);
  if (!ascii) return { ok: false, reason: `"${raw.trim()}" is not a valid domain name` };
  if (ascii.length > 253) return { ok: false, reason: "A domain is at most 253 characters" };
  const labels = ascii.split(".");
  if (labels.length < 2) return { ok: false, reason: "Enter a full domain with a dot, such as acme.com (single labels such as localhost cannot be verified)" };
  for (const label of labels) {
    if (!LABEL.test(label)) {
      return { ok: false, reason: `"${raw.trim()}" is not a valid domain name: each part between dots is 1-63 letters, digits or inner hyphens` };
    }
  }
  if (/^[0-9]+$/.test(labels.at(-1)!)) return { ok: false, reason: `"${raw.trim()}" is not a valid domain name: the last part cannot be numeric` };
  return { ok: true, domain: ascii };
}

/** The part after the last @ of an address, normalised; null when there is none or it is invalid. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  if (at < 1) return null;
  const r = normalizeDomain(email.slice(at + 1));
  return r.ok ? r.domain : null;
}

/** Punycode back to Unicode for display (xn--bcher-kva.de -> bücher.de). */
export { domainToUnicode as displayDomain } from "node:url";
