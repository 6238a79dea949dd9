/**
 * The ports: every interface the core uses to reach storage and gateways, in one place (README.md "Layout").
 * Adapters (functions/adapters/*) implement them; tests/contracts runs one suite per port against an in-memory fake
 * and against the real emulator (dynalite, s3rver).
 */
import type { Dossier, DossierStatus, Attachment } from "./dossier/model";
import type { DossierEvent } from "./dossier/events";
import type { InboxShelves } from "./officer/inbox";

export type { CatalogueRepository, CatalogueEntry, UpsertResult } from "./catalogue/repository";
export type { ApiKeyRepository, ApiKeyRecord } from "./agency/keys";
export type { DaySource, StatsStore, StoredDay } from "./stats/service";
export type { PaymentProvider, PaymentRequest, CallbackCheck, VerifiedCallback, NotificationOutcome } from "./payment/provider";
export type { PaymentStore, PaymentReference, PaymentEvent, PaymentEventKind } from "./payment/repository";

// ------------------------------------------------------------------------------------------------ files

/** A presigned upload straight to storage (the browser sends the file there, not through the API). */
export interface PresignedUpload {
  method: "PUT";
  url: string;
  /** Headers the client must send with the upload, exactly. */
  headers: Record<string, string>;
  expiresAt: string;
}

export interface StoredObject {
  size: number;
  mediaType: string;
  /** SHA-256 (hex) when the store itself verified the body against a checksum on upload. */
  sha256?: string;
}

/** Storage of uploaded files (S3 deployed, s3rver locally); adapters/s3 implements it. */
export interface FileStore {
  /**
   * Where a dossier's file is stored (the store's own key layout): its final place from the moment it is declared,
   * so nothing is copied at submission; the dossier record, not the key, says whether it was submitted.
   */
  keyFor(kind: "document" | "result", dossierCode: string, attachmentId: string): string;
  /** The dossier file a stored key holds (the inverse of `keyFor`); undefined for any other key. Throws nothing. */
  locate(objectKey: string): { dossierCode: string; attachmentId: string } | undefined;
  presignUpload(objectKey: string, file: { mediaType: string; size: number; sha256: string }): Promise<PresignedUpload>;
  /** Size, type and (where the store verified one) checksum of a stored object; undefined when it is missing. */
  inspect(objectKey: string): Promise<StoredObject | undefined>;
  /** SHA-256 (hex) of the stored body, read in full: the fallback when the store kept no verified checksum. */
  sha256(objectKey: string): Promise<string>;
  /** Deletes files (an abandoned draft's uploads); missing ones are not an error. */
  remove(objectKeys: string[]): Promise<void>;
  presignDownload(objectKey: string, fileName: string, mediaType: string): Promise<{ url: string; expiresAt: string }>;
  /**
   * The first `bytes` bytes of a stored object (fewer when it is shorter), for content sniffing
   * (core/content-check.ts) without reading the whole file; undefined when it is missing.
   */
  head(objectKey: string, bytes: number): Promise<Uint8Array | undefined>;
  /**
   * Moves a file found infected out of reach: no download link, issued before or after, reaches it any more (it
   * leaves the key its links point at). Idempotent: a file already moved, or missing, is not an error.
   */
  quarantine(objectKey: string): Promise<void>;
  /**
   * Writes a file the portal makes itself (the printable declaration at submission) at `objectKey`, with its
   * checksum. Optional: a store without it gets no printed declaration.
   */
  write?(objectKey: string, body: Uint8Array, file: { mediaType: string; sha256: string }): Promise<void>;
}

// ------------------------------------------------------------------------------------------------ malware scanning

/** What a scanner says about one stored file. */
export type ScanVerdict =
  | { status: "clean" }
  /** `signature`: the name of what was found (ClamAV's signature name, or GuardDuty's threat name when it gives one). */
  | { status: "infected"; signature: string }
  /** No verdict yet (GuardDuty scans asynchronously): ask again later; never treat as clean. */
  | { status: "pending" }
  /**
   * The scanner could not decide (unreadable, unsupported or too large a file, a scanner that does not answer): never
   * treat as clean. `unavailable`: the scanner (or the store it reads from) could not be reached, so the same
   * question may well be answered later; otherwise it was reached and cannot decide about this file.
   */
  | { status: "error"; reason: string; unavailable?: boolean };

