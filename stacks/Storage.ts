/**
 * Records and files: the single DynamoDB table and the private attachments bucket, plus the alarm topic
 * the other stacks report to, and the consumer of the table's stream (stacks/event-consumer.ts).
 *
 * The table's key schema and indexes are not written here: they come from functions/adapters/dynamo/table.ts,
 * the same module the local portal creates its table from, so local and deployed never drift.
 */
import { Duration, Stack } from "aws-cdk-lib";
import { CfnMalwareProtectionPlan } from "aws-cdk-lib/aws-guardduty";
import { AnyPrincipal, Effect, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { BillingMode, Operation, Table as DynamoTable } from "aws-cdk-lib/aws-dynamodb";
import { BucketEncryption, type IBucket } from "aws-cdk-lib/aws-s3";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { NagSuppressions } from "cdk-nag";
import type { Construct } from "constructs";
import { Bucket, Table, use, type StackContext } from "sst/constructs";
import {
  GLOBAL_INDEXES,
  PARTITION_KEY,
  SORT_KEY,
  TTL_ATTRIBUTE,
  type IndexName,
} from "../functions/adapters/dynamo/table";
import { SCAN_STATUS, SCAN_STATUS_TAG } from "../functions/adapters/guardduty/scan-tag";
import { Edge } from "./Edge";
import { eventConsumer } from "./event-consumer";
import { notifyQueues } from "./notify-queues";
import { stageConfig } from "./stage-config";

/** Key prefixes of the attachments bucket: the layout is the s3 adapter's (functions/adapters/s3/keys.ts). */
export { ATTACHMENT_PREFIXES } from "../functions/adapters/s3/keys";
import { ATTACHMENT_PREFIXES } from "../functions/adapters/s3/keys";

/** A draft nobody submits within a week is abandoned; its uploads are deleted. */
export const DRAFT_DAYS = 7;

/** The table as the other stacks see it: plain strings, no cross-stack export. */
export interface TableRef {
  tableName: string;
  tableArn: string;
  indexArn(indexName: IndexName): string;
}

export function Storage({ app, stack }: StackContext) {
  const config = stageConfig(stack.stage);
  const { accessLogs, webOrigin } = use(Edge);

  const attributes = new Set<string>([PARTITION_KEY, SORT_KEY]);
  for (const index of GLOBAL_INDEXES) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  const fields = Object.fromEntries([...attributes].map((name) => [name, "string" as const]));

  // The table is named, not generated (`<stage>-dichvucong-Table`), and the other stacks receive its name
  // and ARN as plain strings rather than CloudFormation exports. So pointing the app at another table (a
  // point-in-time restore, docs/operating.md) is a change of one value, which an export "in use" by the Api
  // and Jobs stacks would refuse.
  const tableName = config.importTableName ?? app.logicalPrefixedName("Table");
  const managed = config.importTableName
    ? undefined // the stack's own table, if any, is retained (RETAIN) and no longer managed
    : new Table(stack, "Table", {
        fields,
        primaryIndex: { partitionKey: PARTITION_KEY, sortKey: SORT_KEY },
        globalIndexes: Object.fromEntries(
          GLOBAL_INDEXES.map((index) => [
            index.indexName,
            {
              partitionKey: index.partitionKey,
              sortKey: index.sortKey,
              projection:
                index.projection.type === "ALL"
                  ? ("all" as const)
                  : index.projection.type === "KEYS_ONLY"
                    ? ("keys_only" as const)
                    : [...index.projection.attributes],
            },
          ]),
        ),
        timeToLiveAttribute: TTL_ATTRIBUTE,
        // Every change, before and after: the domain events ride inside the changed dossier (stacks/event-consumer.ts).
        stream: "new_and_old_images",
        cdk: {
          table: {
            tableName,
            // On-demand and PITR are SST's defaults too; stated here so nobody has to know that.
            billingMode: BillingMode.PAY_PER_REQUEST,
            pointInTimeRecovery: undefined, // replaced by the specification below (the old flag is deprecated)
            pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
            deletionProtection: config.tableDeletionProtection,
            removalPolicy: config.removalPolicy,
          },
        },
      });
  const tableArn = stack.formatArn({ service: "dynamodb", resource: "table", resourceName: tableName });
  const table: TableRef = {
    tableName,
    tableArn,
    indexArn: (indexName) => `${tableArn}/index/${indexName}`,
  };

  const bucket = new Bucket(stack, "Attachments", {
    blockPublicACLs: true, // BLOCK_ALL and ACLs disabled (bucket owner enforced)
    cors: [
      {
        // Browsers upload and download with presigned URLs, from the web origin only.
        allowedOrigins: [webOrigin],
        allowedMethods: ["PUT", "POST", "GET"],
        allowedHeaders: ["*"],
        exposedHeaders: ["ETag"],
        maxAge: "1 hour",
      },
    ],
    cdk: {
      bucket: {
        encryption: BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        versioned: true,
        serverAccessLogsBucket: accessLogs,
        serverAccessLogsPrefix: "s3/attachments/",
        lifecycleRules: [
          {
            id: "expire-abandoned-drafts",
            prefix: ATTACHMENT_PREFIXES.drafts,
            expiration: Duration.days(DRAFT_DAYS),
            noncurrentVersionExpiration: Duration.days(1),
          },
          {
            id: "housekeeping",
            abortIncompleteMultipartUploadAfter: Duration.days(1),
            // Overwritten or deleted versions stay recoverable for 30 days, then go.
            noncurrentVersionExpiration: Duration.days(30),
            expiredObjectDeleteMarker: true,
          },
        ],
        removalPolicy: config.removalPolicy,
        autoDeleteObjects: config.autoDeleteObjects,
      },
    },
  });

  const malwareScan = malwareProtection(stack, bucket.cdk.bucket);

  const alarms = alarmSink(stack, config.alarmEmail);

  // stage-config requires the stream of an imported table: the managed table's is known only once it exists.
  const streamArn = managed?.cdk.table.tableStreamArn ?? config.importTableStreamArn!;
  if (alarms) {
    // By name, so the alarms follow the table the app uses, the restored one included.
    const cdkTable = managed?.cdk.table ?? DynamoTable.fromTableName(stack, "ImportedTable", tableName);
    const operations = [Operation.GET_ITEM, Operation.PUT_ITEM, Operation.UPDATE_ITEM, Operation.QUERY, Operation.BATCH_WRITE_ITEM];
    alarms.add(
      stack,
      "TableThrottled",
      cdkTable.metricThrottledRequestsForOperations({ operations, period: Duration.minutes(5) }),
      1,
      "DynamoDB throttled requests",
    );
    alarms.add(
      stack,
      "TableSystemErrors",
      cdkTable.metricSystemErrorsForOperations({ operations, period: Duration.minutes(5) }),
      1,
      "DynamoDB system errors (5xx from DynamoDB)",
    );
  }

  const queues = notifyQueues(stack, { config, alarms });
  const events = eventConsumer(stack, { table, streamArn, bucket, config, alarms, queues });

  stack.addOutputs({ TableName: table.tableName, BucketName: bucket.bucketName });

  return { table, bucket, alarms, events, malwareScan, queues };
}

// ---------------------------------------------------------------------------------------------------------------
// Malware scanning (issue #18): GuardDuty Malware Protection for S3 on the attachments bucket.

/**
 * GuardDuty scans every new object of the bucket (citizens' uploads, agencies' results) and tags it with its verdict
 * (`GuardDutyMalwareScanStatus`). The bucket policy then refuses every download by presigned URL — how the portal
 * hands any file to a browser, a citizen's or an officer's — unless the object carries the clean tag: a file not
 * scanned yet, infected, or that GuardDuty could not scan is never served. The functions' own reads (signed
 * headers: the checksum and content checks at submission) and GuardDuty's are not downloads and stay allowed.
 */
function malwareProtection(stack: Stack, bucket: IBucket) {
  const rulesArn = stack.formatArn({ service: "events", resource: "rule", resourceName: "DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*" });
  // The permissions GuardDuty documents for a malware protection plan's service role (S3, tagging, EventBridge).
  const role = new Role(stack, "MalwareProtectionRole", {
    description: "GuardDuty Malware Protection for S3: reads and tags new attachments, manages its EventBridge rule",
    assumedBy: new ServicePrincipal("malware-protection-plan.guardduty.amazonaws.com"),
    inlinePolicies: {
      scan: new PolicyDocument({
        statements: [
          new PolicyStatement({
            sid: "ManageItsEventBridgeRule",
            actions: ["events:PutRule", "events:DeleteRule", "events:PutTargets", "events:RemoveTargets"],
            resources: [rulesArn],
            conditions: { StringLike: { "events:ManagedBy": "malware-protection-plan.guardduty.amazonaws.com" } },
          }),
          new PolicyStatement({ sid: "ReadItsEventBridgeRule", actions: ["events:DescribeRule", "events:ListTargetsByRule"], resources: [rulesArn] }),
          new PolicyStatement({
            sid: "BucketNotifications",
            actions: ["s3:PutBucketNotification", "s3:GetBucketNotification", "s3:GetBucketLocation", "s3:ListBucket"],
            resources: [bucket.bucketArn],
          }),
          new PolicyStatement({
            sid: "ValidationObject",
            actions: ["s3:PutObject"],
            resources: [bucket.arnForObjects("malware-protection-resource-validation-object")],
          }),
          new PolicyStatement({
            sid: "ScanAndTag",
            actions: ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"],
            resources: [bucket.arnForObjects("*")],
          }),
        ],
      }),
    },
  });
  NagSuppressions.addResourceSuppressions(role, [
    {
      id: "AwsSolutions-IAM5",
      reason: "GuardDuty scans and tags any new object of the attachments bucket and owns its DO-NOT-DELETE EventBridge rules.",
      appliesTo: [
        { regex: "/^Resource::arn:<AWS::Partition>:events:.*DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3\\*$/g" },
        { regex: "/^Resource::<AttachmentsBucket[0-9A-F]+\\.Arn>\\/\\*$/g" },
      ],
    },
  ]);

  const plan = new CfnMalwareProtectionPlan(stack, "AttachmentsMalwareProtection", {
    role: role.roleArn,
    // The whole bucket: every upload, a citizen's document or an agency's result, gets its verdict tag.
    protectedResource: { s3Bucket: { bucketName: bucket.bucketName } },
    actions: { tagging: { status: "ENABLED" } },
  });
  plan.node.addDependency(role);

  bucket.addToResourcePolicy(
    new PolicyStatement({
      sid: "DownloadOnlyFilesScannedClean",
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ["s3:GetObject", "s3:GetObjectVersion"],
      resources: [bucket.arnForObjects("*")],
      conditions: {
        // A missing tag (not scanned yet) does not equal the clean value either: denied.
        StringNotEquals: { [`s3:ExistingObjectTag/${SCAN_STATUS_TAG}`]: SCAN_STATUS.clean },
        // A presigned URL authenticates by its query string; the functions' own reads sign headers.
        StringEquals: { "s3:authType": "REST-QUERY-STRING" },
      },
    }),
  );
  return { plan, role };
}

export interface AlarmSink {
  topic: Topic;
  /** An alarm (in `scope`'s stack) that fires when `metric` reaches `threshold`, and tells the topic (and again when OK). */
  add(scope: Construct, id: string, metric: IMetric, threshold: number, description: string, options?: AlarmOptions): Alarm;
}

export interface AlarmOptions {
  comparison?: ComparisonOperator;
  evaluationPeriods?: number;
  treatMissingData?: TreatMissingData;
}

/** The alarm topic, with its e-mail subscription; none when the stage has no ALARM_EMAIL. */
function alarmSink(stack: StackContext["stack"], email: string | undefined): AlarmSink | undefined {
  if (!email) return undefined;
  const topic = new Topic(stack, "Alarms", { displayName: `dichvucong ${stack.stage} alarms`, enforceSSL: true });
  topic.addSubscription(new EmailSubscription(email));
  NagSuppressions.addResourceSuppressions(topic, [
    {
      id: "AwsSolutions-SNS2",
      reason: "Alarm notices carry no personal data; CloudWatch cannot publish to a topic under the AWS-managed SNS key.",
    },
  ]);
  const action = new SnsAction(topic);
  return {
    topic,
    add(scope, id, metric, threshold, description, options = {}) {
      const alarm = new Alarm(scope, id, {
        alarmDescription: `${description} (${stack.stage})`,
        metric,
        threshold,
        evaluationPeriods: options.evaluationPeriods ?? 1,
        comparisonOperator: options.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: options.treatMissingData ?? TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      return alarm;
    },
  };
}
