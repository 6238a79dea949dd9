/**
 * Synthesizes the whole app offline, the way `sst deploy` does up to CloudFormation, for one stage:
 * sst.config.ts's own `stacks(app)` (so the default function props are the real ones), then `app.finish()`,
 * which bundles every function with esbuild (that is what sets each function's real runtime and handler)
 * and packages the site. Nothing touches AWS: no credentials, no lookups, no network.
 *
 * - The web build is not run: WEB_PREBUILT_DIR points StaticSite at a tiny fixture (a real build needs the
 *   web code and Vite; what is asserted is the wiring, which is the same).
 * - Each synth gets its own scratch directory for SST's build artifacts, so test files running in parallel
 *   never build into the same folder.
 */
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { Aspects, type Stack } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { App, getStack } from "sst/constructs";
import { initProject, useProject } from "sst/project.js"; // the package maps subpaths as is: the extension is part of the name
import config from "../../sst.config";
import { Api } from "../../stacks/Api";
import { Edge } from "../../stacks/Edge";
import { Jobs } from "../../stacks/Jobs";
import { Notify } from "../../stacks/Notify";
import { Storage } from "../../stacks/Storage";
import { Web } from "../../stacks/Web";

export const STACKS = { Edge, Storage, Api, Notify, Jobs, Web } as const;
export type StackName = keyof typeof STACKS;

export interface Synth {
  stage: string;
  app: App;
  stacks: Record<StackName, Stack>;
  templates: Record<StackName, Template>;
  /** cdk-nag errors that no suppression covers, as "rule @ construct path" lines. */
  nagErrors: string[];
  nagWarnings: string[];
  /** SST's build output: each function's bundle, as `sst deploy` would upload it, under `<hash>/functions/<name>.mjs`. */
  artifacts: string;
}

/** The environment of the shell that would run `sst deploy`, per stage (restored after the synth). */
export const TEST_ENV: Record<string, Record<string, string | undefined>> = {
  test: {
    ALARM_EMAIL: undefined,
    WEB_DOMAIN: undefined,
    WEB_CERTIFICATE_ARN: undefined,
    WEB_HOSTED_ZONE_ID: undefined,
    WEB_HOSTED_ZONE_NAME: undefined,
    TABLE_IMPORT_NAME: undefined,
    TABLE_IMPORT_STREAM_ARN: undefined,
    PROVISIONED_CONCURRENCY: undefined,
    NOTIFY_EMAIL_FROM: undefined,
    NOTIFY_SMS: undefined,
  },
  prod: {
    ALARM_EMAIL: "ops@example.gov.vn",
    WEB_DOMAIN: "dichvucong.example.gov.vn",
    WEB_CERTIFICATE_ARN: "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
    WEB_HOSTED_ZONE_ID: "Z0000000000000000000",
    WEB_HOSTED_ZONE_NAME: "example.gov.vn",
    TABLE_IMPORT_NAME: undefined,
    TABLE_IMPORT_STREAM_ARN: undefined,
    PROVISIONED_CONCURRENCY: "2",
    NOTIFY_EMAIL_FROM: "no-reply@dichvucong.example.gov.vn",
    NOTIFY_SMS: "esms",
  },
};

async function webFixture(scratch: string): Promise<string> {
  const dist = path.join(scratch, "web-dist");
  await mkdir(path.join(dist, "assets"), { recursive: true });
  await writeFile(path.join(dist, "index.html"), '<!doctype html><script type="module" src="/assets/main.js"></script>');
  await writeFile(path.join(dist, "assets", "main.js"), 'export const API_URL = "{{ VITE_API_URL }}";');
  return dist;
}

