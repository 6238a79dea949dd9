/**
 * The app synthesized once for `prod`, with a custom domain and an alarm recipient (TEST_ENV.prod):
 * what differs from a disposable stage.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { appFunctions, label, resources, synth, TEST_ENV, type Resource, type Synth } from "./synth";

let s: Synth;
beforeAll(async () => {
  s = await synth("prod");
});

const DOMAIN = TEST_ENV["prod"]!["WEB_DOMAIN"]!;

describe("prod: nothing stateful goes with the stack", () => {
  it("protects the table from deletion and retains it", () => {
    const table = Object.values(resources(s.templates.Storage, "AWS::DynamoDB::Table"))[0]!;
    expect(table.Properties!["DeletionProtectionEnabled"]).toBe(true);
    expect(table.Properties!["PointInTimeRecoverySpecification"]).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.DeletionPolicy).toBe("Retain");
    expect(table.UpdateReplacePolicy).toBe("Retain");
  });

  it("retains every bucket and never empties one", () => {
    const buckets: Resource[] = [
      ...Object.values(resources(s.templates.Edge, "AWS::S3::Bucket")),
      ...Object.values(resources(s.templates.Storage, "AWS::S3::Bucket")),
    ];
    expect(buckets).toHaveLength(3);
    for (const bucket of buckets) expect(bucket.DeletionPolicy).toBe("Retain");
    for (const template of Object.values(s.templates)) {
      expect(resources(template, "Custom::S3AutoDeleteObjects")).toEqual({});
    }
  });

  it("keeps logs six months, and retains them", () => {
    for (const template of [s.templates.Api, s.templates.Jobs, s.templates.Storage]) {
      const groups = resources(template, "AWS::Logs::LogGroup");
      expect(Object.keys(groups).length).toBeGreaterThan(0);
      for (const group of Object.values(groups)) {
        expect(group.Properties!["RetentionInDays"]).toBe(180);
        expect(group.DeletionPolicy).toBe("Retain");
      }
    }
  });

  it("retains the events dead-letter queue (what failed every retry is kept for an operator)", () => {
    const queue = Object.values(resources(s.templates.Storage, "AWS::SQS::Queue"))[0]!;
    expect(queue.DeletionPolicy).toBe("Retain");
  });

  it("throttles at the production limits", () => {
    const stage = Object.values(resources(s.templates.Api, "AWS::ApiGatewayV2::Stage"))[0]!.Properties!;
    expect(stage["DefaultRouteSettings"]).toEqual({ ThrottlingBurstLimit: 400, ThrottlingRateLimit: 200 });
  });
});

describe("prod: warm instances (PROVISIONED_CONCURRENCY=2)", () => {
  it("keeps two initialised instances of the catalogue and dossiers functions, behind a `live` alias", () => {
    const functions = appFunctions(s.templates.Api);
    const aliases = Object.values(resources(s.templates.Api, "AWS::Lambda::Alias")).map((a) => a.Properties!);
    const versions = resources(s.templates.Api, "AWS::Lambda::Version");
    expect(aliases).toHaveLength(2);
    const aliased = aliases.map((alias) => {
      expect(alias["Name"]).toBe("live");
      expect(alias["ProvisionedConcurrencyConfig"]).toEqual({ ProvisionedConcurrentExecutions: 2 });
      const version = versions[alias["FunctionVersion"]["Fn::GetAtt"][0]]!;
      const fnId = version.Properties!["FunctionName"]["Ref"];
      return Object.entries(functions).find(([, f]) => f.id === fnId)![0];
    });
    expect(aliased.sort()).toEqual(["functions/catalogue.handler", "functions/dossiers.handler"]);
  });

  it("sends the citizen-facing routes to the alias, and the others to their function", () => {
    const integrations = resources(s.templates.Api, "AWS::ApiGatewayV2::Integration");
    const routes = Object.values(resources(s.templates.Api, "AWS::ApiGatewayV2::Route")).map((r) => r.Properties!);
    const targetOf = (routeKey: string) => {
      const route = routes.find((r) => r["RouteKey"] === routeKey)!;
      const integration = integrations[String(route["Target"]["Fn::Join"][1][1]["Ref"])]!;
      return label(integration.Properties!["IntegrationUri"]);
    };
    expect(targetOf("GET /v1/procedures")).toMatch(/^CatalogueLive/);
    expect(targetOf("POST /v1/dossiers")).toMatch(/^DossiersLive/);
    expect(targetOf("GET /v1/stats/summary")).toMatch(/^Stats.*\.Arn$/);
  });
});

describe("prod: alarms", () => {
  it("e-mails ALARM_EMAIL through a TLS-only topic", () => {
    const subscription = Object.values(resources(s.templates.Storage, "AWS::SNS::Subscription"))[0]!.Properties!;
    expect(subscription).toMatchObject({ Protocol: "email", Endpoint: TEST_ENV["prod"]!["ALARM_EMAIL"] });
    const policy = Object.values(resources(s.templates.Storage, "AWS::SNS::TopicPolicy"))[0]!.Properties!;
    expect(policy["PolicyDocument"]["Statement"]).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
  });

  it("watches every function, the API, the table and the scheduled jobs, and tells the topic", () => {
    const alarms = [s.templates.Storage, s.templates.Api, s.templates.Jobs].flatMap((t) =>
      Object.entries(resources(t, "AWS::CloudWatch::Alarm")),
    );
    const ids = alarms.map(([id]) => id.replace(/[0-9A-F]{8}$/, ""));
    for (const name of ["Catalogue", "Dossiers", "Agency", "Authorizer", "Stats", "Payments", "Docs"]) {
      expect(ids).toContain(`${name}Errors`);
      expect(ids).toContain(`${name}Throttles`);
    }
    expect(ids).toEqual(
      expect.arrayContaining([
        "Api5xx",
        "ApiLatencyP99",
        "TableThrottled",
        "TableSystemErrors",
        "StatsJobErrors",
        "StatsJobDidNotRun",
        "SweepJobErrors",
        "SweepJobDidNotRun",
        "EventsErrors",
        "EventsDeadLetterDepth",
        "EventsIteratorAge",
      ]),
    );
    for (const [, alarm] of alarms) {
      expect((alarm.Properties!["AlarmActions"] as unknown[]).map(label)).toEqual(["Alarms"]);
    }
  });

  it("tells as soon as one batch of domain events lands in the dead-letter queue", () => {
    const [, alarm] = Object.entries(resources(s.templates.Storage, "AWS::CloudWatch::Alarm")).find(([id]) => id.startsWith("EventsDeadLetterDepth"))!;
    expect(alarm.Properties).toMatchObject({
      Namespace: "AWS/SQS",
      MetricName: "ApproximateNumberOfMessagesVisible",
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      Threshold: 1,
    });
    expect(label(alarm.Properties!["Dimensions"][0]["Value"])).toBe("EventsDeadLetters.QueueName");
  });

  it("notices a scheduled job that did not run at all", () => {
    for (const job of ["StatsJob", "SweepJob"]) {
      const [, alarm] = Object.entries(resources(s.templates.Jobs, "AWS::CloudWatch::Alarm")).find(([id]) => id.startsWith(`${job}DidNotRun`))!;
      expect(alarm.Properties, job).toMatchObject({
        MetricName: "Invocations",
        Period: 86400,
        ComparisonOperator: "LessThanThreshold",
        Threshold: 1,
        TreatMissingData: "breaching",
      });
      expect(label(alarm.Properties!["Dimensions"][0]["Value"]), job).toBe(job);
    }
  });
});

describe("prod: custom domain", () => {
  it("serves the site on the domain with its certificate and TLS 1.2+", () => {
    const config = Object.values(resources(s.templates.Edge, "AWS::CloudFront::Distribution"))[0]!.Properties!["DistributionConfig"];
    expect(config["Aliases"]).toEqual([DOMAIN]);
    expect(config["ViewerCertificate"]).toMatchObject({
      AcmCertificateArn: TEST_ENV["prod"]!["WEB_CERTIFICATE_ARN"],
      MinimumProtocolVersion: "TLSv1.2_2021",
      SslSupportMethod: "sni-only",
    });
    const records = Object.values(resources(s.templates.Edge, "AWS::Route53::RecordSet")).map((r) => r.Properties!);
    expect(records.map((r) => r["Type"]).sort()).toEqual(["A", "AAAA"]);
    for (const record of records) expect(record["Name"]).toBe(`${DOMAIN}.`);
  });

  it("uses the domain as the one origin of every CORS rule and of WEB_ORIGIN", () => {
    const origin = `https://${DOMAIN}`;
    const api = Object.values(resources(s.templates.Api, "AWS::ApiGatewayV2::Api"))[0]!.Properties!;
    expect(api["CorsConfiguration"]["AllowOrigins"]).toEqual([origin]);
    const bucket = Object.entries(resources(s.templates.Storage, "AWS::S3::Bucket")).find(([id]) => id.startsWith("Attachments"))![1];
    expect(bucket.Properties!["CorsConfiguration"]["CorsRules"][0]["AllowedOrigins"]).toEqual([origin]);
    for (const { props } of Object.values(appFunctions(s.templates.Api))) {
      const webOrigin = props["Environment"]["Variables"]["WEB_ORIGIN"];
      if (webOrigin !== undefined) expect(webOrigin).toBe(origin);
    }
  });
});

describe("prod: cdk-nag (AwsSolutions)", () => {
  it("reports no unsuppressed error", () => {
    expect(s.nagErrors).toEqual([]);
  });
});

describe("prod: citizens' notifications and agencies' webhooks (docs/notifications.md)", () => {
  it("sends e-mail through SES from the stage's domain identity, with a configuration set that suppresses bounces and complaints", () => {
    const identity = Object.values(resources(s.templates.Notify, "AWS::SES::EmailIdentity"));
    expect(identity).toHaveLength(1);
    expect(identity[0]!.Properties!["EmailIdentity"]).toBe("dichvucong.example.gov.vn");
    const [set] = Object.values(resources(s.templates.Notify, "AWS::SES::ConfigurationSet"));
    expect(set!.Properties!["SuppressionOptions"]).toEqual({ SuppressedReasons: ["BOUNCE", "COMPLAINT"] });
    expect(set!.Properties!["ReputationOptions"]).toEqual({ ReputationMetricsEnabled: true });
  });

  it("has one encrypted, TLS-only queue per channel, each with a dead-letter queue and an alarm on its depth", () => {
    const queues = resources(s.templates.Storage, "AWS::SQS::Queue");
    for (const channel of ["Email", "Sms", "Zalo", "Webhook"]) {
      const [id, queue] = Object.entries(queues).find(([name]) => name.startsWith(`Notify${channel}Queue`))!;
      expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, RedrivePolicy: { maxReceiveCount: 5 } });
      expect(JSON.stringify(queue.Properties!["RedrivePolicy"])).toContain(`Notify${channel}DeadLetters`);
      expect(queue.DeletionPolicy).toBe("Retain");
      expect(id).toBeTruthy();
      const alarms = Object.values(resources(s.templates.Storage, "AWS::CloudWatch::Alarm")).filter((a) =>
        JSON.stringify(a.Properties!["Dimensions"] ?? []).includes(`Notify${channel}DeadLetters`),
      );
      expect(alarms, `${channel} dead-letter alarm`).toHaveLength(1);
    }
  });

  it("runs the sender on the four queues with partial batch failures, and gives it the eSMS keys and the token secret only", () => {
    const mappings = Object.values(resources(s.templates.Notify, "AWS::Lambda::EventSourceMapping"));
    expect(mappings).toHaveLength(4);
    for (const m of mappings) expect(m.Properties).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ["ReportBatchItemFailures"], ScalingConfig: { MaximumConcurrency: 5 } });
    const sender = appFunctions(s.templates.Notify)["functions/notify.handler"]!;
    const vars = sender.props["Environment"]["Variables"] as Record<string, unknown>;
    expect(vars).toMatchObject({ NOTIFY_EMAIL: "ses", EMAIL_FROM: "no-reply@dichvucong.example.gov.vn", NOTIFY_SMS: "esms" });
    const secrets = Object.keys(vars).filter((k) => k.startsWith("SST_Secret_value_")).sort();
    expect(secrets).toEqual(["SST_Secret_value_ESMS_API_KEY", "SST_Secret_value_ESMS_BRANDNAME", "SST_Secret_value_ESMS_SECRET_KEY", "SST_Secret_value_TOKEN_SECRET"]);
    expect(label(vars["PUBLIC_URL"])).toContain("Api");
    // The event consumer queues for e-mail and SMS.
    const events = appFunctions(s.templates.Storage)["functions/events.handler"]!;
    expect(events.props["Environment"]["Variables"]["NOTIFY_CHANNELS"]).toBe("email,sms");
  });

  it("lets the sender send mail only through its identity and configuration set", () => {
    const policies = Object.values(resources(s.templates.Notify, "AWS::IAM::Policy"));
    const statements = policies.flatMap((p) => p.Properties!["PolicyDocument"]["Statement"] as { Action: string | string[]; Resource: unknown }[]);
    const ses = statements.filter((st) => [st.Action].flat().some((a) => a.startsWith("ses:")));
    expect(ses).toHaveLength(1);
    expect(ses[0]!.Action).toBe("ses:SendEmail");
    expect(JSON.stringify(ses[0]!.Resource)).toContain("identity/dichvucong.example.gov.vn");
    expect(JSON.stringify(ses[0]!.Resource)).toContain("configuration-set/");
  });

  it("is clean under cdk-nag", () => {
    expect(s.nagErrors).toEqual([]);
  });
});
