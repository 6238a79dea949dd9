import type { Attachment, Dossier, DossierStatus } from "./model";

export interface InboxQuery {
  agencyCode: string;
  status?: DossierStatus;
  /** Vietnam dates, inclusive, on the inbox sort date (due date, or submission for dossiers not yet received). */
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

/** Storage of dossiers; adapters/dynamo implements it with single-item conditional writes. */
export interface DossierRepository {
  /** The next number of the agency's daily sequence (atomic counter; 1 for the first). */
  nextSequence(agencyCode: string, day: string): Promise<number>;
  /** @throws ConflictError `dossier.exists` when the code is taken. */
  create(dossier: Dossier): Promise<void>;
  get(code: string): Promise<Dossier | undefined>;
  /**
   * Writes `next` over `previous` in one conditional update: it succeeds only while the stored dossier still has
   * `previous.version` and `previous.status`; the timeline entries after `previous.timeline` are appended.
   * @throws ConflictError `dossier.version_conflict` when the stored dossier moved on.
   */
  commit(previous: Dossier, next: Dossier): Promise<void>;
  /**
   * Adds an attachment while the dossier's status is one of `statuses`; idempotent for the same attachment.
   * @throws ConflictError `attachment.exists` when the id is taken by a different declaration
   * @throws ConflictError `dossier.invalid_transition` when the status does not allow it
   */
  putAttachment(code: string, attachment: Attachment, statuses: DossierStatus[]): Promise<void>;
  inbox(query: InboxQuery): Promise<{ items: Dossier[]; nextCursor: string | null }>;
}
