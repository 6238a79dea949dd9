import { holderActions, isOverdue } from "../core/dossier/decide";
import type { Procedure } from "../core/catalogue/model";
import type { DossierEvent } from "../core/dossier/events";
import type { Attachment, Dossier } from "../core/dossier/model";
import type { FileStore, MalwareScanner } from "../core/ports";
import type { InboxDossier, InboxTab } from "../core/officer/inbox";
import type { DossierEventView, FileView, FullDossier, OfficerInboxRow, PublicPaymentView, PublicStatus } from "./contract";

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

/** What the views presign download links with: the file store, and the scanner whose verdict may hold a file back. */
export interface Downloads {
  files: FileStore;
  scanner?: MalwareScanner;
}

/**
 * A file's download link and scan state. Never a link to a file flagged as malware. Where storage serves a file only
 * once the scanner found it clean (`verdictsGateDownloads`: GuardDuty's tag), its verdict is read: a link that would
 * be refused is not offered (infected, not scannable), and one that will work once the scan is done says so.
 */
async function downloadOf(a: Attachment, downloads: Downloads | undefined): Promise<Pick<FileView, "download" | "scan">> {
  if (!downloads || a.state !== "verified" || a.malware) return { download: null, scan: null };
  const link = () => downloads.files.presignDownload(a.objectKey, a.fileName, a.mediaType);
  if (!downloads.scanner?.verdictsGateDownloads) return { download: await link(), scan: null };
  const verdict = await downloads.scanner.scan(a.objectKey);
  switch (verdict.status) {
    case "clean":
      return { download: await link(), scan: null };
    case "pending":
      return { download: await link(), scan: "pending" };
    case "infected":
      return { download: null, scan: "infected" };
    case "error":
      // The verdict could not be read now: the link is offered, storage still refuses it unless the file is clean.
      return verdict.unavailable ? { download: await link(), scan: null } : { download: null, scan: "failed" };
  }
}

function fileView(a: Attachment, download: Pick<FileView, "download" | "scan">): FileView {
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
    ...download,
    malware: a.malware ? { signature: a.malware.signature, at: a.malware.at } : null,
  };
}

const byDeclaration = (a: FileView, b: FileView) =>
  a.declaredAt < b.declaredAt ? -1 : a.declaredAt > b.declaredAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * Everything about a dossier, for its holder or its agency (never the token hash). With `downloads`, each verified
 * file gets a short-lived download link named with its original file name (see `downloadOf`); without, none (lists
 * never presign every file).
 */
export async function fullView(dossier: Dossier, now: Date, downloads?: Downloads): Promise<FullDossier> {
  return fullViewOf(dossier, now, downloads);
}

/** The holder's view: the full view and what the holder may do now (`procedure`: for the fee's timing). */
export async function holderView(dossier: Dossier, now: Date, downloads: Downloads, procedure: Pick<Procedure, "fee" | "paymentTiming"> | undefined) {
  return { ...(await fullViewOf(dossier, now, downloads)), actions: holderActions(dossier, procedure, now) };
}

async function fullViewOf(dossier: Dossier, now: Date, downloads?: Downloads): Promise<FullDossier> {
  const { tokenHash: _hash, attachments, ...rest } = dossier;
  const all = await Promise.all(Object.values(attachments).map(async (a) => fileView(a, await downloadOf(a, downloads))));
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

/** A row of the officer inbox (`OfficerInboxRow`): the dossier as its inbox shelf holds it, with its tabs. */
export function inboxRowView(d: InboxDossier, tabs: InboxTab[], minutesLeft: number | null): OfficerInboxRow {
  return {
    code: d.code,
    version: d.version,
    status: d.status,
    procedureCode: d.procedureCode,
    procedureName: d.procedureName,
    agencyCode: d.agencyCode,
    receivingAgencyCode: d.receivingAgencyCode,
    channel: d.channel,
    applicantName: d.applicant.fullName,
    submittedAt: d.submittedAt ?? null,
    receivedAt: d.receivedAt ?? null,
    dueAt: d.dueAt ?? null,
    resolvedAt: d.resolvedAt ?? null,
    resolution: d.resolution ?? null,
    endedAt: d.endedAt ?? null,
    assignee: d.assignee ? { officerId: d.assignee.officerId, name: d.assignee.name } : null,
    paymentStatus: d.payment?.status ?? null,
    clockPaused: Boolean(d.pausedAt) && !d.endedAt,
    tabs,
    workingMinutesLeft: minutesLeft,
  };
}
