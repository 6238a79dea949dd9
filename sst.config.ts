import type { SSTConfig } from "sst";
import { Api } from "./stacks/Api";
import { Edge } from "./stacks/Edge";
import { Jobs } from "./stacks/Jobs";
import { suppressFrameworkFindings } from "./stacks/nag";
import { stageConfig } from "./stacks/stage-config";
import { Storage } from "./stacks/Storage";
import { Web } from "./stacks/Web";

/**
 * dichvucong on AWS (SST v2). Stages: `prod`, and any number of disposable ones (`dev`, personal, PR);
 * what differs between them is in stacks/stage-config.ts. Operating guide: docs/operating.md.
 */
export default {
  config(input) {
    return {
      name: "dichvucong",
      // `--region` wins (SST applies it after this), then AWS_REGION, then Singapore, the region nearest Vietnam.
      region: input.region ?? process.env.AWS_REGION ?? "ap-southeast-1",
    };
  },
  stacks(app) {
    const config = stageConfig(app.stage); // fails fast, naming the variable, before anything is built

    app.setDefaultFunctionProps({
      runtime: "nodejs22.x",
      architecture: "arm_64",
      // Starting points, to be sized by measurement (docs/operating.md, "Sizing the functions").
      memorySize: config.api.memorySize,
      timeout: config.api.timeout,
      tracing: "active",
      nodejs: {
        format: "esm",
        minify: true,
        // Prefer the ESM build of every package: the AWS SDK's CommonJS build otherwise dies at start-up
        // with `Dynamic require of "node:https" is not supported` inside an ESM bundle.
        esbuild: { mainFields: ["module", "main"] },
      },
      // Log retention: each function gets its own log group with the stage's retention (stacks/lambda.ts).
    });
    if (!config.isProduction) app.setDefaultRemovalPolicy("destroy");

    // A stack may `use` only the stacks before it; CloudFormation then deploys by the references between them.
    app.stack(Edge).stack(Storage).stack(Api).stack(Jobs).stack(Web);
    suppressFrameworkFindings(app);
  },
} satisfies SSTConfig;
