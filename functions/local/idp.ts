/**
 * The local OpenID provider embedded in `npm start` (never deployed: there the stage's Cognito user pool signs
 * officers in). Issuer `<portal>/idp`, discovery at `/idp/.well-known/openid-configuration`; authorization code +
 * PKCE for the public client `dichvucong-officer`; JWT access tokens for the resource `dichvucong-api`. Its
 * accounts live in their own store (functions/local/idp-accounts.ts); its signing and cookie keys in the data folder,
 * so a restart keeps the tokens it issued valid. Sessions and grants are in memory (a restart signs everyone out of
 * the IdP, not out of the API).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Hono } from "hono";
import { exportJWK, generateKeyPair } from "jose";
import Provider, { errors } from "oidc-provider";
import type { IdpAccounts } from "./idp-accounts";

export const OFFICER_CLIENT_ID = "dichvucong-officer";
/** The API as a resource indicator (an absolute URI, as RFC 8707 asks): the access tokens' audience. */
export const OFFICER_AUDIENCE = "urn:dichvucong:api";
export const OFFICER_SCOPES = "openid profile";

export interface LocalIdpOptions {
  /** The portal's URL (`http://localhost:<port>`): the issuer is `<it>/idp`. */
  portalUrl: string;
  dataDir: string;
  accounts: IdpAccounts;
  /** Seconds an access token stays valid (IDP_ACCESS_TOKEN_TTL; default 900). */
  accessTokenTtl: number;
}

interface NodeEnv {
  incoming: IncomingMessage & { originalUrl?: string };
  outgoing: ServerResponse;
}

async function signingKeys(dataDir: string): Promise<object[]> {
  const file = join(dataDir, "idp-jwks.json");
  if (!existsSync(file)) {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: randomBytes(8).toString("hex"), alg: "RS256", use: "sig" };
    writeFileSync(file, JSON.stringify({ keys: [jwk] }), { mode: 0o600 });
  }
  return (JSON.parse(readFileSync(file, "utf8")) as { keys: object[] }).keys;
}

function cookieKeys(dataDir: string): string[] {
  const file = join(dataDir, "idp-cookie-key");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return [readFileSync(file, "utf8").trim()];
}

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The sign-in page: one form, labelled fields, Vietnamese. */
function loginPage(uid: string, error?: string, username = ""): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Đăng nhập cán bộ — Dịch vụ công</title>
<style>body{font-family:system-ui,sans-serif;max-width:24rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
label{display:block;margin-top:1rem;font-weight:600}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem;background:#b71c1c;color:#fff;border:0;border-radius:4px}
.error{color:#b71c1c;font-weight:600}</style></head>
<body><main><h1>Đăng nhập cán bộ</h1>
${error ? `<p class="error" role="alert" id="login-error">${escape(error)}</p>` : ""}
<form method="post" action="/idp/interaction/${escape(uid)}/login" autocomplete="on">
<label for="username">Tên đăng nhập</label>
<input id="username" name="username" autocomplete="username" required value="${escape(username)}"${error ? ' aria-describedby="login-error"' : ""}>
<label for="password">Mật khẩu</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Đăng nhập</button>
</form></main></body></html>`;
}

/** Builds the provider and mounts it (and its login interaction) on the portal's root under /idp. */
export async function mountLocalIdp(root: Hono, options: LocalIdpOptions): Promise<{ issuer: string; handles(req: IncomingMessage, res: ServerResponse): boolean }> {
  const issuer = `${options.portalUrl}/idp`;
  const ttl = options.accessTokenTtl;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OFFICER_CLIENT_ID,
        token_endpoint_auth_method: "none",
        application_type: "web",
        grant_types: ["authorization_code"],
        response_types: ["code"],
        redirect_uris: [`${options.portalUrl}/officer/callback`],
        post_logout_redirect_uris: [`${options.portalUrl}/officer/`],
      },
    ],
    pkce: { required: () => true },
    jwks: { keys: await signingKeys(options.dataDir) },
    cookies: { keys: cookieKeys(options.dataDir) },
    claims: { openid: ["sub"], profile: ["name", "preferred_username"] },
    scopes: ["openid", "profile"],
    ttl: { AccessToken: ttl, IdToken: ttl, Session: 8 * 3600, Interaction: 600, Grant: 8 * 3600, AuthorizationCode: 60 },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => OFFICER_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => {
          if (resource !== OFFICER_AUDIENCE) throw new errors.InvalidTarget();
          return { scope: "officer", audience: OFFICER_AUDIENCE, accessTokenTTL: ttl, accessTokenFormat: "jwt", jwt: { sign: { alg: "RS256" } } };
        },
      },
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/idp/interaction/${interaction.uid}` },
    // A first-party client: no consent screen; the grant is made on sign-in.
    async loadExistingGrant(ctx: any) {
      const clientId = ctx.oidc.client.clientId;
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(clientId);
      if (grantId) {
        const found = await ctx.oidc.provider.Grant.find(grantId);
        if (found) return found;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(OFFICER_SCOPES);
      grant.addOIDCClaims(["name", "preferred_username"]);
      grant.addResourceScope(OFFICER_AUDIENCE, "officer");
      await grant.save();
      return grant;
    },
    async findAccount(_ctx: unknown, sub: string) {
      const account = await options.accounts.bySub(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, name: account.name, preferred_username: account.username }) };
    },
    renderError(ctx: any, out: Record<string, string>) {
      ctx.type = "html";
      ctx.body = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Lỗi đăng nhập</title></head><body><main><h1>Không đăng nhập được</h1><p>${escape(
        out.error_description ?? out.error ?? "",
      )}</p></main></body></html>`;
    },
  });
  provider.proxy = false;
  // Quiet: the provider's own warnings about its in-memory sessions are expected locally.
  provider.on("server_error", () => {});
  const callback = provider.callback();

  root.get("/idp/interaction/:uid", async (c) => {
    const env = c.env as NodeEnv;
    const details = await provider.interactionDetails(env.incoming, env.outgoing);
    if (details.prompt.name === "login") return c.html(loginPage(details.uid), 200, { "cache-control": "no-store" });
    // consent is granted by loadExistingGrant; anything else finishes the interaction as it is
    const url = await provider.interactionResult(env.incoming, env.outgoing, {}, { mergeWithLastSubmission: true });
    return c.redirect(url, 303);
  });
  root.post("/idp/interaction/:uid/login", async (c) => {
    const env = c.env as NodeEnv;
    const details = await provider.interactionDetails(env.incoming, env.outgoing);
    const form = await c.req.parseBody();
    const username = String(form.username ?? "").trim();
    const account = await options.accounts.verify(username, String(form.password ?? ""));
    if (!account) return c.html(loginPage(details.uid, "Tên đăng nhập hoặc mật khẩu không đúng.", username), 401, { "cache-control": "no-store" });
    const url = await provider.interactionResult(env.incoming, env.outgoing, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
    return c.redirect(url, 303);
  });
  /** The provider's own endpoints, answered before Hono (it writes the Node response itself). */
  const handles = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? "";
    if (!url.startsWith("/idp/") || url.startsWith("/idp/interaction/")) return false;
    (req as NodeEnv["incoming"]).originalUrl = url;
    req.url = url.slice("/idp".length) || "/";
    callback(req, res);
    return true;
  };
  return { issuer, handles };
}
