import type { z } from "zod";
import type { CreateDossierInput } from "../../../functions/core/dossier/model";
import { ApiError, type FieldProblem } from "../api";
import type { ReadyFile, UploadState } from "../files";
import type { CreatedDossier, UploadTicket } from "../types";
import { fieldOfPath } from "../validate";
import { initialPay, isPayEvent, payReducer, type PayEvent, type PayJob, type PayState } from "./pay";

/**
 * Applying, as one state machine: the form → a summary to check → sending (create the dossier with an
 * Idempotency-Key, then each file declared and uploaded, then submit) → paying first (a before_submit fee) or done.
 *
 * `applyReducer` is pure. Everything that reaches the network is a job (`currentJob(state)`) that the component runs
 * and answers with an event naming the job's id; only the running job's answer is taken, so a late or repeated
 * answer changes nothing. One job runs at a time. The form's fields and the chosen files stay with the form; what
 * is sent is fixed when the citizen presses "send" (the `send` event).
 */

/** The create request's body, as the API reads it (type only: nothing of the server reaches the bundle). */
export type CreateBody = z.input<typeof CreateDossierInput>;

export type ApplyJob =
  | { id: number; kind: "create"; body: CreateBody; idempotencyKey: string }
  /** With the ticket the create answered for the file, the first time; a retry declares it again (the same attachment). */
  | { id: number; kind: "upload"; dossier: CreatedDossier; file: ReadyFile; ticket?: UploadTicket }
  | { id: number; kind: "submit"; dossier: CreatedDossier }
  | PayJob;

/** A document's problem the API found at submission (`errors[].path` = `documents.<key>`). */
export interface DocumentProblem {
  documentKey: string;
  message: string;
}

export type CreateStep = { phase: "running" } | { phase: "failed"; error: unknown } | { phase: "done"; dossier: CreatedDossier };
export type SubmitStep = { phase: "waiting" } | { phase: "running" } | { phase: "failed"; error: unknown };

export interface Sending {
  step: "sending";
  seq: number;
  /** A before_submit fee: once every file is up, the citizen pays before the dossier is submitted. */
  paysFirst: boolean;
  body: CreateBody;
  /** The create's Idempotency-Key: the same for every retry of this sending, so a lost answer never makes two. */
  idempotencyKey: string;
  files: ReadyFile[];
  create: CreateStep;
  /** One entry per file, by document key. */
  uploads: Record<string, UploadState>;
  /** The upload tickets the create answered, by document key, until a file's first attempt fails. */
  tickets: Record<string, UploadTicket>;
  submit: SubmitStep;
  job: Extract<ApplyJob, { kind: "create" | "upload" | "submit" }> | null;
}

export type ApplyState =
  | { step: "form"; seq: number }
  | { step: "review"; seq: number }
  | Sending
  | { step: "pay"; seq: number; dossier: CreatedDossier; payment: PayState }
  | { step: "done"; seq: number; dossier: CreatedDossier; submittedAt: string };

export type ApplyEvent =
  /** The form is valid: on to the summary. */
  | { type: "review" }
  /** From the summary back to the form. */
  | { type: "edit" }
  | { type: "send"; body: CreateBody; idempotencyKey: string; files: ReadyFile[]; paysFirst: boolean }
  | { type: "created"; job: number; dossier: CreatedDossier }
  | { type: "create_failed"; job: number; error: unknown }
  /** The API refused the form's content (field errors): back to the form, where they are shown. */
  | { type: "create_refused"; job: number }
  | { type: "upload_progress"; job: number; progress: number }
  | { type: "uploaded"; job: number }
  | { type: "upload_failed"; job: number; reason: string }
  | { type: "submitted"; job: number; submittedAt: string }
  | { type: "submit_failed"; job: number; error: unknown; documents: DocumentProblem[] }
  | { type: "retry_create" }
  | { type: "retry_upload"; documentKey: string }
  | { type: "retry_submit" }
  | PayEvent;

export const initialApply: ApplyState = { step: "form", seq: 0 };

/** The job the component should be running now, if any. */
export function currentJob(state: ApplyState): ApplyJob | null {
  if (state.step === "sending") return state.job;
  if (state.step === "pay") return state.payment.job;
  return null;
}

export function applyReducer(state: ApplyState, event: ApplyEvent): ApplyState {
  if (isPayEvent(event)) {
    if (state.step !== "pay") return state;
    const payment = payReducer(state.payment, event);
    return payment === state.payment ? state : { ...state, seq: payment.seq, payment };
  }
  switch (state.step) {
    case "form":
      return event.type === "review" ? { step: "review", seq: state.seq } : state;
    case "review":
      if (event.type === "edit") return { step: "form", seq: state.seq };
      if (event.type === "send") return startSending(state.seq, event);
      return state;
    case "sending":
      return sending(state, event);
    case "pay":
    case "done":
      return state;
  }
}

function startSending(seq: number, event: Extract<ApplyEvent, { type: "send" }>): Sending {
  const uploads: Record<string, UploadState> = {};
  for (const file of event.files) uploads[file.documentKey] = { status: "waiting", progress: 0 };
  return {
    step: "sending",
    seq: seq + 1,
    paysFirst: event.paysFirst,
    body: event.body,
    idempotencyKey: event.idempotencyKey,
    files: event.files,
    create: { phase: "running" },
    uploads,
    tickets: {},
    submit: { phase: "waiting" },
    job: { id: seq + 1, kind: "create", body: event.body, idempotencyKey: event.idempotencyKey },
  };
}

