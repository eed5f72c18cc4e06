// Test support: a real OpenID Provider (panva/oidc-provider 9, as the SSO e2e IdP uses) on a loopback
// port, in-process. Tokens are minted through the provider's own models (no browser login), so the
// session check talks to genuine token, userinfo and JWKS endpoints. A deactivated user has no
// account: the provider then refuses the refresh token and the access token (userinfo).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import Provider from "oidc-provider";

type User = { email: string; sub: string; active: boolean };
type Client = { clientId: string; clientSecret: string };

export class OidcTestIdp {
  issuer = "";
  private server: Server | null = null;
  private provider!: Provider;
  private readonly users = new Map<string, User>();
  private readonly clients: Client[] = [];
  private readonly key = { ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }), kid: "k1", alg: "RS256", use: "sig" };
  private port = 0;

  /** Starts on a free loopback port (or the same port again after stop()). */
  async start(): Promise<this> {
    this.server = createServer((req, res) => this.provider.callback()(req, res));
    await new Promise<void>((r) => this.server!.listen(this.port, "127.0.0.1", () => r()));
    this.port = (this.server.address() as AddressInfo).port;
    this.issuer = `http://127.0.0.1:${this.port}`;
    this.build();
    return this;
  }

  /** The provider goes away (connection refused) until start() again. */
  async stop() {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); });
  }

  addClient(clientId: string, clientSecret = `secret-${clientId}`): Client {
    this.clients.push({ clientId, clientSecret });
    this.build();
    return { clientId, clientSecret };
  }

  /** Adds the person (or returns them when they exist). */
  addUser(email: string): User {
    const existing = this.users.get(email.toLowerCase());
    if (existing) return existing;
    const u = { email: email.toLowerCase(), sub: `sub-${randomUUID().slice(0, 8)}`, active: true };
    this.users.set(u.email, u);
    return u;
  }

  /** Forgets every person (between tests). */
  resetUsers() {
    this.users.clear();
  }

  deactivate(email: string) {
    this.users.get(email.toLowerCase())!.active = false;
  }

  /** An access token and refresh token for the user, as an authorization-code sign-in would have issued them. */
  async issueTokens(email: string, clientId: string, opts: { accessTokenTtl?: number; refreshTokenTtl?: number } = {}) {
    const p = this.provider;
    const accountId = email.toLowerCase();
    const client = await p.Client.find(clientId);
    if (!client) throw new Error(`unknown client ${clientId}`);
    const grant = new p.Grant({ accountId, clientId });
    grant.addOIDCScope("openid email offline_access");
    const grantId = await grant.save();
    const scope = "openid email offline_access";
    const ttl = (s?: number) => (s ? { expiresIn: s } : {});
    const accessToken = await new p.AccessToken({ accountId, client, grantId, scope, gty: "authorization_code", ...ttl(opts.accessTokenTtl) }).save();
    const refreshToken = await new p.RefreshToken({ accountId, client, grantId, scope, gty: "authorization_code", iat: Math.floor(Date.now() / 1000), ...ttl(opts.refreshTokenTtl) }).save();
    return { accessToken, refreshToken };
  }

  private build() {
    if (!this.issuer) return;
    this.provider = new Provider(this.issuer, {
      clients: this.clients.map((c) => ({
        client_id: c.clientId, client_secret: c.clientSecret,
        grant_types: ["authorization_code", "refresh_token"], response_types: ["code"],
        redirect_uris: ["http://127.0.0.1/callback"], token_endpoint_auth_method: "client_secret_basic",
      })),
      jwks: { keys: [this.key as never] },
      features: { devInteractions: { enabled: false }, revocation: { enabled: true }, userinfo: { enabled: true } },
      claims: { openid: ["sub"], email: ["email", "email_verified"] },
      ttl: { AccessToken: 3600, IdToken: 3600, RefreshToken: 86400, Grant: 86400, Session: 3600, Interaction: 600, AuthorizationCode: 60 },
      rotateRefreshToken: true,
      findAccount: async (_ctx, id) => {
        const u = this.users.get(String(id));
        if (!u || !u.active) return undefined;
        return { accountId: u.email, claims: async () => ({ sub: u.email, email: u.email, email_verified: true }) };
      },
      cookies: { keys: ["session-check-test"] },
      clockTolerance: 0, // short-lived test tokens expire on time
    });
    this.provider.proxy = false;
  }
}
