import { createHash, randomBytes } from "node:crypto";

/**
 * Signs an officer in at the portal's embedded OpenID provider the way a browser does: the authorization-code flow
 * with PKCE, over real HTTP (the login form posted, cookies carried), then the code exchanged for an access token.
 */
export async function officerToken(portalUrl: string, username: string, password: string): Promise<string> {
  const issuer = `${portalUrl}/idp`;
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { authorization_endpoint: string; token_endpoint: string };
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const redirectUri = `${portalUrl}/officer/callback`;
  const jar = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(new URL(url, portalUrl), {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return res;
  };
  const auth = new URL(discovery.authorization_endpoint);
  for (const [k, v] of Object.entries({
    client_id: "dichvucong-officer",
    redirect_uri: redirectUri,
    response_type: "code",
    scope: "openid profile",
    code_challenge: challenge,
    code_challenge_method: "S256",
    state: randomBytes(8).toString("hex"),
  }))
    auth.searchParams.set(k, v);
  let res = await send(auth.href);
  let code: string | null = null;
  for (let hop = 0; hop < 10 && !code; hop++) {
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, portalUrl);
      if (next.href.startsWith(redirectUri)) {
        code = next.searchParams.get("code");
        if (!code) throw new Error(`sign-in refused: ${next.search}`);
        break;
      }
      res = await send(next.href);
      continue;
    }
    const html = await res.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (res.status !== 200 || !action) throw new Error(`unexpected page ${res.status}: ${html.slice(0, 300)}`);
    res = await send(action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username, password }).toString(),
    });
    if (res.status === 401) throw new Error("wrong user name or password");
  }
  if (!code) throw new Error("no authorization code");
  const token = await fetch(discovery.token_endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri, client_id: "dichvucong-officer", code_verifier: verifier }).toString(),
  });
  const body = (await token.json()) as { access_token?: string; error?: string; error_description?: string };
  if (!body.access_token) throw new Error(`token: ${token.status} ${JSON.stringify(body)}`);
  return body.access_token;
}
