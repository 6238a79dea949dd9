import type { Hono } from "hono";
import type { Adapters } from "../adapters";
import type { Config } from "../config";
import { agencyApp } from "../http/agency-app";
import { catalogueApp } from "../http/catalogue-app";
import { dossiersApp } from "../http/dossiers-app";
import { openApiApp } from "../http/openapi-app";
import { statsApp } from "../http/stats-app";
import { systemApp } from "../http/system";

/** Mounts every API app under /v1 on the local server: the same apps the Lambda entries serve. */
export function mountApis(root: Hono, adapters: Adapters, config: Config, now: () => Date = () => new Date()): void {
  const dossierDeps = {
    dossiers: adapters.dossiers,
    catalogue: adapters.catalogue,
    files: adapters.files,
    idempotency: adapters.idempotency,
    tokenSecret: config.tokenSecret,
    now,
  };
  root.route("/", systemApp(adapters.probes));
  root.route("/", openApiApp());
  root.route("/", dossiersApp(dossierDeps));
  root.route("/", agencyApp({ ...dossierDeps, keys: adapters.keys }));
  root.route("/", statsApp({ stats: adapters.stats, catalogue: adapters.catalogue, now }));
  root.route("/", catalogueApp({ catalogue: adapters.catalogue, refreshMs: config.catalogueRefreshMs }));
}
