/** The catalogue function: public reads of the procedure catalogue. */
import { handle } from "hono/aws-lambda";
import { dynamoCatalogueRepository } from "../adapters/dynamo/catalogue-repository";
import { jsonLogger } from "../adapters/log/json";
import type { Config } from "../config";
import type { Logger } from "../core/log";
import { catalogueApp, type CatalogueAppDeps } from "../http/catalogue-app";
import type { Clients } from "./clients";
import { lambdaRoot, type Served } from "./root";

export function catalogueDeps(config: Config, clients: Pick<Clients, "db">, log: Logger): CatalogueAppDeps {
  return { catalogue: dynamoCatalogueRepository(clients.db, config.tableName), refreshMs: config.catalogueRefreshMs, log };
}

export function catalogueServes(deps: CatalogueAppDeps): Served {
  return { apps: [catalogueApp(deps)], limited: false };
}

/** The Lambda handler (functions/catalogue.ts imports this module on its first request). */
export function catalogueHandler(config: Config, clients: Pick<Clients, "db">) {
  const log = jsonLogger();
  return handle(lambdaRoot(catalogueServes(catalogueDeps(config, clients, log)), log));
}
