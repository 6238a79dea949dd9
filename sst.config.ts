import type { SSTConfig } from "sst";
import { Api } from "./stacks/Api";
import { FUNCTION_BUNDLING } from "./stacks/bundling";
import { Edge } from "./stacks/Edge";
import { Jobs } from "./stacks/Jobs";
import { Notify } from "./stacks/Notify";
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
      // Bundled lean for short cold starts; what and why in stacks/bundling.ts.
      nodejs: FUNCTION_BUNDLING,
      // Log retention: each function gets its own log group with the stage's retention (stacks/lambda.ts).
    });
    if (!config.isProduction) app.setDefaultRemovalPolicy("destroy");

    // A stack may `use` only the stacks before it; CloudFormation then deploys by the references between them.
    app.stack(Edge).stack(Storage).stack(Api).stack(Notify).stack(Jobs).stack(Web);
    suppressFrameworkFindings(app);
  },
} satisfies SSTConfig;
