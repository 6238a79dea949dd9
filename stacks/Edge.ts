/**
 * The web front door: the CloudFront distribution and the private bucket it serves the site from, plus the
 * bucket every access log of the app goes to. Deployed first, before anything else.
 *
 * Why a stack of its own (the CORS / API URL cycle): the API's CORS rule and the attachments bucket's CORS
 * rule both need the web origin, and the web build needs the API URL. If the distribution were created by
 * the StaticSite in the Web stack, Storage and Api would depend on Web and Web on Api: a cycle. So the
 * distribution (and so the origin) exists first, here; Storage and Api read the origin as a plain reference;
 * the Web stack, last, builds the site with VITE_API_URL = the API's URL and uploads it into this bucket
 * behind this distribution. With a custom domain (stage config) the origin is that domain; without one it
 * is the distribution's own https://dxxxx.cloudfront.net, so every stage, dev included, gets a working
 * least-privilege CORS setup with no second deploy and no wildcard.
 */
import { Duration } from "aws-cdk-lib";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  Function as CloudFrontFunction,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { AaaaRecord, ARecord, HostedZone, RecordTarget } from "aws-cdk-lib/aws-route53";
import { CloudFrontTarget } from "aws-cdk-lib/aws-route53-targets";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { NagSuppressions } from "cdk-nag";
import type { StackContext } from "sst/constructs";
import { WEB_FILE_PREFIXES, WEB_SECURITY_HEADERS, webContentSecurityPolicy } from "../functions/http/web-headers";
import { stageConfig } from "./stage-config";

/**
 * The single-page app's routing at the edge (a CloudFront Function, viewer request): every path is the app's
 * index.html, except the build's own files (/assets/…, /reference/…), which are looked up as they are — so a
 * missing one is S3's 404 (the distribution may list the bucket), never index.html with the year-long cache the
 * uploader gives every .js and .css. A distribution-wide error page cannot tell the two apart; this can.
 * cloudfront-js-2.0 runs a subset of ES2020 (no modules): the code stays plain.
 */
export const SPA_ROUTER_CODE = `function handler(event) {
  var request = event.request;
  var files = ${JSON.stringify(WEB_FILE_PREFIXES)};
  for (var i = 0; i < files.length; i++) if (request.uri.indexOf(files[i]) === 0) return request;
  // The back office (web/officer/index.html) is its own page of the same build.
  request.uri = request.uri === "/officer" || request.uri.indexOf("/officer/") === 0 ? "/officer/index.html" : "/index.html";
  return request;
}`;

