/**
 * One Lambda function, with its own role and its own log group.
 *
 * Why not SST's defaults: a function created the usual way gets the AWS-managed AWSLambdaBasicExecutionRole
 * (logs:CreateLogGroup/CreateLogStream/PutLogEvents on every log group of the account) and, for log
 * retention, a LogRetention custom resource whose role may change the retention of any log group. Here the
 * log group is an ordinary resource with a retention and a removal policy, and the role may write to that
 * group only. Everything else the function may do is listed by the caller as named actions on named
 * resources (never `bind` of a table or bucket, which grants `dynamodb:*` / `s3:*`; only secrets are bound).
 *
 * Runtime, architecture, bundling, memory and timeout come from the app's default function props
 * (sst.config.ts); a function overrides memory and timeout only when it has a reason to.
 */
import { Duration, type RemovalPolicy } from "aws-cdk-lib";
import { Effect, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { NagSuppressions } from "cdk-nag";
import { Function, type Config, type Stack } from "sst/constructs";
import { stageConfig, type LambdaSizing } from "./stage-config";
import type { AlarmSink } from "./Storage";

/** What the stacks set (read by functions/config.ts); each function gets only the subset it uses. */
export type FunctionEnvironment = Partial<
  Record<"TABLE_NAME" | "BUCKET_NAME" | "WEB_ORIGIN" | "STAGE" | "OIDC_ISSUER" | "OIDC_AUDIENCE" | "OIDC_CLIENT_ID" | "OIDC_JWKS_URL", string>
>;

export interface LambdaProps {
  /** `functions/<file>.handler`, relative to the repository root. */
  handler: string;
  description: string;
  environment: FunctionEnvironment;
  /** The complete list of what the function may do besides writing its own logs. */
  permissions: PolicyStatement[];
  /**
   * SST secrets the function reads (via `sst/node/config`): binding one adds its placeholder variable
   * `SST_Secret_value_<NAME>` and `ssm:GetParameters` on that one parameter (and its fallback), nothing else.
   */
  secrets?: Config.Secret[];
  sizing?: LambdaSizing;
}

export function lambda(stack: Stack, id: string, props: LambdaProps): Function {
  const config = stageConfig(stack.stage);
  const logGroup = new LogGroup(stack, `${id}Logs`, {
    retention: config.logRetention,
    removalPolicy: config.removalPolicy,
  });
  const role = new Role(stack, `${id}Role`, {
    assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
    description: `${props.description} (${stack.stage})`,
  });
  logGroup.grantWrite(role);
  const fn = new Function(stack, id, {
    handler: props.handler,
    description: props.description,
    environment: props.environment,
    role,
    logGroup,
    permissions: props.permissions,
    ...(props.secrets?.length ? { bind: props.secrets } : {}),
    ...(props.sizing ? { memorySize: props.sizing.memorySize, timeout: props.sizing.timeout } : {}),
  });
  NagSuppressions.addResourceSuppressions(fn, [
    {
      id: "AwsSolutions-L1",
      reason: "nodejs22.x is the runtime this release is built and tested on; moving to 24.x is a deliberate, tested upgrade.",
    },
  ]);
  // Only X-Ray's two write actions have "*" here: they have no resource-level permissions.
  NagSuppressions.addResourceSuppressions(
    role,
    [
      {
        id: "AwsSolutions-IAM5",
        reason: "xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.",
        appliesTo: ["Resource::*"],
      },
    ],
    true,
  );
  return fn;
}

/** An IAM statement allowing `actions` on `resources`, under `conditions` when given. */
export const allow = (actions: string[], resources: string[], conditions?: Record<string, Record<string, string[]>>) =>
  new PolicyStatement({ effect: Effect.ALLOW, actions, resources, ...(conditions ? { conditions } : {}) });

/**
 * The dead-letter queue of a function's event source: encrypted, TLS only, kept SQS's longest (14 days) for a
 * person to look at. `of` names what sends to it (cdk-nag asks why the queue has no dead-letter queue of its own).
 */
export function deadLetterQueue(stack: Stack, id: string, props: { removalPolicy: RemovalPolicy; of: string }): Queue {
  const queue = new Queue(stack, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(DEAD_LETTER_RETENTION_DAYS),
    removalPolicy: props.removalPolicy,
  });
  NagSuppressions.addResourceSuppressions(queue, [
    { id: "AwsSolutions-SQS3", reason: `This queue is itself the dead-letter destination of ${props.of}; nothing consumes it.` },
  ]);
  return queue;
}

/**
 * The alarms of a function fed by retried deliveries (a stream, an EventBridge rule): its dead-letter queue holds a
 * message (`lost` says what that means), and the function fails. Ids `<name>DeadLetterDepth`, `<name>Errors`.
 */
export function deliveryAlarms(
  alarms: AlarmSink,
  stack: Stack,
  props: { name: string; fn: Function; deadLetters: Queue; lost: string },
): void {
  const { name, fn, deadLetters, lost } = props;
  const period = Duration.minutes(5);
  alarms.add(stack, `${name}DeadLetterDepth`, deadLetters.metricApproximateNumberOfMessagesVisible({ period, statistic: "Maximum" }), 1, lost);
  alarms.add(stack, `${name}Errors`, fn.metricErrors({ period }), 1, `Lambda ${name}: errors`);
}

/** How long an undeliverable event stays in a dead-letter queue (SQS's longest). */
export const DEAD_LETTER_RETENTION_DAYS = 14;
