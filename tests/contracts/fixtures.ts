import { formatDossierCode, hashToken } from "../../functions/core/dossier/codes";
import { decide, type Command, type Decision } from "../../functions/core/dossier/decide";
import type { DossierEvent } from "../../functions/core/dossier/events";
import type { Actor, Attachment, Dossier } from "../../functions/core/dossier/model";
import type { AttachmentGuard } from "../../functions/core/ports";

/** Dossiers, attachments and changes for the contract suites: realistic values, changes made by the real `decide`. */

export const AGENCY = "000.00.31.H99";
export const OTHER_AGENCY = "000.00.12.H99";
export const TOKEN = "the-holder's-access-token";
export const CITIZEN: Actor = { type: "citizen" };
export const AGENCY_SYSTEM: Actor = { type: "agency", agencyCode: AGENCY };
export const SYSTEM: Actor = { type: "system" };

let sequence = 0;
/** A dossier code not used before in this process. */
export function newCode(agencyCode = AGENCY): string {
  return formatDossierCode(agencyCode, "2026-03-02", ++sequence);
}

/** A draft as createDossier makes it, created at `createdAt`. */
export function draft(overrides: Partial<Dossier> = {}): Dossier {
  const createdAt = overrides.createdAt ?? "2026-03-02T02:00:00.000Z";
  return {
    code: newCode(overrides.agencyCode),
    procedureCode: "1.001193",
    procedureName: "Đăng ký khai sinh",
    agencyCode: AGENCY,
    receivingAgencyCode: AGENCY,
    status: "draft",
    version: 1,
    applicant: { fullName: "Nguyễn Văn An", idType: "cccd", idNumber: "001090012345", phone: "0912345678" },
    delivery: "online",
    formData: { hoTenCha: "Nguyễn Văn Bình", soBanSao: 2 },
    tokenHash: hashToken(TOKEN),
    attachments: {},
    timeline: [{ action: "create", status: "draft", at: createdAt, by: CITIZEN }],
    createdAt,
    channel: "online",
    supplementRequests: 0,
    clock: { processingDays: 5, unit: "working_days", supplement: "pause" },
    round: 0,
    ...overrides,
  };
}

/**
 * A dossier past its draft, as if submitted at `submittedAt` (and received, when `status` says so), written whole
 * with `create`: for the inbox and the day lists, whose order and days depend on exact instants.
 */
export function submitted(overrides: Partial<Dossier> & { submittedAt?: string } = {}): Dossier {
  const submittedAt = overrides.submittedAt ?? "2026-03-02T03:00:00.000Z";
  const base = draft({ createdAt: "2026-03-01T09:00:00.000Z", ...overrides });
  return {
    ...base,
    status: overrides.status ?? "submitted",
    submittedAt,
    version: overrides.version ?? 2,
    timeline: overrides.timeline ?? [...base.timeline, { action: "submit", status: "submitted", at: submittedAt, by: CITIZEN }],
  };
}

let attachments = 0;
/** A declared document of `size` bytes (its id unique in this process unless given). */
export function attachment(overrides: Partial<Attachment> = {}): Attachment {
  const id = overrides.id ?? `att-${++attachments}`;
  return {
    id,
    documentKey: "to-khai",
    fileName: "Tờ khai đăng ký khai sinh.pdf",
    mediaType: "application/pdf",
    size: 1000,
    sha256: "a".repeat(64),
    objectKey: `dossiers/test/${id}`,
    state: "declared",
    declaredAt: "2026-03-02T02:05:00.000Z",
    kind: "document",
    ...overrides,
  };
}

export const result = (overrides: Partial<Attachment> = {}) =>
  attachment({ documentKey: "result", fileName: "Giấy khai sinh.pdf", kind: "result", ...overrides });

/** The guard of a citizen's declaration (roomy unless a test narrows it). */
export const citizenGuard = (overrides: Partial<AttachmentGuard> = {}): AttachmentGuard => ({
  statuses: ["draft", "supplement_requested"],
  tokenHash: hashToken(TOKEN),
  maxFiles: 100,
  maxDocumentBytes: 30 * 1024 * 1024,
  ...overrides,
});

let clock = Date.parse("2026-03-02T04:00:00.000Z");
/** A change decided by the real decision function, each a minute after the one before. */
export function act(dossier: Dossier, command: Command, actor: Actor = actorFor(command)): Decision {
  clock += 60_000;
  return decide(dossier, command, { now: new Date(clock), actor });
}

function actorFor(command: Command): Actor {
  switch (command.type) {
    case "submit":
    case "withdraw":
    case "supplement":
    case "feedback":
    case "payment_pending":
      return CITIZEN;
    case "recompute_due":
    case "expire_uploads":
    case "flag_malware":
    case "payment_paid":
    case "payment_failed":
    case "payment_expired":
      return SYSTEM;
    default:
      return AGENCY_SYSTEM;
  }
}

/** An event of a dossier's change, for the event log (ids as `decide` makes them). */
export function event(code: string, version: number, index = 0, overrides: Partial<DossierEvent> = {}): DossierEvent {
  return {
    id: `${code}/${version}/${index}`,
    type: "dossier.received",
    dossierCode: code,
    version,
    at: new Date(Date.parse("2026-03-02T04:00:00.000Z") + version * 60_000 + index).toISOString(),
    actor: AGENCY_SYSTEM,
    data: {
      status: "received",
      previousStatus: "submitted",
      procedureCode: "1.001193",
      agencyCode: AGENCY,
      receivingAgencyCode: AGENCY,
      dueAt: "2026-03-09T10:00:00.000Z",
    },
    ...overrides,
  };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<{ code?: string; kind?: string; params?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (err) {
    return err as { code?: string; kind?: string };
  }
  throw new Error("expected the call to be refused, it succeeded");
}
