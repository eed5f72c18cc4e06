// The DNS TXT challenge: pure, unit-tested in txt.test.ts.
export const CHALLENGE_PREFIX = "_gatehouse-challenge";
export const CHALLENGE_VALUE_PREFIX = "gatehouse-verification=";

export const challengeRecordName = (domain: string) => `${CHALLENGE_PREFIX}.${domain}`;
export const challengeRecordValue = (token: string) => `${CHALLENGE_VALUE_PREFIX}${token}`;

export type ChallengeMatch = { match: true } | { match: false; reason: string };

/**
 * records is what resolveTxt returns: one string[] per TXT record, the record's character-strings
 * (RFC 1035 §3.3.14 caps each at 255 bytes, so long values arrive split; they are joined). Other
 * TXT records at the same name are ignored; surrounding whitespace and quotes are tolerated because
 * DNS consoles often keep pasted quotes.
 */
export function matchChallenge(records: string[][], token: string): ChallengeMatch {
  const expected = challengeRecordValue(token);
  const values = records.map((chunks) => chunks.join("").trim().replace(/^"(.*)"$/, "$1").trim());
  if (values.some((v) => v === expected)) return { match: true };
  const ours = values.filter((v) => v.toLowerCase().startsWith(CHALLENGE_VALUE_PREFIX));
  if (ours.length) {
    return { match: false, reason: `A TXT record was found but its value does not match: expected ${expected}` };
  }
  return { match: false, reason: values.length ? `TXT records were found but none is ${expected}` : "No TXT record was found" };
}