function sending(s: Sending, event: ApplyEvent): ApplyState {
  const job = s.job;
  switch (event.type) {
    case "created":
      if (job?.kind !== "create" || job.id !== event.job) return s;
      return advance({ ...s, create: { phase: "done", dossier: event.dossier }, tickets: ticketsOf(event.dossier), job: null });
    case "create_failed":
      if (job?.kind !== "create" || job.id !== event.job) return s;
      return { ...s, create: { phase: "failed", error: event.error }, job: null };
    case "create_refused":
      if (job?.kind !== "create" || job.id !== event.job) return s;
      // Nothing was created: the next send is a new attempt, with a new key.
      return { step: "form", seq: s.seq };
    case "retry_create":
      if (s.job || s.create.phase !== "failed") return s;
      return {
        ...s,
        seq: s.seq + 1,
        create: { phase: "running" },
        job: { id: s.seq + 1, kind: "create", body: s.body, idempotencyKey: s.idempotencyKey },
      };
    case "upload_progress": {
      if (job?.kind !== "upload" || job.id !== event.job) return s;
      const progress = Math.min(1, Math.max(0, Number.isFinite(event.progress) ? event.progress : 0));
      return withUpload(s, job.file.documentKey, { status: "uploading", progress });
    }
    case "uploaded":
      if (job?.kind !== "upload" || job.id !== event.job) return s;
      return advance({ ...withUpload(s, job.file.documentKey, { status: "done", progress: 1 }), job: null });
    case "upload_failed": {
      if (job?.kind !== "upload" || job.id !== event.job) return s;
      const key = job.file.documentKey;
      const { [key]: _used, ...tickets } = s.tickets;
      // The other files still go up; this one waits for the citizen's retry, which asks for a fresh ticket.
      return advance({ ...withUpload(s, key, { status: "failed", progress: s.uploads[key]?.progress ?? 0, error: event.reason }), tickets, job: null });
    }
    case "retry_upload":
      if (s.create.phase !== "done" || s.uploads[event.documentKey]?.status !== "failed") return s;
      // Queued behind a running upload, if there is one.
      return advance(withUpload(s, event.documentKey, { status: "waiting", progress: 0 }));
    case "submitted":
      if (job?.kind !== "submit" || job.id !== event.job) return s;
      return { step: "done", seq: s.seq, dossier: job.dossier, submittedAt: event.submittedAt };
    case "submit_failed": {
      if (job?.kind !== "submit" || job.id !== event.job) return s;
      let next: Sending = { ...s, submit: { phase: "failed", error: event.error }, job: null };
      // A document the API found missing or bad: its row fails, with the reason, and can be sent again.
      for (const problem of event.documents) {
        if (next.uploads[problem.documentKey]) next = withUpload(next, problem.documentKey, { status: "failed", progress: 0, error: problem.message });
      }
      return next;
    }
    case "retry_submit":
      if (s.job || s.submit.phase !== "failed" || s.create.phase !== "done" || !allUploaded(s)) return s;
      return { ...s, seq: s.seq + 1, submit: { phase: "running" }, job: { id: s.seq + 1, kind: "submit", dossier: s.create.dossier } };
    default:
      return s;
  }
}

function withUpload(s: Sending, documentKey: string, upload: UploadState): Sending {
  return { ...s, uploads: { ...s.uploads, [documentKey]: upload } };
}

const allUploaded = (s: Sending) => s.files.every((f) => s.uploads[f.documentKey]?.status === "done");

/** With nothing running: the next waiting file, else (every file up) submit or pay; a failed file waits. */
function advance(s: Sending): ApplyState {
  if (s.job || s.create.phase !== "done") return s;
  const dossier = s.create.dossier;
  const next = s.files.find((f) => s.uploads[f.documentKey]?.status === "waiting");
  if (next) {
    return {
      ...withUpload(s, next.documentKey, { status: "uploading", progress: 0 }),
      seq: s.seq + 1,
      job: { id: s.seq + 1, kind: "upload", dossier, file: next, ...(s.tickets[next.documentKey] ? { ticket: s.tickets[next.documentKey] } : {}) },
    };
  }
  if (!allUploaded(s)) return s;
  if (s.paysFirst) return { step: "pay", seq: s.seq, dossier, payment: initialPay(dossier, s.seq) };
  return { ...s, seq: s.seq + 1, submit: { phase: "running" }, job: { id: s.seq + 1, kind: "submit", dossier } };
}

/** The create's upload tickets by document key (one file per document in this form). */
function ticketsOf(dossier: CreatedDossier): Record<string, UploadTicket> {
  return Object.fromEntries((dossier.uploads ?? []).map((ticket) => [ticket.documentKey, ticket]));
}

/** The field errors of a refused create (400/422 with `errors`), or undefined when it is another failure. */
export function refusedFields(error: unknown): FieldProblem[] | undefined {
  if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 422)) return undefined;
  const problems = error.problem?.errors ?? [];
  return problems.length ? problems : undefined;
}

/** The documents a refused submission names (`errors[].path` = `documents.<key>`). */
export function documentProblems(error: unknown): DocumentProblem[] {
  if (!(error instanceof ApiError)) return [];
  const out: DocumentProblem[] = [];
  for (const problem of error.problem?.errors ?? []) {
    const target = fieldOfPath(problem.path);
    if (target?.startsWith("doc:")) out.push({ documentKey: target.slice(4), message: problem.message });
  }
  return out;
}
