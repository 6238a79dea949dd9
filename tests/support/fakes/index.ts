/**
 * In-memory fakes of every storage port (functions/core/ports.ts), for unit tests of the core's services. Each
 * passes the same contract suite as its DynamoDB / S3 adapter (tests/contracts), so a service tested over the fakes
 * behaves the same over the real stores.
 */
export { fakeDossierStore, type FakeDossierStore } from "./dossiers";
export { fakeEventLog } from "./event-log";
export { fakeIdempotencyStore, IDEMPOTENCY_RETENTION_MS } from "./idempotency-store";
export { fakeCatalogueRepository } from "./catalogue-repository";
export { fakePaymentStore } from "./payment-store";
export { fakeStatsStore } from "./stats-store";
export { fakeApiKeyRepository } from "./api-key-repository";
export { fakeFileStore, type FakeFileStore } from "./file-store";
export * from "./notify";
