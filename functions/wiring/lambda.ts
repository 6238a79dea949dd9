/**
 * How an HTTP function's entry (functions/<name>.ts) defers its routes' code to its first request.
 *
 * An entry's module init builds what every request needs — the config, its secrets, the DynamoDB client — and no
 * more. The routes' code (Hono, zod and @hono/zod-openapi, the route schemas, the core, the adapters) is in the
 * concern's module (functions/wiring/<concern>.ts), which the entry imports on its first invocation; the bundles are
 * split (stacks/bundling.ts), so that module and what it alone needs are chunks Node neither parses nor runs before.
 * The S3 SDK is one step further away: ./clients.ts loads it on the first request that touches a file.
 *
 * The rule that keeps this true: nothing in an entry's static imports may import a module the entry loads lazily
 * (esbuild would then hoist it into the init chunk). Entries import only this module, ./clients.ts, the config and
 * the adapters' client factories; tests/stacks/bundles.test.ts checks what each function loads at init.
 *
 * The cost moves, it does not vanish: the first request pays for the module (bench/coldstart.ts measures both).
 * That is the right trade where an instance serves only some of its routes (the public status never loads S3), and
 * Lambda's init has a hard time limit a first request does not. Provisioned instances are the exception: they are
 * initialised ahead of traffic to take that cost off the first request, so there the module is loaded at init.
 */
import { once } from "./once";

/**
 * A handler that imports its code on the first invocation (a failed import is tried again on the next), or at
 * init on an instance of provisioned concurrency (`AWS_LAMBDA_INITIALIZATION_TYPE`, set by Lambda).
 */
export async function lazyHandler<Handler extends (...args: never[]) => Promise<unknown>>(
  load: () => Promise<Handler>,
  env: Record<string, string | undefined> = process.env,
): Promise<Handler> {
  const loaded = once(load);
  if (env.AWS_LAMBDA_INITIALIZATION_TYPE === "provisioned-concurrency") await loaded();
  return (async (...args: Parameters<Handler>) => (await loaded())(...args)) as Handler;
}