export function Edge({ stack }: StackContext) {
  const config = stageConfig(stack.stage);

  // Server access logs of the buckets and CloudFront standard logs. CloudFront delivers its logs with an
  // ACL, so this one bucket keeps ACLs enabled (owner preferred); it is never public and never served.
  const accessLogs = new Bucket(stack, "AccessLogs", {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    encryption: BucketEncryption.S3_MANAGED, // log delivery cannot write to an SSE-KMS bucket
    enforceSSL: true,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [
      { id: "expire-logs", expiration: Duration.days(config.accessLogDays) },
      { id: "abort-multipart", abortIncompleteMultipartUploadAfter: Duration.days(1) },
    ],
    removalPolicy: config.removalPolicy,
    autoDeleteObjects: config.autoDeleteObjects,
  });
  NagSuppressions.addResourceSuppressions(accessLogs, [
    { id: "AwsSolutions-S1", reason: "This is the access-log destination; logging it into itself would loop." },
  ]);

  const site = new Bucket(stack, "Site", {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: "s3/site/",
    removalPolicy: config.removalPolicy,
    autoDeleteObjects: config.autoDeleteObjects,
  });

  const domain = config.domain;

  // The same headers the local portal sends (functions/http/web-headers.ts). The API has its own origin, made
  // after this stack (the CORS cycle above), and uploads go straight to the attachments bucket, also made later:
  // so `connect-src` names them by their AWS host patterns in this region rather than by their exact names.
  const region = stack.region;
  const securityHeaders = new ResponseHeadersPolicy(stack, "WebSecurityHeaders", {
    comment: `dichvucong ${stack.stage}: strict CSP, no sniffing, no framing, HSTS`,
    securityHeadersBehavior: {
      contentSecurityPolicy: {
        contentSecurityPolicy: webContentSecurityPolicy({
          // …and the back office's sign-in: the Cognito user pool's discovery/JWKS and its hosted domain's token endpoint.
          connect: [
            `https://*.execute-api.${region}.amazonaws.com`,
            `https://*.s3.${region}.amazonaws.com`,
            `https://cognito-idp.${region}.amazonaws.com`,
            `https://*.auth.${region}.amazoncognito.com`,
          ],
        }),
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.SAME_ORIGIN, override: true },
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
    },
    customHeadersBehavior: {
      customHeaders: (["cross-origin-opener-policy", "permissions-policy"] as const).map((header) => ({
        header,
        value: WEB_SECURITY_HEADERS[header],
        override: true,
      })),
    },
  });
  const spaRouter = new CloudFrontFunction(stack, "SpaRouter", {
    comment: "Single-page app paths to /index.html; build files as they are",
    code: FunctionCode.fromInline(SPA_ROUTER_CODE),
    runtime: FunctionRuntime.JS_2_0,
  });

  const distribution = new Distribution(stack, "Cdn", {
    comment: `dichvucong ${stack.stage} web`,
    defaultBehavior: {
      // Origin access control: only this distribution may read the bucket (no public bucket, no OAI).
      origin: S3BucketOrigin.withOriginAccessControl(site),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED, // honours the Cache-Control the StaticSite uploader sets
      responseHeadersPolicy: securityHeaders,
      compress: true,
      functionAssociations: [{ function: spaRouter, eventType: FunctionEventType.VIEWER_REQUEST }],
    },
    defaultRootObject: "index.html",
    httpVersion: HttpVersion.HTTP2_AND_3,
    priceClass: PriceClass.PRICE_CLASS_200, // includes the Hanoi and Ho Chi Minh City edge locations
    minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
    enableLogging: true,
    logBucket: accessLogs,
    logFilePrefix: "cloudfront/",
    ...(domain ? { domainNames: [domain.name], certificate: Certificate.fromCertificateArn(stack, "Certificate", domain.certificateArn) } : {}),
  });

  // With ListBucket, S3 answers a missing file with 404 (without it, 403): the honest answer for a missing asset.
  site.addToResourcePolicy(
    new PolicyStatement({
      sid: "DistributionListsForHonest404",
      principals: [new ServicePrincipal("cloudfront.amazonaws.com")],
      actions: ["s3:ListBucket"],
      resources: [site.bucketArn],
      conditions: { StringEquals: { "AWS:SourceArn": stack.formatArn({ service: "cloudfront", region: "", resource: "distribution", resourceName: distribution.distributionId }) } },
    }),
  );

  if (domain?.hostedZone) {
    const zone = HostedZone.fromHostedZoneAttributes(stack, "Zone", {
      hostedZoneId: domain.hostedZone.id,
      zoneName: domain.hostedZone.name,
    });
    const target = RecordTarget.fromAlias(new CloudFrontTarget(distribution));
    new ARecord(stack, "AliasA", { zone, recordName: domain.name, target });
    new AaaaRecord(stack, "AliasAaaa", { zone, recordName: domain.name, target });
  }

  const suppressions = [
    {
      id: "AwsSolutions-CFR1",
      reason: "A public service portal for everyone, Vietnamese citizens abroad included: no geo restriction.",
    },
    {
      id: "AwsSolutions-CFR2",
      reason: "Static files only; the API (HTTP API, not behind this distribution) has its own throttling.",
    },
  ];
  if (!domain) {
    suppressions.push({
      id: "AwsSolutions-CFR4",
      reason: "Without a custom domain the default *.cloudfront.net certificate fixes the policy; WEB_DOMAIN sets TLSv1.2_2021.",
    });
  }
  NagSuppressions.addResourceSuppressions(distribution, suppressions);

  /** `https://host`, no trailing slash: the value CORS rules and the functions' WEB_ORIGIN compare against. */
  const webOrigin = domain ? `https://${domain.name}` : `https://${distribution.distributionDomainName}`;

  stack.addOutputs({ WebOrigin: webOrigin, DistributionId: distribution.distributionId });

  return { accessLogs, site, distribution, webOrigin };
}
