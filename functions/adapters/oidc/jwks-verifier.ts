/**
 * Verifies an officer's access token against any OpenID provider's JWKS (Cognito deployed, the embedded provider
 * locally, Keycloak by configuration): signature, issuer, audience (OIDC_AUDIENCE; Cognito's access tokens carry
 * the app client in `client_id` instead of `aud`, so a token whose `client_id` is OIDC_CLIENT_ID is accepted too).
 */
import { createRemoteJWKSet, jwtVerify, errors as joseErrors } from "jose";
import { UnauthenticatedError } from "../../core/errors";
import type { TokenVerifier } from "../../core/officer/model";

export interface OidcSettings {
  issuer: string;
  audience: string;
  clientId: string;
  /** Default: the issuer's discovery says where; `<issuer>/.well-known/jwks.json` (Cognito) or `<issuer>/jwks`. */
  jwksUrl?: string;
}

export function jwksVerifier(settings: OidcSettings): TokenVerifier {
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  const keys = async () => {
    if (jwks) return jwks;
    let url = settings.jwksUrl;
    if (!url) {
      const res = await fetch(`${settings.issuer}/.well-known/openid-configuration`);
      if (!res.ok) throw new UnauthenticatedError("officer.token_invalid");
      url = ((await res.json()) as { jwks_uri: string }).jwks_uri;
    }
    jwks = createRemoteJWKSet(new URL(url));
    return jwks;
  };
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, await keys(), { issuer: settings.issuer });
        const aud = typeof payload.aud === "string" ? [payload.aud] : (payload.aud ?? []);
        const audienceOk = aud.includes(settings.audience) || (payload.client_id === settings.clientId && payload.token_use === "access");
        if (!audienceOk || !payload.sub) throw new UnauthenticatedError("officer.token_invalid");
        const username = (payload.username ?? payload["cognito:username"] ?? payload.preferred_username) as string | undefined;
        return { sub: payload.sub, username };
      } catch (err) {
        if (err instanceof UnauthenticatedError) throw err;
        if (err instanceof joseErrors.JOSEError) throw new UnauthenticatedError(err instanceof joseErrors.JWTExpired ? "officer.token_expired" : "officer.token_invalid");
        throw err;
      }
    },
  };
}
