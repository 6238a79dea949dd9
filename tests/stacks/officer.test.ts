/** Issue #15 in the deployed stacks: the officers' Cognito pool, the JWT authorizer on /v1/officer/*, the officer function's rights. */
import { beforeAll, describe, expect, it } from "vitest";
import { OFFICER_PUBLIC_ROUTE } from "../../stacks/Api";
import { apiRoutes } from "../../functions/wiring";
import { resources, synth, type Synth } from "./synth";

let s: Synth;
beforeAll(async () => {
  s = await synth("test");
}, 300_000);

const one = (type: string) => {
  const found = Object.values(resources(s.templates.Api, type));
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe("Officers: Cognito and the JWT authorizer", () => {
  it("the user pool: no self sign-up, a strong password policy, MFA optional (TOTP) by default", () => {
    const pool = one("AWS::Cognito::UserPool").Properties!;
    expect(pool.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(pool.Policies.PasswordPolicy).toMatchObject({ MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true });
    expect(pool.MfaConfiguration).toBe("OPTIONAL");
    expect(pool.EnabledMfas).toEqual(["SOFTWARE_TOKEN_MFA"]);
  });

  it("one public app client: authorization code (PKCE), no secret, no implicit flow", () => {
    const client = one("AWS::Cognito::UserPoolClient").Properties!;
    expect(client.GenerateSecret).toBe(false);
    expect(client.AllowedOAuthFlows).toEqual(["code"]);
    expect(client.AllowedOAuthScopes.sort()).toEqual(["openid", "profile"]);
  });

  it("puts every /v1/officer/* route but the sign-in settings behind the JWT authorizer of that pool and client", () => {
    const authorizers = Object.entries(resources(s.templates.Api, "AWS::ApiGatewayV2::Authorizer")).filter(([, r]) => r.Properties!.AuthorizerType === "JWT");
    expect(authorizers).toHaveLength(1);
    const [jwtId, jwt] = authorizers[0]!;
    expect(JSON.stringify(jwt.Properties!.JwtConfiguration.Issuer)).toContain("cognito-idp");
    const routes = Object.values(resources(s.templates.Api, "AWS::ApiGatewayV2::Route"));
    const officerRoutes = routes.filter((r) => String(r.Properties!.RouteKey).includes("/v1/officer/"));
    expect(officerRoutes.map((r) => r.Properties!.RouteKey).sort()).toEqual([...apiRoutes().officer].sort());
    for (const route of officerRoutes) {
      if (route.Properties!.RouteKey === OFFICER_PUBLIC_ROUTE) expect(route.Properties!.AuthorizationType ?? "NONE").toBe("NONE");
      else {
        expect(route.Properties!.AuthorizationType, route.Properties!.RouteKey).toBe("JWT");
        expect(route.Properties!.AuthorizerId).toEqual({ Ref: jwtId });
      }
    }
  });

  it("the officer function: named table actions and its key prefixes only (no scan, no delete but idempotency claims)", () => {
    const policies = Object.entries(resources(s.templates.Api, "AWS::IAM::Policy")).filter(([id]) => id.startsWith("Officer"));
    expect(policies.length).toBeGreaterThan(0);
    const actions = policies.flatMap(([, p]) => p.Properties!.PolicyDocument.Statement.flatMap((st: { Action: string | string[] }) => [st.Action].flat()));
    expect(actions).not.toContain("dynamodb:Scan");
    expect(actions.filter((a: string) => a.endsWith("*"))).toEqual([]);
  });

  it("passes cdk-nag", () => {
    expect(s.nagErrors).toEqual([]);
  });
});
