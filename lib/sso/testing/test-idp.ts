// Test support: an identity provider in a box. Signs ID tokens with locally generated keys and serves
// discovery + JWKS on a loopback port (for Verify), so the SSO suites need no real provider.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { randomUUID } from "node:crypto";
import { JwksCache } from "../jwks";

export type TestKey = { privateKey: CryptoKey; jwk: JWK };

export async function testKey(kid = randomUUID().slice(0, 8), alg = "RS256"): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

export class TestIdp {
  keys: TestKey[] = [];
  server: Server | null = null;
  issuer: string;
  discoveryOverride: Record<string, unknown> | null = null;
  /** What POST /token answers (the Auth.js callback's code exchange); null -> invalid_grant. */
  tokenResponse: Record<string, unknown> | null = null;
  /** Form bodies of the token requests received. */
  tokenRequests: URLSearchParams[] = [];

  constructor(issuer = "https://idp.test.example") {
    this.issuer = issuer;
  }

  static async create(issuer?: string) {
    const idp = new TestIdp(issuer);
    idp.keys.push(await testKey("k1"));
    return idp;
  }

  get jwks() {
    return { keys: this.keys.map((k) => k.jwk) };
  }

  get endpoints() {
    return {
      issuer: this.issuer,
      authorization_endpoint: `${this.issuer}/auth`,
      token_endpoint: `${this.issuer}/token`,
      userinfo_endpoint: `${this.issuer}/me`,
      jwks_uri: `${this.issuer}/jwks`,
      revocation_endpoint: `${this.issuer}/token/revocation`,
      id_token_signing_alg_values_supported: ["RS256", "ES256"],
    };
  }

  /** A JwksCache that fetches this provider's current key set without the network. */
  cache() {
    return new JwksCache({ fetch: async () => this.jwks, cooldownMs: 0 });
  }

  async rotate() {
    this.keys.unshift(await testKey(`k${this.keys.length + 1}`));
  }

  async idToken(claims: Record<string, unknown>, opts: { key?: TestKey; expiresIn?: number; iat?: number } = {}) {
    const key = opts.key ?? this.keys[0]!;
    const now = opts.iat ?? Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: this.issuer, nonce: randomUUID(), ...claims })
      .setProtectedHeader({ alg: key.jwk.alg as string, kid: key.jwk.kid })
      .setIssuedAt(now)
      .setExpirationTime(now + (opts.expiresIn ?? 300))
      .sign(key.privateKey);
  }

  /** Serves discovery, JWKS and a token endpoint on 127.0.0.1 (the issuer becomes http://127.0.0.1:<port>). */
  async listen() {
    this.server = createServer((req, res) => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.url === "/.well-known/openid-configuration") return send(200, this.discoveryOverride ?? this.endpoints);
      if (req.url === "/jwks") return send(200, this.jwks);
      if (req.url === "/token" && req.method === "POST") {
        let raw = "";
        req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
        req.on("end", () => {
          this.tokenRequests.push(new URLSearchParams(raw));
          if (this.tokenResponse) send(200, this.tokenResponse);
          else send(400, { error: "invalid_grant" });
        });
        return;
      }
      send(404, { error: "not_found" });
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", () => r()));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close() {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
