import * as oauth from "oauth4webapi";
import { api } from "../api";
import { lang } from "./i18n";

/**
 * The officer's sign-in: OpenID Connect authorization code + PKCE (public client, no secret) with oauth4webapi.
 * The issuer and client id come from the API (`GET /v1/officer/config`): locally the provider embedded in the portal
 * (`<origin>/idp`), deployed the stage's Cognito user pool. Tokens live in sessionStorage (this tab only).
 */
const REDIRECT = `${location.origin}/officer/callback`;
const CLIENT: oauth.Client = { client_id: "dichvucong-officer" };
let ISSUER = new URL(`${location.origin}/idp`);
let insecure: Record<symbol, boolean> = {};
let configured: Promise<void> | undefined;

/** The provider and client the API names (`GET /v1/officer/config`: Cognito deployed, the embedded one locally). */
function configure(): Promise<void> {
  configured ??= api<{ issuer: string; clientId: string }>("/v1/officer/config")
    .then((config) => {
      ISSUER = new URL(config.issuer);
      CLIENT.client_id = config.clientId;
    })
    .catch(() => undefined)
    .then(() => {
      insecure = ISSUER.protocol === "http:" ? { [oauth.allowInsecureRequests]: true } : {};
    });
  return configured;
}

const TOKEN = "dvc.officer.token";
const PENDING = "dvc.officer.pending";
const RETURN = "dvc.officer.return";

interface Session {
  accessToken: string;
  idToken?: string;
  expiresAt: number;
}

let server: oauth.AuthorizationServer | undefined;
async function authorizationServer(): Promise<oauth.AuthorizationServer> {
  if (server) return server;
  await configure();
  const res = await oauth.discoveryRequest(ISSUER, { algorithm: "oidc", ...insecure });
  server = await oauth.processDiscoveryResponse(ISSUER, res);
  return server;
}

function read<T>(key: string): T | undefined {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

export function accessToken(): string | undefined {
  const s = read<Session>(TOKEN);
  return s && s.expiresAt > Date.now() ? s.accessToken : undefined;
}

/** Sends the browser to the provider; `returnTo` is where the officer lands after signing in. */
export async function signIn(returnTo = location.pathname + location.search): Promise<never> {
  const as = await authorizationServer();
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce }));
  sessionStorage.setItem(RETURN, returnTo.startsWith("/officer") && !returnTo.startsWith("/officer/callback") ? returnTo : "/officer/");
  const url = new URL(as.authorization_endpoint!);
  url.searchParams.set("client_id", CLIENT.client_id);
  url.searchParams.set("redirect_uri", REDIRECT);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", "openid profile");
  url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set("code_challenge_method", "S256");
  url.searchParams.set("state", state);
  url.searchParams.set("nonce", nonce);
  // The provider's pages in the back office's language (the embedded one speaks vi and en).
  url.searchParams.set("ui_locales", lang());
  location.assign(url.href);
  return new Promise<never>(() => {});
}

/** On /officer/callback: trades the code for tokens; answers where to go next. */
export async function completeSignIn(): Promise<string> {
  const pending = read<{ verifier: string; state: string; nonce: string }>(PENDING);
  if (!pending) throw new Error("no sign-in in progress");
  const as = await authorizationServer();
  const params = oauth.validateAuthResponse(as, CLIENT, new URL(location.href), pending.state);
  const res = await oauth.authorizationCodeGrantRequest(as, CLIENT, oauth.None(), params, REDIRECT, pending.verifier, insecure);
  const result = await oauth.processAuthorizationCodeResponse(as, CLIENT, res, { expectedNonce: pending.nonce, requireIdToken: true });
  const session: Session = {
    accessToken: result.access_token,
    idToken: result.id_token,
    // A little early, so a call is not sent with a token about to lapse.
    expiresAt: Date.now() + Math.max(30, (result.expires_in ?? 900) - 15) * 1000,
  };
  sessionStorage.setItem(TOKEN, JSON.stringify(session));
  sessionStorage.removeItem(PENDING);
  const to = sessionStorage.getItem(RETURN) ?? "/officer/";
  sessionStorage.removeItem(RETURN);
  return to;
}

export function forgetSession(): void {
  sessionStorage.removeItem(TOKEN);
}

/**
 * Signs out here and at the provider (RP-initiated logout at its `end_session_endpoint`, with the ID token as the
 * hint, so it ends its own session without asking again): the next sign-in asks for the password. Everything the
 * officer left in this tab goes too, the drafts of their forms included: the next officer at this desk sees none of it.
 */
export async function signOut(): Promise<void> {
  const s = read<Session>(TOKEN);
  for (const key of Object.keys(sessionStorage)) if (key.startsWith("dvc.officer.")) sessionStorage.removeItem(key);
  // The one address registered for coming back (locally and on Cognito); the language is remembered in localStorage.
  const back = `${location.origin}/officer/`;
  try {
    const as = await authorizationServer();
    if (as.end_session_endpoint) {
      const url = new URL(as.end_session_endpoint);
      url.searchParams.set("client_id", CLIENT.client_id);
      url.searchParams.set("post_logout_redirect_uri", back);
      url.searchParams.set("ui_locales", lang());
      if (s?.idToken) url.searchParams.set("id_token_hint", s.idToken);
      location.assign(url.href);
      return;
    }
  } catch {
    /* the provider is unreachable: the local session is gone anyway */
  }
  location.assign(back);
}
