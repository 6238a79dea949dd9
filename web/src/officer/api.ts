import { api, ApiError, path, randomKey, type RequestOptions } from "../api";
import { putFile, sha256Hex } from "../files";
import type { FullDossier, UploadTicket } from "../types";
export type { PaperTicket } from "../../../functions/http/contract";
import { accessToken, forgetSession, signIn } from "./auth";

/** The officer API (docs/api.md "Officers"): the citizens' client with the officer's bearer token. */

export interface Me {
  officerId: string;
  name: string;
  agencyCode: string;
  agencyName?: string;
  roles: string[];
  permissions?: string[];
}

export interface OfficerSummary {
  officerId: string;
  username: string;
  name: string;
  agencyCode: string;
  roles: string[];
  disabled: boolean;
}
export const getOfficers = () => officerApi<{ items: OfficerSummary[] }>("/v1/officer/officers");
/** Every officer of the agency, disabled ones too (who may manage officers). */
export const getAgencyOfficers = () => officerApi<{ items: OfficerSummary[] }>("/v1/officer/officers?include=disabled");
export const changeOfficer = (officerId: string, body: { roles?: string[]; disabled?: boolean }) =>
  officerApi<OfficerSummary>(path`/v1/officer/officers/${officerId}`, { method: "POST", body });

export interface InboxItem {
  code: string;
  procedureCode?: string;
  procedureName?: string;
  applicantName?: string;
  applicant?: { fullName: string };
  status: string;
  channel?: string;
  submittedAt?: string | null;
  receivedAt?: string | null;
  dueAt?: string | null;
  resolvedAt?: string | null;
  assignee?: { officerId: string; name: string };
  workingMinutesLeft?: number | null;
}

export const TABS = ["new", "processing", "waiting_citizen", "due_soon", "overdue", "done"] as const;
export type Tab = (typeof TABS)[number];

export interface Inbox {
  items: InboxItem[];
  nextCursor: string | null;
  counts?: Partial<Record<Tab, number>>;
  /** Tabs holding at least their count (the server stops counting at 1,000). */
  capped?: Tab[];
}

export type OfficerDossier = Omit<FullDossier, "actions" | "timeline"> & {
  actions?: string[];
  procedureForm?: { ui?: unknown; schema?: unknown };
  timeline: Array<FullDossier["timeline"][number] & { by: { type: string; name?: string; officerId?: string } }>;
};

const EXPIRED = "dvc.officer.expired";

/** True once after a session expired mid-work (the sign-in page says so). */
export function takeExpiredFlag(): boolean {
  const had = sessionStorage.getItem(EXPIRED) === "1";
  sessionStorage.removeItem(EXPIRED);
  return had;
}

/** A call with the token; without one (or when it is refused as expired) the officer signs in and comes back here. */
export async function officerApi<T>(url: string, options: RequestOptions = {}): Promise<T> {
  const token = accessToken();
  if (!token) {
    sessionStorage.setItem(EXPIRED, "1");
    return signIn();
  }
  try {
    return await api<T>(url, { ...options, token });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      // Every form keeps its fields in sessionStorage as they are typed: nothing is lost on the way.
      forgetSession();
      sessionStorage.setItem(EXPIRED, "1");
      return signIn();
    }
    throw err;
  }
}

export const getMe = () => officerApi<Me>("/v1/officer/me");
export const getDossier = (code: string) => officerApi<OfficerDossier>(path`/v1/officer/dossiers/${code}`);

export function getInbox(tab: Tab, q: string, cursor?: string | null): Promise<Inbox> {
  const query = new URLSearchParams({ tab, limit: "50" });
  if (q) query.set("q", q);
  if (cursor) query.set("cursor", cursor);
  return officerApi<Inbox>(`/v1/officer/dossiers?${query}`);
}

export function act(code: string, body: Record<string, unknown>): Promise<OfficerDossier> {
  return officerApi<OfficerDossier>(path`/v1/officer/dossiers/${code}/actions`, { method: "POST", body, idempotencyKey: randomKey() });
}

export function getSlip(code: string, slip: string): Promise<string> {
  return officerFetchText(path`/v1/officer/dossiers/${code}/slips/${slip}`);
}

async function officerFetchText(url: string): Promise<string> {
  const token = accessToken();
  if (!token) {
    sessionStorage.setItem(EXPIRED, "1");
    return signIn();
  }
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: "text/html" }, credentials: "omit" });
  if (res.status === 401) {
    forgetSession();
    sessionStorage.setItem(EXPIRED, "1");
    return signIn();
  }
  if (!res.ok) throw new ApiError(res.status, undefined, "http");
  return res.text();
}

export function mediaTypeOfFile(file: File): string {
  if (file.type) return file.type;
  const ext = file.name.toLowerCase().split(".").pop();
  return ext === "pdf" ? "application/pdf" : ext === "png" ? "image/png" : ext === "jpg" || ext === "jpeg" ? "image/jpeg" : "application/octet-stream";
}

/** Declares a result file on the dossier and uploads it straight to storage, reporting progress (0..1). */
export async function uploadResult(code: string, file: File, onProgress: (ratio: number) => void): Promise<UploadTicket> {
  const sha256 = await sha256Hex(file);
  const ticket = await officerApi<UploadTicket>(path`/v1/officer/dossiers/${code}/results`, {
    method: "POST",
    idempotencyKey: randomKey(),
    body: { fileName: file.name, mediaType: mediaTypeOfFile(file), size: file.size, sha256 },
  });
  onProgress(0);
  await putFile(ticket.upload, file, onProgress);
  return ticket;
}

export { ApiError, path, randomKey, sha256Hex, putFile };
