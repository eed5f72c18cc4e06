// The few parts of oidc-provider 9 (no bundled types) that lib/lifecycle/testing/oidc-idp.ts uses.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  type Token = { save(): Promise<string> };
  type TokenClass = new (init: Record<string, unknown>) => Token;
  type Account = { accountId: string; claims(): Promise<Record<string, unknown>> };

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown> & {
      findAccount?: (ctx: unknown, id: string) => Promise<Account | undefined>;
    });
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    Client: { find(id: string): Promise<unknown> };
    Grant: new (init: { accountId: string; clientId: string }) => { addOIDCScope(scope: string): void; save(): Promise<string> };
    AccessToken: TokenClass;
    RefreshToken: TokenClass;
  }
}
