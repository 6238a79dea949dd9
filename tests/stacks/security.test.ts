/**
 * Issue #18 in the deployed stacks: the web's security headers (items 6 and 9), and GuardDuty's malware scanning of
 * the attachments bucket with a bucket policy that serves submitted files only once they were found clean.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { SCAN_STATUS_TAG } from "../../functions/adapters/guardduty/scan-tag";
import { WEB_SECURITY_HEADERS } from "../../functions/http/web-headers";
import { SPA_ROUTER_CODE } from "../../stacks/Edge";
import { label, resources, synth, type Synth } from "./synth";

let s: Synth;
beforeAll(async () => {
  s = await synth("test");
});

const only = <T>(record: Record<string, T>): T => {
  const values = Object.values(record);
  expect(values).toHaveLength(1);
  return values[0]!;
};
const distributionConfig = () => only(resources(s.templates.Edge, "AWS::CloudFront::Distribution")).Properties!["DistributionConfig"];

describe("Web: security headers at the edge", () => {
  it("answers every page and file with a strict CSP, nosniff, frame protection and HSTS", () => {
    const behavior = distributionConfig()["DefaultCacheBehavior"];
    const [id, policy] = Object.entries(resources(s.templates.Edge, "AWS::CloudFront::ResponseHeadersPolicy"))[0]!;
    expect(behavior["ResponseHeadersPolicyId"]).toEqual({ Ref: id });
    const headers = policy.Properties!["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"];
    const csp = headers["ContentSecurityPolicy"]["ContentSecurityPolicy"] as string;
    const directives = Object.fromEntries(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives["default-src"]).toEqual(["'self'"]);
    expect(directives["script-src"]).toEqual(["'self'"]);
    expect(directives["style-src"]).toEqual(["'self'"]);
    expect(directives["frame-ancestors"]).toEqual(["'none'"]);
    expect(directives["object-src"]).toEqual(["'none'"]);
    // The API (its own origin) and the attachments bucket (browser uploads), by their AWS hosts in the stage's region.
    expect(directives["connect-src"]).toEqual(["'self'", `https://*.execute-api.${s.app.region}.amazonaws.com`, `https://*.s3.${s.app.region}.amazonaws.com`, `https://cognito-idp.${s.app.region}.amazonaws.com`, `https://*.auth.${s.app.region}.amazoncognito.com`]);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(headers["ContentSecurityPolicy"]["Override"]).toBe(true);
    expect(headers["ContentTypeOptions"]).toEqual({ Override: true });
    expect(headers["FrameOptions"]).toEqual({ FrameOption: "DENY", Override: true });
    expect(headers["ReferrerPolicy"]).toEqual({ ReferrerPolicy: "same-origin", Override: true });
    expect(headers["StrictTransportSecurity"]).toMatchObject({ AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true, Override: true });
    const custom = policy.Properties!["ResponseHeadersPolicyConfig"]["CustomHeadersConfig"]["Items"];
    expect(custom).toEqual(
      expect.arrayContaining([
        { Header: "cross-origin-opener-policy", Value: WEB_SECURITY_HEADERS["cross-origin-opener-policy"], Override: true },
        { Header: "permissions-policy", Value: WEB_SECURITY_HEADERS["permissions-policy"], Override: true },
      ]),
    );
  });
});

describe("Web: single-page routing without hiding missing files", () => {
  it("has no distribution-wide error page that turns a missing file into index.html (200)", () => {
    expect(distributionConfig()["CustomErrorResponses"]).toBeUndefined();
  });

  it("routes app paths to index.html and leaves build files as they are, in a viewer-request function", () => {
    const [id, fn] = Object.entries(resources(s.templates.Edge, "AWS::CloudFront::Function"))[0]!;
    expect(fn.Properties!["FunctionConfig"]["Runtime"]).toBe("cloudfront-js-2.0");
    expect(fn.Properties!["FunctionCode"]).toBe(SPA_ROUTER_CODE);
    expect(distributionConfig()["DefaultCacheBehavior"]["FunctionAssociations"]).toEqual([
      { EventType: "viewer-request", FunctionARN: { "Fn::GetAtt": [id, "FunctionARN"] } },
    ]);
    // The function as CloudFront runs it.
    const handler = new Function(`${SPA_ROUTER_CODE}; return handler;`)() as (event: { request: { uri: string } }) => { uri: string };
    const route = (uri: string) => handler({ request: { uri } }).uri;
    expect(route("/")).toBe("/index.html");
    expect(route("/procedures/1.001193/apply")).toBe("/index.html");
    expect(route("/track/000.00.31.H99-261124-0001")).toBe("/index.html");
    expect(route("/officer")).toBe("/officer/index.html");
    expect(route("/officer/dossiers/000.00.31.H99-261124-0001")).toBe("/officer/index.html");
    expect(route("/officers-list")).toBe("/index.html");
    expect(route("/assets/index-abc123.js")).toBe("/assets/index-abc123.js");
    expect(route("/assets/missing.js")).toBe("/assets/missing.js");
    expect(route("/reference/5.0.0/swagger-ui-bundle.js")).toBe("/reference/5.0.0/swagger-ui-bundle.js");
  });

  it("lets the distribution list the site bucket, so a missing file is S3's 404 rather than 403", () => {
    const policy = Object.values(resources(s.templates.Edge, "AWS::S3::BucketPolicy")).find((p) => label(p.Properties!["Bucket"]) === "Site")!;
    const list = (policy.Properties!["PolicyDocument"]["Statement"] as Record<string, any>[]).find((st) => st["Action"] === "s3:ListBucket")!;
    expect(list["Effect"]).toBe("Allow");
    expect(list["Principal"]).toEqual({ Service: "cloudfront.amazonaws.com" });
    expect(label(list["Resource"])).toBe("Site.Arn");
    expect(JSON.stringify(list["Condition"])).toContain("distribution");
  });
});

describe("Storage: malware scanning of the attachments bucket", () => {
  it("enables GuardDuty Malware Protection for S3 on the bucket, tagging every object with its verdict", () => {
    const plan = only(resources(s.templates.Storage, "AWS::GuardDuty::MalwareProtectionPlan")).Properties!;
    expect(label(plan["ProtectedResource"]["S3Bucket"]["BucketName"])).toBe("AttachmentsBucket");
    // The whole bucket: no prefix filter, every upload is scanned.
    expect(plan["ProtectedResource"]["S3Bucket"]["ObjectPrefixes"]).toBeUndefined();
    expect(plan["Actions"]).toEqual({ Tagging: { Status: "ENABLED" } });
    expect(label(plan["Role"])).toBe("MalwareProtectionRole.Arn");
  });

  it("gives GuardDuty's role only what a protection plan needs, on this bucket", () => {
    const role = resources(s.templates.Storage, "AWS::IAM::Role")[Object.keys(resources(s.templates.Storage, "AWS::IAM::Role")).find((id) => id.startsWith("MalwareProtectionRole"))!]!;
    expect(role.Properties!["AssumeRolePolicyDocument"]["Statement"]).toEqual([
      { Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: "malware-protection-plan.guardduty.amazonaws.com" } },
    ]);
    const statements = role.Properties!["Policies"].flatMap((p: any) => p["PolicyDocument"]["Statement"]) as Record<string, any>[];
    const s3Resources = statements.filter((st) => [st["Action"]].flat().some((a: string) => a.startsWith("s3:"))).flatMap((st) => [st["Resource"]].flat().map(label));
    for (const resource of s3Resources) expect(resource).toMatch(/^AttachmentsBucket\.Arn/);
    const actions = statements.flatMap((st) => [st["Action"]].flat());
    expect(actions).toEqual(expect.arrayContaining(["s3:GetObject", "s3:PutObjectTagging", "s3:PutBucketNotification", "events:PutRule"]));
    expect(actions.filter((a: string) => a.endsWith("*"))).toEqual([]);
  });

  it("lets a presigned URL download a file only when it carries GuardDuty's clean tag", () => {
    const policy = Object.values(resources(s.templates.Storage, "AWS::S3::BucketPolicy")).find((p) => label(p.Properties!["Bucket"]) === "AttachmentsBucket")!;
    const deny = (policy.Properties!["PolicyDocument"]["Statement"] as Record<string, any>[]).find((st) => st["Sid"] === "DownloadOnlyFilesScannedClean")!;
    expect(deny["Effect"]).toBe("Deny");
    expect(deny["Principal"]).toEqual({ AWS: "*" });
    expect(deny["Action"]).toEqual(["s3:GetObject", "s3:GetObjectVersion"]);
    expect(label(deny["Resource"])).toBe("AttachmentsBucket.Arn/*");
    // Not tagged clean (no tag yet, infected, unscannable)…
    expect(deny["Condition"]["StringNotEquals"]).toEqual({ [`s3:ExistingObjectTag/${SCAN_STATUS_TAG}`]: "NO_THREATS_FOUND" });
    // …and asked for by a presigned URL (every download the portal hands out): denied.
    expect(deny["Condition"]["StringEquals"]).toEqual({ "s3:authType": "REST-QUERY-STRING" });
  });

  it("passes cdk-nag with the new resources", () => {
    expect(s.nagErrors).toEqual([]);
  });
});
