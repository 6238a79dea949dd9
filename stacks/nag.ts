/**
 * cdk-nag (AwsSolutions) suppressions that are not about one of our resources but about what SST or CDK adds
 * to every stack. Each carries its reason; suppressions about our own resources sit next to those resources.
 * The rule set runs in tests/stacks (zero unsuppressed errors).
 */
import { NagSuppressions } from "cdk-nag";
import type { IConstruct } from "constructs";
import { Stack } from "sst/constructs";

export const BASIC_EXECUTION_ROLE = "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

/** Call once all stacks exist (sst.config.ts). */
export function suppressFrameworkFindings(app: IConstruct): void {
  for (const stack of app.node.children) {
    if (!(stack instanceof Stack)) continue;
    // SST creates one deploy-time custom-resource handler per stack (site upload, invalidation, SSM values).
    const handler = stack.node.tryFindChild("CustomResourceHandler");
    if (!handler) continue;
    NagSuppressions.addResourceSuppressions(
      handler,
      [
        {
          id: "AwsSolutions-IAM4",
          reason: "SST-owned deploy-time handler; the managed basic execution role only lets it write its logs.",
          appliesTo: [BASIC_EXECUTION_ROLE],
        },
        {
          id: "AwsSolutions-L1",
          reason: "SST-owned deploy-time handler whose runtime SST pins; it runs during deployments only.",
        },
      ],
      true,
    );
  }
}
