/**
 * The local OpenID provider embedded in `npm start` (never deployed: there the stage's Cognito user pool signs
 * officers in). Issuer `<portal>/idp`, discovery at `/idp/.well-known/openid-configuration`; authorization code +
 * PKCE for the public client `dichvucong-officer`; JWT access tokens for the resource `dichvucong-api`. Its
 * accounts live in their own store (functions/local/idp-accounts.ts); its signing and cookie keys in the data folder,
 * so a restart keeps the tokens it issued valid. Sessions and grants are in memory (a restart signs everyone out of
 * the IdP, not out of the API). Its pages (functions/local/idp-pages.ts) are served under the site's own strict
 * security headers, like every other answer under /idp.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Hono } from "hono";
import { exportJWK, generateKeyPair } from "jose";
import Provider, { errors } from "oidc-provider";
import type { IdpAccounts } from "./idp-accounts";
import {
  errorPage,
  IDP_SIGN_OUT_SCRIPT,
  IDP_SIGN_OUT_SCRIPT_PATH,
  idpStylesheet,
  IDP_STYLESHEET_PATH,
  idpLang,
  idpText,
  loginPage,
  logoutPage,
  signedOutPage,
} from "./idp-pages";

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
  /**
   * The security headers of the site's pages (its strict Content-Security-Policy, frame protection…): sent with
   * every answer under /idp too, the provider's own and its pages'. They need no exception: the pages' look and
   * their one script are same-origin files (functions/local/idp-pages.ts).
   */
  headers: Readonly<Record<string, string>>;
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
      rpInitiatedLogout: {
        enabled: true,
        // The back office signs out with the officer's ID token as its hint (web/src/officer/auth.ts signOut): then
        // the page signs out at once; without it, it asks.
        async logoutSource(ctx: any, form: string) {
          const hint = ctx.oidc.entities?.IdTokenHint as { payload?: { sub?: string } } | undefined;
          const auto = Boolean(hint?.payload?.sub && hint.payload.sub === ctx.oidc.session?.accountId);
          ctx.type = "html";
          ctx.body = logoutPage(idpLang(ctx.oidc.params?.ui_locales), form, auto);
        },
        async postLogoutSuccessSource(ctx: any) {
          ctx.type = "html";
          ctx.body = signedOutPage(idpLang(ctx.oidc?.params?.ui_locales));
        },
      },
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
      ctx.body = errorPage(idpLang(ctx.oidc?.params?.ui_locales), out.error_description ?? out.error ?? "");
    },
    discovery: { ui_locales_supported: ["vi", "en"] },
  });
  provider.proxy = false;
  // Quiet: the provider's own warnings about its in-memory sessions are expected locally.
  provider.on("server_error", () => {});
  const callback = provider.callback();

  // Answered here rather than by the provider: its pages' stylesheet and script, and the sign-in interaction.
  const ownPaths = [IDP_STYLESHEET_PATH, IDP_SIGN_OUT_SCRIPT_PATH, "/idp/interaction/"];
  root.use("/idp/*", async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(options.headers)) c.res.headers.set(name, value);
  });
  const stylesheet = idpStylesheet();
  root.get(IDP_STYLESHEET_PATH, (c) => c.body(stylesheet, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=300" }));
  root.get(IDP_SIGN_OUT_SCRIPT_PATH, (c) =>
    c.body(IDP_SIGN_OUT_SCRIPT, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=300" }),
  );
  root.get("/idp/interaction/:uid", async (c) => {
    const env = c.env as NodeEnv;
    const details = await provider.interactionDetails(env.incoming, env.outgoing);
    const lang = idpLang(details.params.ui_locales);
    if (details.prompt.name === "login") return c.html(loginPage(lang, details.uid), 200, { "cache-control": "no-store" });
    // consent is granted by loadExistingGrant; anything else finishes the interaction as it is
    const url = await provider.interactionResult(env.incoming, env.outgoing, {}, { mergeWithLastSubmission: true });
    return c.redirect(url, 303);
  });
  root.post("/idp/interaction/:uid/login", async (c) => {
    const env = c.env as NodeEnv;
    const details = await provider.interactionDetails(env.incoming, env.outgoing);
    const form = await c.req.parseBody();
    const lang = idpLang(details.params.ui_locales);
    const username = String(form.username ?? "").trim();
    const account = await options.accounts.verify(username, String(form.password ?? ""));
    if (!account) return c.html(loginPage(lang, details.uid, idpText(lang).wrongPassword, username), 401, { "cache-control": "no-store" });
    const url = await provider.interactionResult(env.incoming, env.outgoing, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
    return c.redirect(url, 303);
  });
  /** The provider's own endpoints, answered before Hono (it writes the Node response itself). */
  const handles = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? "";
    if (!url.startsWith("/idp/") || ownPaths.some((path) => url.startsWith(path))) return false;
    for (const [name, value] of Object.entries(options.headers)) res.setHeader(name, value);
    (req as NodeEnv["incoming"]).originalUrl = url;
    req.url = url.slice("/idp".length) || "/";
    callback(req, res);
    return true;
  };
  return { issuer, handles };
}