/**
 * Malware scanning of uploaded files (issue #18 "Malware scanning"): every file is scanned before an agency can open
 * it. Adapters: adapters/clamav (the ClamAV daemon, locally) and adapters/guardduty (Amazon GuardDuty Malware
 * Protection for S3, deployed).
 */
export interface MalwareScanner {
  /** Which scanner this is, for logs and the dossier's record ("clamav", "guardduty"). */
  readonly name: string;
  /**
   * True when the store itself refuses every download of a file until this scanner has called it clean (GuardDuty's
   * tag, required by the bucket policy in stacks/Storage.ts). A file with no verdict yet may then be handed in: its
   * verdict arrives later, and an infected one is quarantined and flagged on the dossier (`flag_malware`). False for
   * a scanner that answers at once (ClamAV): no verdict is then a refusal.
   */
  readonly verdictsGateDownloads: boolean;
  /**
   * The verdict on the object stored under `objectKey`. Never throws for a verdict the scanner gives (an infected
   * file is a result, not an error); `error` when the scanner cannot be reached or cannot decide.
   */
  scan(objectKey: string): Promise<ScanVerdict>;
}

// ------------------------------------------------------------------------------------------------ dossiers

export interface InboxQuery {
  agencyCode: string;
  status?: DossierStatus;
  /** Vietnam dates, inclusive, on the inbox sort date (due date, or submission for dossiers not yet received). */
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

/** What a declaration may not exceed, checked atomically with the write (no read before it). */
export interface AttachmentGuard {
  /** The statuses the dossier must be in (from the decision table: `attach` / `upload_result`). */
  statuses: readonly DossierStatus[];
  /** The holder's token, as its hash: the write is refused (as `dossier.not_found`) when it does not match. */
  tokenHash?: string;
  /** The acting agency: the write is refused (as `dossier.not_yours`) when the dossier is another agency's. */
  agencyCode?: string;
  /** Files the dossier may hold in all (documents and results): keeps the one item small. */
  maxFiles: number;
  /** Bytes the dossier's documents may add up to (results are not counted). */
  maxDocumentBytes: number;
  /**
   * A declaration the citizen may repeat (a document, as opposed to an agency's bounded result files): refused once
   * the record has used its growth budget, like a repeatable change (`CommitOptions`). Default: false.
   */
  repeatable?: boolean;
}

export interface CommitOptions {
  /**
   * The change may come again without end (core/dossier/growth.ts): it is refused once the record has used its growth
   * budget, well below its size limit, so that the bounded steps that end a dossier always fit.
   */
  repeatable?: boolean;
}

/**
 * Storage of dossiers: one item each, moved by conditional writes (DESIGN.md "DynamoDB without transactions"); it
 * keeps every dossier past draft on its agency's inbox shelf (`InboxShelves`, core/officer/inbox.ts).
 */
export interface DossierRepository extends InboxShelves {
  /** The next number of the agency's daily sequence (atomic counter; 1 for the first). */
  nextSequence(agencyCode: string, day: string): Promise<number>;
  /** @throws ConflictError `dossier.exists` when the code is taken. */
  create(dossier: Dossier): Promise<void>;
  get(code: string): Promise<Dossier | undefined>;
  /**
   * Writes `next` over `previous` in one conditional update, with `events` in the same write (the item's outbox).
   * It succeeds only while the stored dossier still has `previous.version`, `previous.status` and as many
   * attachments; only what changed is written (the timeline by appending, attachments entry by entry).
   * @throws ConflictError `dossier.version_conflict` when the stored dossier moved on.
   * @throws RuleError `dossier.too_large` when the item would exceed what the store keeps in one record (for a
   *   repeatable change: its growth budget).
   */
  commit(previous: Dossier, next: Dossier, events: DossierEvent[], options?: CommitOptions): Promise<void>;
  /**
   * Adds an attachment in one conditional write (no read before it) and returns the dossier as written.
   * Idempotent: the same attachment again returns the dossier unchanged.
   * @throws NotFoundError `dossier.not_found` (no such dossier, or the token hash does not match)
   * @throws ConflictError `dossier.invalid_transition` (status), `attachment.exists` (the id holds another declaration)
   * @throws RuleError `attachment.too_many`, `attachment.dossier_too_large` (the guard's limits), `dossier.too_large`
   *   (no room left in the record)
   */
  addAttachment(code: string, attachment: Attachment, guard: AttachmentGuard): Promise<Dossier>;
  /** Takes back an attachment just added that breaks a rule only known after the write (its procedure's). */
  removeAttachment(code: string, attachment: Attachment): Promise<void>;
  inbox(query: InboxQuery): Promise<{ items: Dossier[]; nextCursor: string | null }>;
  /** Codes of the dossiers still drafts among those created on a Vietnam date at these receiving units (the sweeper). */
  draftsCreatedOn(date: string, receivingAgencies: readonly string[]): Promise<string[]>;
}

// ------------------------------------------------------------------------------------------------ events

/** A consumer of domain events: at-least-once, so it must dedupe by event id. */
export interface EventConsumer {
  readonly name: string;
  handle(events: DossierEvent[]): Promise<void>;
}

/** The per-dossier event log (`GET /v1/agency/dossiers/{code}/events`): written by its consumer, idempotent by id. */
export interface EventLog {
  /** Stores each event under its id; storing an event twice keeps one. */
  append(events: DossierEvent[]): Promise<void>;
  /** A dossier's events, oldest first. */
  list(code: string, page: { limit: number; cursor?: string }): Promise<{ items: DossierEvent[]; nextCursor: string | null }>;
}

/**
 * Dossiers holding events not yet delivered, where the store has no change stream (the local portal: dynalite has
 * no DynamoDB Streams). Deployed, the stream is the source and this port is not used.
 */
export interface EventOutbox {
  /** Up to `limit` dossiers with undelivered events, each with its events and the version they were read at. */
  pending(limit: number): Promise<{ code: string; version: number; events: DossierEvent[] }[]>;
  /**
   * Marks the events read at `version` delivered: all of them when the dossier is still at `version`; else the ones
   * up to it, and a newer change's events stay pending. False when there was nothing of them left to mark.
   */
  acknowledge(code: string, version: number): Promise<boolean>;
}

// ------------------------------------------------------------------------------------------------ idempotency

/** What an Idempotency-Key is bound to: the request's hash and what the first attempt fixed (e.g. the dossier code). */
export interface IdempotencyRecord {
  scope: string;
  key: string;
  requestHash: string;
  value: Record<string, string>;
}

/** Idempotency-Key records (docs/api.md Conventions): kept 24 h. */
export interface IdempotencyStore {
  /**
   * Records the key with its value when the key is new (or its record expired), in one conditional write.
   * @returns `claimed: true`, or the record the first attempt stored
   */
  claim(record: IdempotencyRecord): Promise<{ claimed: true } | { claimed: false; existing: IdempotencyRecord }>;
}

// ------------------------------------------------------------------------------------------------ officer accounts

/**
 * Officers' sign-in accounts at the identity provider, as the operator CLI needs them (`officers add|disable`):
 * the stage's Cognito user pool (functions/adapters/cognito/officer-accounts.ts) or, locally, the embedded
 * provider's file (functions/local/idp-accounts.ts). The portal's officer record (agency, roles, disabled) is not
 * here: it is OfficerRepository's, and it alone decides access on each request.
 */
export interface OfficerAccounts {
  /**
   * Creates the account, or finds the existing one of that user name (so a retry is harmless).
   * @returns its subject (the officer id), whether it was made now, and the temporary password to hand over
   *   when this call chose one that no message carries to the officer
   */
  create(input: { username: string; name: string; email?: string; temporaryPassword?: string }): Promise<{
    sub: string;
    created: boolean;
    temporaryPassword?: string;
  }>;
  /** Disables (and signs out everywhere) or re-enables the account; false when the provider has no such account. */
  setEnabled(username: string, enabled: boolean): Promise<boolean>;
}
