/** Adapters more than one concern composes the same way. */
import type { Dynamo } from "../adapters/dynamo/client";
import { dynamoCatalogueRepository } from "../adapters/dynamo/catalogue-repository";
import { dynamoDossierRepository } from "../adapters/dynamo/dossier-repository";
import type { Config } from "../config";
import { catalogueLookup, catalogueReader } from "../core/catalogue/cache";

/**
 * The dossier repository as every writer of dossiers uses it: where the committed change's events are picked up
 * depends on the store (a stream deployed, the outbox work queue the local poller reads; functions/config.ts).
 */
export function dossierRepository(config: Config, db: Dynamo) {
  return dynamoDossierRepository(db, config.tableName, { outbox: config.eventSource });
}

/** Procedures and agencies for the dossier services, from a cached catalogue snapshot (no read per request). */
export function catalogueForDossiers(config: Config, db: Dynamo) {
  return catalogueLookup(catalogueReader(dynamoCatalogueRepository(db, config.tableName), { refreshMs: config.catalogueRefreshMs }));
}
