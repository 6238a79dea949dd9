import { RemovalPolicy } from "aws-cdk-lib";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { describe, expect, it } from "vitest";
import { StageConfigError, stageConfig } from "../../stacks/stage-config";

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-0000-0000-000000000000";

describe("stageConfig", () => {
  it("makes every stage but prod disposable", () => {
    for (const stage of ["dev", "test", "pr-42", "alice"]) {
      const config = stageConfig(stage, {});
      expect(config).toMatchObject({
        isProduction: false,
        removalPolicy: RemovalPolicy.DESTROY,
        autoDeleteObjects: true,
        tableDeletionProtection: false,
        logRetention: RetentionDays.ONE_MONTH,
      });
      expect(config.alarmEmail).toBeUndefined();
      expect(config.domain).toBeUndefined();
    }
  });

  it("keeps everything on prod, protects the table and alarms by e-mail", () => {
    expect(stageConfig("prod", { ALARM_EMAIL: "ops@example.gov.vn" })).toMatchObject({
      isProduction: true,
      removalPolicy: RemovalPolicy.RETAIN,
      autoDeleteObjects: false,
      tableDeletionProtection: true,
      logRetention: RetentionDays.SIX_MONTHS,
      alarmEmail: "ops@example.gov.vn",
    });
  });

  it("refuses a prod stage nobody hears from, naming the variable", () => {
    expect(() => stageConfig("prod", {})).toThrow(StageConfigError);
    expect(() => stageConfig("prod", {})).toThrow(/ALARM_EMAIL/);
    expect(() => stageConfig("dev", { ALARM_EMAIL: "not-an-address" })).toThrow(/ALARM_EMAIL/);
  });

  it("turns alarms on for another stage when it has a recipient", () => {
    expect(stageConfig("staging", { ALARM_EMAIL: "ops@example.gov.vn" }).alarmEmail).toBe("ops@example.gov.vn");
  });

  it("reads the custom domain, which needs a us-east-1 certificate", () => {
    expect(stageConfig("dev", { WEB_DOMAIN: "DVC.Example.gov.vn", WEB_CERTIFICATE_ARN: CERT }).domain).toEqual({
      name: "dvc.example.gov.vn",
      certificateArn: CERT,
    });
    expect(() => stageConfig("dev", { WEB_DOMAIN: "dvc.example.gov.vn" })).toThrow(/WEB_CERTIFICATE_ARN/);
    expect(() =>
      stageConfig("dev", { WEB_DOMAIN: "dvc.example.gov.vn", WEB_CERTIFICATE_ARN: CERT.replace("us-east-1", "ap-southeast-1") }),
    ).toThrow(/us-east-1/);
    expect(() => stageConfig("dev", { WEB_DOMAIN: "https://dvc.example.gov.vn", WEB_CERTIFICATE_ARN: CERT })).toThrow(/WEB_DOMAIN/);
  });

  it("takes a hosted zone only as an id and a name together", () => {
    const base = { WEB_DOMAIN: "dvc.example.gov.vn", WEB_CERTIFICATE_ARN: CERT };
    expect(stageConfig("dev", { ...base, WEB_HOSTED_ZONE_ID: "Z123", WEB_HOSTED_ZONE_NAME: "example.gov.vn" }).domain?.hostedZone).toEqual({
      id: "Z123",
      name: "example.gov.vn",
    });
    expect(() => stageConfig("dev", { ...base, WEB_HOSTED_ZONE_ID: "Z123" })).toThrow(/WEB_HOSTED_ZONE_NAME/);
  });

  it("lets more traffic through on production than on a disposable stage", () => {
    const dev = stageConfig("dev", {});
    const prod = stageConfig("prod", { ALARM_EMAIL: "ops@example.gov.vn" });
    expect(prod.throttle.rate).toBeGreaterThan(dev.throttle.rate);
    expect(dev.throttle.burst).toBeGreaterThanOrEqual(dev.throttle.rate);
    expect(prod.api.timeout).toBeLessThan(30);
  });

  it("keeps no instance warm unless PROVISIONED_CONCURRENCY asks, and refuses a value that is not a small count", () => {
    expect(stageConfig("dev", {}).provisionedConcurrency).toBe(0);
    expect(stageConfig("prod", { ALARM_EMAIL: "ops@example.gov.vn", PROVISIONED_CONCURRENCY: "3" }).provisionedConcurrency).toBe(3);
    for (const bad of ["-1", "1.5", "two", "51"]) {
      expect(() => stageConfig("dev", { PROVISIONED_CONCURRENCY: bad })).toThrow(/PROVISIONED_CONCURRENCY/);
    }
  });

  it("takes an imported table only with its stream, which the event consumer reads", () => {
    const table = "prod-dichvucong-Table-20261122";
    const stream = `arn:aws:dynamodb:ap-southeast-1:123456789012:table/${table}/stream/2026-11-22T08:30:00.123`;
    expect(stageConfig("dev", { TABLE_IMPORT_NAME: table, TABLE_IMPORT_STREAM_ARN: stream })).toMatchObject({
      importTableName: table,
      importTableStreamArn: stream,
    });
    expect(() => stageConfig("dev", { TABLE_IMPORT_NAME: table })).toThrow(/TABLE_IMPORT_STREAM_ARN is not set/);
    expect(() => stageConfig("dev", { TABLE_IMPORT_NAME: table, TABLE_IMPORT_STREAM_ARN: "stream-1" })).toThrow(/must be a DynamoDB stream ARN/);
    expect(() =>
      stageConfig("dev", { TABLE_IMPORT_NAME: table, TABLE_IMPORT_STREAM_ARN: stream.replace(table, "prod-dichvucong-Table") }),
    ).toThrow(/is not a stream of the table/);
  });
});