export async function synth(stage: string, env: Record<string, string | undefined> = TEST_ENV[stage] ?? {}): Promise<Synth> {
  const scratch = await mkdtemp(path.join(tmpdir(), `dvc-stacks-${stage}-`));
  // initProject loads .env / .env.<stage> (over process.env): apply the test environment after it.
  await initProject({ stage });
  const project = useProject();
  project.paths.out = path.join(scratch, "sst");
  project.paths.artifacts = path.join(scratch, "sst", "artifacts");
  const saved: Record<string, string | undefined> = {};
  const overrides = { ...env, WEB_PREBUILT_DIR: await webFixture(scratch) };
  for (const [name, value] of Object.entries(overrides)) {
    saved[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    const app = new App({
      mode: "deploy",
      stage,
      name: project.config.name,
      region: project.config.region,
      account: "123456789012",
    });
    Aspects.of(app).add(new AwsSolutionsChecks());
    await config.stacks(app);
    await app.finish();

    const stacks = Object.fromEntries(
      Object.entries(STACKS).map(([name, fn]) => [name, getStack(fn) as Stack]),
    ) as Record<StackName, Stack>;
    // One synthesis only: SST's own aspects (unique ids) refuse to run twice on the same app.
    const assembly = app.synth();
    const artifacts = Object.entries(stacks).map(([name, stack]) => [name, assembly.getStackArtifact(stack.artifactId)] as const);
    const templates = Object.fromEntries(
      artifacts.map(([name, artifact]) => [name, Template.fromJSON(artifact.template as Record<string, unknown>)]),
    ) as Record<StackName, Template>;
    const nag = (level: "error" | "warning") =>
      artifacts.flatMap(([, artifact]) =>
        artifact.messages
          .filter((m) => m.level === level && String(m.entry.data).startsWith("AwsSolutions-"))
          .map((m) => `${String(m.entry.data).split(/:\s/)[0]} @ ${m.id}`),
      );
    return { stage, app, stacks, templates, nagErrors: nag("error"), nagWarnings: nag("warning"), artifacts: project.paths.artifacts };
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reading templates

type Json = unknown;
export type Resource = { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string; Metadata?: Record<string, any> };

export function resources(template: Template, type?: string): Record<string, Resource> {
  const all = (template.toJSON() as { Resources: Record<string, Resource> }).Resources;
  return Object.fromEntries(Object.entries(all).filter(([, r]) => !type || r.Type === type));
}

/** Logical id without CDK's 8-character hash suffix: `Table710B521B` → `Table`. */
const unhash = (logicalId: string) => logicalId.replace(/[0-9A-F]{8}$/, "");

/**
 * A readable label for a CloudFormation value, same-stack or imported from another stack:
 * `{"Fn::ImportValue": "…:ExportsOutputFnGetAttAttachmentsBucket134755D7Arn3EBF7014"}` → `AttachmentsBucket.Arn`,
 * `{"Fn::Join": ["", [<that>, "/drafts/*"]]}` → `AttachmentsBucket.Arn/drafts/*`, `{"Ref": "Site…"}` → `Site`.
 */
export function label(value: Json): string {
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (!value || typeof value !== "object") return JSON.stringify(value);
  const v = value as Record<string, any>;
  if (typeof v["Ref"] === "string") return v["Ref"].startsWith("AWS::") ? `\${${v["Ref"]}}` : unhash(v["Ref"]);
  if (Array.isArray(v["Fn::GetAtt"])) return `${unhash(v["Fn::GetAtt"][0])}.${v["Fn::GetAtt"][1]}`;
  if (Array.isArray(v["Fn::Join"])) return (v["Fn::Join"][1] as Json[]).map(label).join(v["Fn::Join"][0]);
  if (typeof v["Fn::ImportValue"] === "string") {
    const exportName = v["Fn::ImportValue"].split(":").pop() as string;
    const getAtt = /^ExportsOutputFnGetAtt([A-Za-z0-9]+?)[0-9A-F]{8}([A-Za-z]+)[0-9A-F]{8}$/.exec(exportName);
    if (getAtt) return `${getAtt[1]}.${getAtt[2]}`;
    const ref = /^ExportsOutputRef([A-Za-z0-9]+?)[0-9A-F]{8}[0-9A-F]{8}$/.exec(exportName);
    if (ref) return `${ref[1]}`;
  }
  return JSON.stringify(value);
}

/** Our functions (not SST's or CDK's deploy-time helpers), by handler: `functions/catalogue.handler` → resource. */
export function appFunctions(template: Template): Record<string, { id: string; props: Record<string, any> }> {
  return Object.fromEntries(
    Object.entries(resources(template, "AWS::Lambda::Function"))
      .filter(([, r]) => String(r.Properties?.["Handler"]).startsWith("functions/"))
      .map(([id, r]) => [r.Properties!["Handler"] as string, { id, props: r.Properties! }]),
  );
}

export interface Statement {
  effect: string;
  actions: string[];
  resources: string[];
  condition?: Record<string, any>;
}

/** Every statement of every policy attached to the function's role, normalised (sorted, labelled). */
export function statementsOf(template: Template, handler: string): Statement[] {
  const fn = appFunctions(template)[handler];
  if (!fn) throw new Error(`no function with handler ${handler}`);
  const roleId = fn.props["Role"]["Fn::GetAtt"][0] as string;
  const policies = Object.values(resources(template, "AWS::IAM::Policy")).filter((p) =>
    (p.Properties!["Roles"] as Json[]).some((r) => label(r) === unhash(roleId)),
  );
  return policies.flatMap((p) =>
    (p.Properties!["PolicyDocument"]["Statement"] as Record<string, any>[]).map((s) => ({
      effect: s["Effect"],
      actions: ([] as string[]).concat(s["Action"]).sort(),
      resources: ([] as Json[]).concat(s["Resource"]).map(label).sort(),
      ...(s["Condition"] ? { condition: s["Condition"] } : {}),
    })),
  );
}

/** Every cdk-nag suppression recorded in the template (resource metadata and stack metadata). */
export function nagSuppressions(template: Template): { where: string; id: string; reason: string }[] {
  const json = template.toJSON() as { Metadata?: Record<string, any>; Resources: Record<string, Resource> };
  const read = (where: string, metadata?: Record<string, any>) =>
    ((metadata?.["cdk_nag"]?.["rules_to_suppress"] ?? []) as { id: string; reason: string }[]).map((r) => ({
      where,
      id: r.id,
      reason: r.reason,
    }));
  return [
    ...read("stack", json.Metadata),
    ...Object.entries(json.Resources).flatMap(([id, r]) => read(id, r.Metadata)),
  ];
}

/**
 * Where API Gateway sends each route: route key (`GET /v1/dossiers/{code}`) → the handler of the function behind its
 * integration (`functions/dossiers.handler`), through a provisioned-concurrency alias where there is one.
 */
export function routeHandlers(template: Template): Record<string, string> {
  const all = resources(template);
  const handlerOf = (logicalId: string): string => {
    const r = all[logicalId]!;
    if (r.Type === "AWS::Lambda::Function") return r.Properties!["Handler"] as string;
    if (r.Type === "AWS::Lambda::Alias") return handlerOf(all[r.Properties!["FunctionVersion"]["Fn::GetAtt"][0]]!.Properties!["FunctionName"]["Ref"]);
    throw new Error(`an integration targets ${r.Type} ${logicalId}`);
  };
  return Object.fromEntries(
    Object.values(resources(template, "AWS::ApiGatewayV2::Route")).map((route) => {
      const integration = all[(route.Properties!["Target"]["Fn::Join"][1][1] as { Ref: string }).Ref]!;
      const uri = integration.Properties!["IntegrationUri"];
      const target = uri["Fn::GetAtt"]?.[0] ?? uri["Ref"];
      return [route.Properties!["RouteKey"] as string, handlerOf(target)];
    }),
  );
}
