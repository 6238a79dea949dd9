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
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
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
import { stageConfig } from "./stage-config";

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
  const distribution = new Distribution(stack, "Cdn", {
    comment: `dichvucong ${stack.stage} web`,
    defaultBehavior: {
      // Origin access control: only this distribution may read the bucket (no public bucket, no OAI).
      origin: S3BucketOrigin.withOriginAccessControl(site),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED, // honours the Cache-Control the StaticSite uploader sets
      responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
      compress: true,
    },
    defaultRootObject: "index.html",
    // Single-page app: unknown paths (S3 answers 403 without ListBucket) render index.html.
    errorResponses: [403, 404].map((httpStatus) => ({
      httpStatus,
      responseHttpStatus: 200,
      responsePagePath: "/index.html",
      ttl: Duration.seconds(0),
    })),
    httpVersion: HttpVersion.HTTP2_AND_3,
    priceClass: PriceClass.PRICE_CLASS_200, // includes the Hanoi and Ho Chi Minh City edge locations
    minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
    enableLogging: true,
    logBucket: accessLogs,
    logFilePrefix: "cloudfront/",
    ...(domain ? { domainNames: [domain.name], certificate: Certificate.fromCertificateArn(stack, "Certificate", domain.certificateArn) } : {}),
  });

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
