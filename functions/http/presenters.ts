import { holderActions, isOverdue } from "../core/dossier/decide";
import type { Procedure } from "../core/catalogue/model";
import type { DossierEvent } from "../core/dossier/events";
import type { Attachment, Dossier } from "../core/dossier/model";
import type { FileStore } from "../core/ports";
import type { DossierEventView, FileView, FullDossier, PublicPaymentView, PublicStatus } from "./contract";

/**
 * The views of a dossier the API answers (contract.ts): public (anyone), full (its holder, its agency), and the
 * agency's list items. The only place that decides what of a dossier leaves the server.
 */

/** What anyone may see of a dossier's payment: its state, not the amount nor the reference. */
function publicPayment(dossier: Dossier): PublicPaymentView | null {
  const p = dossier.payment;
  if (!p) return null;
  return {
    status: p.status,
    currency: "VND",
    provider: p.provider,
    paidAt: p.paidAt ?? null,
    expiresAt: p.status === "pending" ? (p.expiresAt ?? null) : null,
  };
}

/** What anyone may see of a dossier: no personal data, no notes that could carry it. */
export function publicView(dossier: Dossier, now: Date): PublicStatus {
  return {
    code: dossier.code,
    procedureCode: dossier.procedureCode,
    procedureName: dossier.procedureName,
    agencyCode: dossier.agencyCode,
    receivingAgencyCode: dossier.receivingAgencyCode,
    status: dossier.status,
    submittedAt: dossier.submittedAt ?? null,
    receivedAt: dossier.receivedAt ?? null,
    dueAt: dossier.dueAt ?? null,
    resolvedAt: dossier.resolvedAt ?? null,
    resolution: dossier.resolution ?? null,
    overdue: isOverdue(dossier, now),
    clockPaused: Boolean(dossier.pausedAt) && !dossier.endedAt,
    apology: dossier.apology ? { text: dossier.apology.text, newDueAt: dossier.apology.newDueAt, at: dossier.apology.at } : null,
    payment: publicPayment(dossier),
    timeline: dossier.timeline.map((entry) => ({ status: entry.status, action: entry.action, at: entry.at })),
  };
}

function fileView(a: Attachment, download: FileView["download"]): FileView {
  return {
    id: a.id,
    kind: a.kind,
    documentKey: a.documentKey,
    fileName: a.fileName,
    mediaType: a.mediaType,
    size: a.size,
    sha256: a.sha256,
    state: a.state,
    round: a.round ?? null,
    declaredAt: a.declaredAt,
    download,
  };
}

const byDeclaration = (a: FileView, b: FileView) =>
  a.declaredAt < b.declaredAt ? -1 : a.declaredAt > b.declaredAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * Everything about a dossier, for its holder or its agency (never the token hash). With `files`, each verified file
 * gets a short-lived download link named with its original file name; without, none (lists never presign every file).
 */
export async function fullView(dossier: Dossier, now: Date, files?: FileStore): Promise<FullDossier> {
  return fullViewOf(dossier, now, files);
}

/** The holder's view: the full view and what the holder may do now (`procedure`: for the fee's timing). */
export async function holderView(dossier: Dossier, now: Date, files: FileStore, procedure: Pick<Procedure, "fee" | "paymentTiming"> | undefined) {
  return { ...(await fullViewOf(dossier, now, files)), actions: holderActions(dossier, procedure) };
}

async function fullViewOf(dossier: Dossier, now: Date, files?: FileStore): Promise<FullDossier> {
  const { tokenHash: _hash, attachments, ...rest } = dossier;
  const all = await Promise.all(
    Object.values(attachments).map(async (a) =>
      fileView(a, files && a.state === "verified" ? await files.presignDownload(a.objectKey, a.fileName, a.mediaType) : null),
    ),
  );
  all.sort(byDeclaration);
  return {
    ...rest,
    ...publicView(dossier, now),
    timeline: dossier.timeline,
    // The holder and the agency see the whole attempt (reference, transaction number), not the public summary.
    payment: dossier.payment ?? null,
    attachments: all.filter((a) => a.kind === "document"),
    results: all.filter((a) => a.kind === "result"),
  };
}

/** An event as the event log answers it. */
export function eventView(event: DossierEvent): DossierEventView {
  return { id: event.id, type: event.type, dossierCode: event.dossierCode, version: event.version, at: event.at, actor: event.actor, data: { ...event.data } };
}
