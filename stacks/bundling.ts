/**
 * How every Lambda function is bundled: the `nodejs` part of the app's default function props (sst.config.ts).
 *
 * SST v2 runs esbuild with its own options (bundle, platform node, ESM with a `createRequire` banner, target esnext,
 * `keepNames`, a source map) and spreads `nodejs.esbuild` over them. What is set here, and why — each item measured
 * by bench/coldstart.ts (BENCHMARKS.md, "Cold start"), whose bundles are the ones `sst deploy` builds:
 *
 * - **The AWS SDK is bundled**, not taken from the Lambda runtime: the runtime's copy is CommonJS spread over many
 *   files, and loading it costs more at init than parsing the minified bundle (about 3× for the authorizer).
 * - **zod's messages in English only.** `import { z } from "zod"` re-exports `z.locales`, every language's messages
 *   (~250 KB minified); the API writes its own messages (functions/core/messages.ts) and uses none of them.
 * - **Credentials from the environment only.** Lambda hands a function its role's credentials in
 *   AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN; the SDK's default chain would also bundle the
 *   SSO, profile-file, process, web-identity and login providers with their own STS/SSO clients (~130 KB), none of
 *   which can answer there. Local runs, the CLI and the tests are not bundled and keep the whole chain.
 * - **No `keepNames`.** It wraps every function and class in a naming call (~5 % of the bytes, and init time);
 *   nothing here reads a function's name (the SDK's errors set `name` themselves).
 * - **Split into chunks** (`splitting`: SST then writes the entry and its chunks side by side, `<name>.mjs` and
 *   `chunk-*.mjs`, in the function's asset). An entry imports its routes' code and the S3 SDK with `import()`
 *   (functions/wiring/lambda.ts, functions/wiring/clients.ts); split, each of those is a file Node reads only when
 *   the import runs, so a function's init parses its SDK clients and little else. In one file, the same code would
 *   still be parsed at init, only run later.
 * - **No source maps.** Node reads none unless started with `--enable-source-maps`, which the functions are not
 *   (it costs at every stack trace); SST would upload the entry's map for its console, which this project does not
 *   use, and leave each chunk's map in the deployment zip (3.3 MB of maps beside 0.9 MB of code for the dossiers
 *   function).
 */

import { join } from "node:path";

/** The part of esbuild's plugin API these plugins use; both SST's esbuild and the project's accept it. */
interface PluginBuild {
  onResolve(
    options: { filter: RegExp; namespace?: string },
    callback: (args: { path: string; importer: string; resolveDir: string }) =>
      | { path: string; namespace?: string; pluginData?: unknown }
      | undefined,
  ): void;
  onLoad(
    options: { filter: RegExp; namespace?: string },
    callback: (args: { path: string; pluginData?: unknown }) => { contents: string; loader: "js"; resolveDir: string },
  ): void;
}
export interface BundlePlugin {
  name: string;
  setup(build: PluginBuild): void;
}

/** zod's `locales/index.js` (every language) replaced by a module that exports English only. */
export const zodEnglishOnly: BundlePlugin = {
  name: "zod-english-only",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)) return undefined;
      const locales = join(args.resolveDir, "..", "locales");
      return { path: join(locales, "index.js"), namespace: "zod-english-only", pluginData: locales };
    });
    build.onLoad({ filter: /.*/, namespace: "zod-english-only" }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      loader: "js",
      resolveDir: args.pluginData as string,
    }));
  },
};

/** What a bundled function says when the environment has no credentials (it never happens on Lambda). */
export const NO_ENVIRONMENT_CREDENTIALS =
  "no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): this bundle reads " +
  "credentials from the environment only, as Lambda provides them (stacks/bundling.ts)";

/** `@aws-sdk/credential-provider-node` (the default chain) replaced by its first link, the environment. */
export const credentialsFromEnvironment: BundlePlugin = {
  name: "credentials-from-environment",
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, (args) => ({
      path: "@aws-sdk/credential-provider-node",
      namespace: "credentials-from-environment",
      pluginData: args.resolveDir,
    }));
    build.onLoad({ filter: /.*/, namespace: "credentials-from-environment" }, (args) => ({
      contents: [
        'import { fromEnv } from "@aws-sdk/credential-provider-env";',
        "export const defaultProvider = (init = {}) => {",
        "  const provider = fromEnv(init);",
        "  return async (properties) => {",
        "    try { return await provider(properties); }",
        `    catch (err) { err.message = ${JSON.stringify(NO_ENVIRONMENT_CREDENTIALS)}; throw err; }`,
        "  };",
        "};",
      ].join("\n"),
      loader: "js",
      resolveDir: args.pluginData as string,
    }));
  },
};

/** The esbuild options SST spreads over its own. */
export const ESBUILD_OVERRIDES = {
  // SST sets these too for ESM; stated so that nobody removes them: the SDK's CommonJS build dies in an ESM bundle
  // with `Dynamic require of "node:https" is not supported`.
  mainFields: ["module", "main"],
  keepNames: false,
  plugins: [zodEnglishOnly, credentialsFromEnvironment],
};

/** `nodejs` of the default function props. */
export const FUNCTION_BUNDLING = {
  format: "esm" as const,
  minify: true,
  splitting: true,
  sourcemap: false,
  esbuild: ESBUILD_OVERRIDES,
};
