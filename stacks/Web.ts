/**
 * The web front-end: SST's StaticSite builds web/ (Vite) with VITE_API_URL = the API's URL and uploads
 * web/dist into the Edge stack's bucket, behind the Edge stack's distribution, then invalidates the cache.
 *
 * The bucket and the distribution are not created here but in Edge, deployed first, because their origin is
 * needed by the API's and the attachments bucket's CORS rules (see stacks/Edge.ts). This stack only depends
 * on Edge and Api, so there is no cycle.
 *
 * WEB_PREBUILT_DIR: deploy an already-built directory as is, without running the build (a CI job that built
 * the site in an earlier step, and the CDK tests, which must not run Vite). Build it with
 * VITE_API_URL="{{ VITE_API_URL }}": StaticSite replaces that placeholder in *.js and *.html at deploy time.
 */
import path from "node:path";
import { NagSuppressions } from "cdk-nag";
import { StaticSite, use, type StackContext } from "sst/constructs";
import { Api } from "./Api";
import { Edge } from "./Edge";

export const WEB_PATH = "web";

export function Web({ stack }: StackContext) {
  const { site: bucket, distribution, webOrigin } = use(Edge);
  const { url: apiUrl } = use(Api);

  const prebuilt = process.env.WEB_PREBUILT_DIR?.trim();
  const site = new StaticSite(stack, "Site", {
    path: WEB_PATH,
    ...(prebuilt
      ? { buildOutput: path.relative(path.resolve(WEB_PATH), path.resolve(prebuilt)) }
      : { buildCommand: "npx vite build", buildOutput: "dist" }),
    environment: { VITE_API_URL: apiUrl },
    // SST writes env typings next to a Vite config; keep generated files out of web/src.
    vite: { types: "../.sst/web-env.d.ts" },
    // Everything else (single-page fallback, security headers, TLS, logging) is configured on the distribution.
    cdk: { bucket, distribution },
  });

  // SST's uploader (a deploy-time custom resource) syncs the build into the site bucket from the CDK assets
  // bucket: object actions on those two buckets' keys. Stack-level because SST creates it at build time.
  NagSuppressions.addStackSuppressions(stack, [
    {
      id: "AwsSolutions-IAM5",
      reason: "SST's deploy-time uploader writes the site build (any key) from the CDK assets bucket into the site bucket.",
      appliesTo: [
        { regex: "/^Resource::<Site[0-9A-F]+\\.Arn>\\/\\*$/g" },
        { regex: "/^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-\\d{12}-[a-z0-9-]+\\/\\*$/g" },
      ],
    },
  ]);

  stack.addOutputs({ SiteUrl: webOrigin });

  return { site };
}
