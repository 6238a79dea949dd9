/**
 * The dossier services' stores as the dossiers function composes them; the agency function adds its own to these.
 * A module of its own so that neither function's bundle holds the other's routes.
 */
import { dynamoIdempotencyStore } from "../adapters/dynamo/idempotency-store";
import type { Config } from "../config";
import type { DossierDeps } from "../core/dossier/access";
import { lazyFileStore, lazyScanner, type Clients } from "./clients";
import type { Clock } from "./clock";
import { catalogueForDossiers, dossierRepository } from "./shared";

export function dossiersDeps(config: Config, clients: Clients, now: Clock): DossierDeps {
  return {
    dossiers: dossierRepository(config, clients.db),
    catalogue: catalogueForDossiers(config, clients.db),
    files: lazyFileStore(clients.s3),
    scanner: lazyScanner(config, clients.s3),
    idempotency: dynamoIdempotencyStore(clients.db, config.tableName),
    tokenSecret: config.tokenSecret,
    now,
    // pdf-lib and the font are loaded by the first submission that prints a declaration, not at cold start.
    printDeclaration: async (dossier, form, at) => (await import("../adapters/pdf/declaration")).renderDeclarationPdf(dossier, form, at),
  };
}

