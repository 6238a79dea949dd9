import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../web/src/api";
import type { ReadyFile } from "../../web/src/files";
import {
  applyReducer,
  currentJob,
  documentProblems,
  initialApply,
  refusedFields,
  type ApplyEvent,
  type ApplyState,
  type CreateBody,
  type Sending,
} from "../../web/src/flows/apply";
import { initialPay, payFailureEvent, payReducer } from "../../web/src/flows/pay";
import type { CreatedDossier } from "../../web/src/types";

/**
 * The apply flow's state machine (web/src/flows/apply.ts): every step, the retries a citizen meets on a bad
 * connection, and — over random sequences of events — that no impossible state is ever reached.
 */

const BODY: CreateBody = {
  procedureCode: "1.001193",
  applicant: { fullName: "Nguyễn Văn An", idType: "cccd", idNumber: "001090012345", phone: "0912345678" },
  delivery: "online",
};

const DOSSIER: CreatedDossier = {
  code: "000.00.31.H99-261201-0001",
  accessToken: "token-of-the-dossier-0123456789",
  status: "draft",
  procedureCode: "1.001193",
  agencyCode: "000.00.31.H99",
  uploads: [],
  createdAt: "2026-12-01T03:00:00.000Z",
  version: 1,
};

const file = (documentKey: string): ReadyFile => ({
  documentKey,
  file: new File([`%PDF-1.4 ${documentKey}`], `${documentKey}.pdf`, { type: "application/pdf" }),
  mediaType: "application/pdf",
  sha256: "0".repeat(64),
  key: `declare-${documentKey}`,
});

const FILES = [file("to-khai"), file("giay-chung-sinh")];

function run(events: ApplyEvent[], from: ApplyState = initialApply): ApplyState {
  return events.reduce(applyReducer, from);
}

/** The running job's id, failing the test when nothing runs. */
function jobId(state: ApplyState): number {
  const job = currentJob(state);
  if (!job) throw new Error(`no job running in ${state.step}`);
  return job.id;
}

function sending(state: ApplyState): Sending {
  if (state.step !== "sending") throw new Error(`expected sending, got ${state.step}`);
  return state;
}

const send = (over: Partial<Extract<ApplyEvent, { type: "send" }>> = {}): ApplyEvent => ({
  type: "send",
  body: BODY,
  idempotencyKey: "key-1",
  files: FILES,
  paysFirst: false,
  ...over,
});

/** From the form to a sending whose create is running. */
const startSending = (over: Parameters<typeof send>[0] = {}) => run([{ type: "review" }, send(over)]);

describe("apply flow: the steps", () => {
  it("goes form → review → create → each upload → submit → done, one job at a time", () => {
    let s = run([{ type: "review" }]);
    expect(s.step).toBe("review");
    expect(currentJob(s)).toBeNull();

    s = applyReducer(s, send());
    const create = currentJob(s);
    expect(create).toMatchObject({ kind: "create", body: BODY, idempotencyKey: "key-1" });
    expect(sending(s).create.phase).toBe("running");
    expect(sending(s).uploads).toEqual({ "to-khai": { status: "waiting", progress: 0 }, "giay-chung-sinh": { status: "waiting", progress: 0 } });

    s = applyReducer(s, { type: "created", job: create!.id, dossier: DOSSIER });
    expect(currentJob(s)).toMatchObject({ kind: "upload", dossier: DOSSIER, file: FILES[0] });
    expect(sending(s).uploads["to-khai"]).toEqual({ status: "uploading", progress: 0 });
    expect(sending(s).uploads["giay-chung-sinh"]?.status).toBe("waiting");

    s = applyReducer(s, { type: "upload_progress", job: jobId(s), progress: 0.4 });
    expect(sending(s).uploads["to-khai"]).toEqual({ status: "uploading", progress: 0.4 });
    s = applyReducer(s, { type: "uploaded", job: jobId(s) });
    expect(sending(s).uploads["to-khai"]).toEqual({ status: "done", progress: 1 });
    expect(currentJob(s)).toMatchObject({ kind: "upload", file: FILES[1] });

    s = applyReducer(s, { type: "uploaded", job: jobId(s) });
    expect(currentJob(s)).toMatchObject({ kind: "submit", dossier: DOSSIER });
    expect(sending(s).submit.phase).toBe("running");

    s = applyReducer(s, { type: "submitted", job: jobId(s), submittedAt: "2026-12-01T03:00:05.000Z" });
    expect(s).toEqual({ step: "done", seq: expect.any(Number), dossier: DOSSIER, submittedAt: "2026-12-01T03:00:05.000Z" });
    expect(currentJob(s)).toBeNull();
  });

  it("goes back from the summary to the form, and sends nothing from the form itself", () => {
    const back = run([{ type: "review" }, { type: "edit" }]);
    expect(back.step).toBe("form");
    expect(applyReducer(back, send())).toBe(back);
  });

  it("submits right after the create when the procedure asks for no file", () => {
    let s = startSending({ files: [] });
    s = applyReducer(s, { type: "created", job: jobId(s), dossier: DOSSIER });
    expect(currentJob(s)).toMatchObject({ kind: "submit" });
  });

  it("shows the payment step instead of submitting when the fee is paid first", () => {
    let s = startSending({ paysFirst: true, files: [FILES[0]!] });
    s = applyReducer(s, { type: "created", job: jobId(s), dossier: DOSSIER });
    s = applyReducer(s, { type: "uploaded", job: jobId(s) });
    expect(s.step).toBe("pay");
    if (s.step !== "pay") return;
    expect(s.dossier).toBe(DOSSIER);
    expect(s.payment.phase).toBe("idle");
    expect(currentJob(s)).toBeNull(); // nothing is paid before the citizen asks
  });
});

describe("apply flow: retries", () => {
  it("retries a create whose answer was lost with the same Idempotency-Key, and ignores the late answer", () => {
    let s = startSending();
    const first = currentJob(s)!;
    s = applyReducer(s, { type: "create_failed", job: first.id, error: new ApiError(0, undefined, "timeout") });
    expect(sending(s).create.phase).toBe("failed");
    expect(currentJob(s)).toBeNull();
    expect(sending(s).uploads["to-khai"]?.status).toBe("waiting"); // nothing uploads without a dossier

    s = applyReducer(s, { type: "retry_create" });
    const second = currentJob(s)!;
    expect(second).toMatchObject({ kind: "create", idempotencyKey: first.kind === "create" ? first.idempotencyKey : "", body: BODY });
    expect(second.id).not.toBe(first.id);

    // The first attempt's answer, arriving now, is not this attempt's: it changes nothing.
    expect(applyReducer(s, { type: "created", job: first.id, dossier: DOSSIER })).toBe(s);
    expect(applyReducer(s, { type: "create_failed", job: first.id, error: new Error("late") })).toBe(s);

    s = applyReducer(s, { type: "created", job: second.id, dossier: DOSSIER });
    expect(currentJob(s)).toMatchObject({ kind: "upload", file: FILES[0] });
  });

  it("goes back to the form when the API refuses its content; the next send is a new attempt with its new key", () => {
    let s = startSending({ idempotencyKey: "key-1" });
    s = applyReducer(s, { type: "create_refused", job: jobId(s) });
    expect(s.step).toBe("form");
    s = run([{ type: "review" }, send({ idempotencyKey: "key-2" })], s);
    expect(currentJob(s)).toMatchObject({ kind: "create", idempotencyKey: "key-2" });
  });

  it("keeps sending the other files when one fails, then submits once the failed one is sent again", () => {
    let s = startSending();
    s = applyReducer(s, { type: "created", job: jobId(s), dossier: DOSSIER });
    s = applyReducer(s, { type: "upload_progress", job: jobId(s), progress: 0.3 });
    s = applyReducer(s, { type: "upload_failed", job: jobId(s), reason: "Mất kết nối" });
    expect(sending(s).uploads["to-khai"]).toEqual({ status: "failed", progress: 0.3, error: "Mất kết nối" });
    expect(currentJob(s)).toMatchObject({ kind: "upload", file: FILES[1] });

    s = applyReducer(s, { type: "uploaded", job: jobId(s) });
    expect(currentJob(s)).toBeNull(); // not submitted with a file missing
    expect(sending(s).submit.phase).toBe("waiting");

    s = applyReducer(s, { type: "retry_upload", documentKey: "to-khai" });
    expect(currentJob(s)).toMatchObject({ kind: "upload", file: FILES[0] });
    expect(sending(s).uploads["to-khai"]).toEqual({ status: "uploading", progress: 0 });
    s = applyReducer(s, { type: "uploaded", job: jobId(s) });
    expect(currentJob(s)).toMatchObject({ kind: "submit" });
  });

  it("queues a retry pressed while another file is uploading", () => {
    let s = startSending();
    s = applyReducer(s, { type: "created", job: jobId(s), dossier: DOSSIER });
    s = applyReducer(s, { type: "upload_failed", job: jobId(s), reason: "x" });
    const second = currentJob(s)!;
    s = applyReducer(s, { type: "retry_upload", documentKey: "to-khai" });
    expect(currentJob(s)).toBe(second); // still the one running
    expect(sending(s).uploads["to-khai"]?.status).toBe("waiting");
    s = applyReducer(s, { type: "uploaded", job: second.id });
    expect(currentJob(s)).toMatchObject({ kind: "upload", file: FILES[0] });
  });

  it("fails the document a submission refuses, offers no submit retry until it is sent again", () => {
    let s = startSending();
    s = applyReducer(s, { type: "created", job: jobId(s), dossier: DOSSIER });
    s = applyReducer(s, { type: "uploaded", job: jobId(s) });
    s = applyReducer(s, { type: "uploaded", job: jobId(s) });
    const refusal = new ApiError(422, { title: "Hồ sơ chưa đủ", status: 422, code: "dossier.incomplete", errors: [{ path: "documents.giay-chung-sinh", message: "Tệp chưa tải lên" }] }, "http");
    s = applyReducer(s, { type: "submit_failed", job: jobId(s), error: refusal, documents: documentProblems(refusal) });
    expect(sending(s).submit).toEqual({ phase: "failed", error: refusal });
    expect(sending(s).uploads["giay-chung-sinh"]).toEqual({ status: "failed", progress: 0, error: "Tệp chưa tải lên" });
    expect(applyReducer(s, { type: "retry_submit" })).toBe(s);

    s = applyReducer(s, { type: "retry_upload", documentKey: "giay-chung-sinh" });
    s = applyReducer(s, { type: "uploaded", job: jobId(s) });
    expect(currentJob(s)).toMatchObject({ kind: "submit" });
  });

  it("retries a submission that failed on the network when the citizen asks", () => {
    let s = startSending({ files: [] });
    s = applyReducer(s, { type: "created", job: jobId(s), dossier: DOSSIER });
    s = applyReducer(s, { type: "submit_failed", job: jobId(s), error: new ApiError(503, undefined, "http"), documents: [] });
    expect(currentJob(s)).toBeNull();
    s = applyReducer(s, { type: "retry_submit" });
    expect(currentJob(s)).toMatchObject({ kind: "submit", dossier: DOSSIER });
    s = applyReducer(s, { type: "submitted", job: jobId(s), submittedAt: "2026-12-01T03:00:05.000Z" });
    expect(s.step).toBe("done");
  });

  it("retries a payment whose start failed, then leaves for the gateway; a late failure changes nothing", () => {
    let s = startSending({ paysFirst: true, files: [] });
    s = applyReducer(s, { type: "created", job: jobId(s), dossier: DOSSIER });
    s = applyReducer(s, { type: "pay" });
    const first = currentJob(s)!;
    expect(first).toMatchObject({ kind: "start_payment", dossier: DOSSIER });
    expect(applyReducer(s, { type: "pay" })).toBe(s); // a second press while starting does nothing

    s = applyReducer(s, payFailureEvent(first.id, new ApiError(0, undefined, "network")));
    expect(s.step === "pay" && s.payment.phase).toBe("failed");
    expect(currentJob(s)).toBeNull();

    s = applyReducer(s, { type: "pay" });
    const second = currentJob(s)!;
    expect(second.kind).toBe("start_payment");
    expect(applyReducer(s, { type: "payment_failed", job: first.id, error: new Error("late") })).toBe(s);

    s = applyReducer(s, { type: "payment_started", job: second.id, url: "https://sandbox.vnpayment.vn/pay?x=1" });
    expect(currentJob(s)).toMatchObject({ kind: "leave", url: "https://sandbox.vnpayment.vn/pay?x=1", dossier: DOSSIER });
    expect(applyReducer(s, { type: "pay" })).toBe(s); // leaving: the button stays busy
  });
});

describe("apply flow: reading the API's answers", () => {
  const problem = (status: number, errors?: Array<{ path: string; message: string }>) =>
    new ApiError(status, { title: "x", status, code: "validation.failed", errors }, "http");

  it("takes a 400/422 with field errors as a refusal of the form, anything else as a failure to retry", () => {
    const errors = [{ path: "applicant.idNumber", message: "Mã tỉnh không hợp lệ" }];
    expect(refusedFields(problem(400, errors))).toEqual(errors);
    expect(refusedFields(problem(422, errors))).toEqual(errors);
    expect(refusedFields(problem(400, []))).toBeUndefined();
    expect(refusedFields(problem(409, errors))).toBeUndefined();
    expect(refusedFields(new ApiError(0, undefined, "timeout"))).toBeUndefined();
    expect(refusedFields(new Error("boom"))).toBeUndefined();
  });

  it("finds the documents a refused submission names", () => {
    const err = problem(422, [
      { path: "documents.to-khai", message: "Thiếu" },
      { path: "applicant.phone", message: "Sai" },
    ]);
    expect(documentProblems(err)).toEqual([{ documentKey: "to-khai", message: "Thiếu" }]);
    expect(documentProblems(new Error("x"))).toEqual([]);
  });

  it("settles a payment found already paid or not owed, and fails on anything else", () => {
    const coded = (code: string) => new ApiError(409, { title: "x", status: 409, code }, "http");
    expect(payFailureEvent(3, coded("payment.already_paid"))).toEqual({ type: "payment_settled", job: 3, outcome: "already_paid" });
    expect(payFailureEvent(3, coded("payment.not_required"))).toEqual({ type: "payment_settled", job: 3, outcome: "not_required" });
    const other = coded("payment.provider_unavailable");
    expect(payFailureEvent(3, other)).toEqual({ type: "payment_failed", job: 3, error: other });

    let pay = payReducer(initialPay(DOSSIER), { type: "pay" });
    pay = payReducer(pay, payFailureEvent(pay.job!.id, coded("payment.already_paid")));
    expect(pay).toMatchObject({ phase: "settled", outcome: "already_paid", job: null });
  });
});

// ---- no impossible state: random event sequences, including answers to jobs that are not running ----

/**
 * One random step. Most steps are what the page could send in the current state (the citizen's buttons, the
 * running job's answer), so sequences get deep into sending and paying; the rest are any event at all, out of
 * place (`junk`), an answer addressed to an older job (`stale`), or an answer of another kind than the running
 * job's, with its id (`misaddressed`).
 */
interface Step {
  mode: "offered" | "junk" | "stale" | "misaddressed";
  pick: number;
  outcome: "ok" | "fail" | "refuse" | "progress" | "doc_problem";
  progress: number;
  files: number;
  paysFirst: boolean;
  doc: number;
}

const DOCS = ["a", "b", "c"];

const stepArb: fc.Arbitrary<Step> = fc.record({
  mode: fc.oneof(
    { weight: 6, arbitrary: fc.constant("offered" as const) },
    { weight: 1, arbitrary: fc.constantFrom("junk" as const, "stale" as const, "misaddressed" as const) },
  ),
  pick: fc.nat({ max: 99 }),
  outcome: fc.oneof(
    { weight: 4, arbitrary: fc.constant("ok" as const) },
    { weight: 4, arbitrary: fc.constantFrom("fail" as const, "refuse" as const, "progress" as const, "doc_problem" as const) },
  ),
  progress: fc.double({ min: -1, max: 2, noNaN: true }),
  files: fc.integer({ min: 0, max: 3 }),
  paysFirst: fc.boolean(),
  doc: fc.integer({ min: 0, max: 3 }),
});

/** The answer to a job of this kind, addressed to job `id`. */
function answer(kind: NonNullable<ReturnType<typeof currentJob>>["kind"], id: number, step: Step): ApplyEvent | undefined {
  const error = new ApiError(0, undefined, "network");
  switch (kind) {
    case "create":
      if (step.outcome === "ok") return { type: "created", job: id, dossier: DOSSIER };
      return step.outcome === "refuse" ? { type: "create_refused", job: id } : { type: "create_failed", job: id, error };
    case "upload":
      if (step.outcome === "ok") return { type: "uploaded", job: id };
      if (step.outcome === "progress") return { type: "upload_progress", job: id, progress: step.progress };
      return { type: "upload_failed", job: id, reason: "x" };
    case "submit":
      if (step.outcome === "ok") return { type: "submitted", job: id, submittedAt: "2026-12-01T03:00:05.000Z" };
      return { type: "submit_failed", job: id, error, documents: step.outcome === "doc_problem" ? [{ documentKey: DOCS[step.doc] ?? "unknown", message: "bad" }] : [] };
    case "start_payment":
      return step.outcome === "ok" ? { type: "payment_started", job: id, url: "https://pay.example/x" } : payFailureEvent(id, error);
    case "leave":
      return undefined; // the page leaves: nothing answers
  }
}

const KINDS = ["create", "upload", "submit", "start_payment"] as const;

function eventOf(step: Step, s: ApplyState, n: number): ApplyEvent | undefined {
  const job = currentJob(s);
  const sendEvent: ApplyEvent = {
    type: "send",
    body: BODY,
    idempotencyKey: `key-${n}`,
    files: DOCS.slice(0, step.files).map(file),
    paysFirst: step.paysFirst,
  };
  const retryUpload: ApplyEvent = { type: "retry_upload", documentKey: DOCS[step.doc] ?? "unknown" };
  if (step.mode === "stale") return answer(KINDS[step.doc % 4]!, (job?.id ?? s.seq + 1) - 1 - step.doc, step);
  // The running job's id on an answer of any kind (a create's answer to an upload…): only its own kind counts.
  if (step.mode === "misaddressed") return answer(KINDS[step.doc % 4]!, job?.id ?? s.seq, step);
  if (step.mode === "junk") {
    const any: ApplyEvent[] = [{ type: "review" }, { type: "edit" }, sendEvent, { type: "retry_create" }, retryUpload, { type: "retry_submit" }, { type: "pay" }];
    return any[step.pick % any.length];
  }
  // What the page offers now.
  const offered: Array<ApplyEvent | undefined> = [];
  if (s.step === "form") offered.push({ type: "review" });
  if (s.step === "review") offered.push(sendEvent, sendEvent, { type: "edit" });
  if (s.step === "sending") {
    if (job) offered.push(answer(job.kind, job.id, step), answer(job.kind, job.id, step), answer(job.kind, job.id, step));
    if (s.create.phase === "failed") offered.push({ type: "retry_create" });
    if (Object.values(s.uploads).some((u) => u.status === "failed")) offered.push(retryUpload);
    if (s.submit.phase === "failed") offered.push({ type: "retry_submit" });
  }
  if (s.step === "pay") offered.push(job ? answer(job.kind, job.id, step) : { type: "pay" });
  return offered.length ? offered[step.pick % offered.length] : undefined;
}

/** What must hold in every reachable state. */
function expectPossible(s: ApplyState): void {
  const job = currentJob(s);
  if (job) expect(job.id, "the running job is the newest one").toBe(s.seq);
  if (s.step === "form" || s.step === "review") expect(job).toBeNull();
  if (s.step === "sending") {
    const statuses = s.files.map((f) => s.uploads[f.documentKey]!.status);
    expect(Object.keys(s.uploads).sort()).toEqual(s.files.map((f) => f.documentKey).sort());
    for (const f of s.files) {
      const u = s.uploads[f.documentKey]!;
      expect(u.progress).toBeGreaterThanOrEqual(0);
      expect(u.progress).toBeLessThanOrEqual(1);
      if (u.status === "done") expect(u.progress).toBe(1);
      if (u.status === "uploading") expect(job).toMatchObject({ kind: "upload", file: f });
    }
    expect(statuses.filter((x) => x === "uploading").length).toBeLessThanOrEqual(1);
    expect(s.create.phase === "running").toBe(job?.kind === "create");
    expect(s.submit.phase === "running").toBe(job?.kind === "submit");
    if (s.create.phase !== "done") {
      expect(statuses.every((x) => x === "waiting"), "nothing uploads before the dossier exists").toBe(true);
      expect(s.submit.phase).toBe("waiting");
    } else {
      if (job && job.kind !== "create") expect(job.dossier).toBe(s.create.dossier);
      if (s.submit.phase === "running") expect(statuses.every((x) => x === "done"), "submitted with every file up").toBe(true);
      if (s.paysFirst) expect(s.submit.phase, "a fee paid first: never submitted from here").toBe("waiting");
      // Never stuck: with nothing running, something failed and offers its retry.
      if (!job) expect(statuses.includes("failed") || s.submit.phase === "failed").toBe(true);
    }
    if (!job) expect(statuses.includes("waiting") && s.create.phase === "done", "a waiting file is picked up at once").toBe(false);
  }
  if (s.step === "pay") {
    expect(s.dossier).toBe(DOSSIER);
    expect(s.payment.phase === "starting").toBe(job?.kind === "start_payment");
    expect(s.payment.phase === "leaving").toBe(job?.kind === "leave");
  }
  if (s.step === "done") expect(job).toBeNull();
}

describe("apply flow: no impossible state", () => {
  it("holds over random sequences of citizen actions and answers (stale answers change nothing)", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 40, size: "max" }), (steps) => {
        let s: ApplyState = initialApply;
        let created = false;
        let n = 0;
        for (const step of steps) {
          const event = eventOf(step, s, ++n);
          if (!event) continue;
          const next = applyReducer(s, event);
          expectPossible(next);
          expect(next.seq).toBeGreaterThanOrEqual(s.seq);
          if (step.mode === "stale") expect(next, "an answer to a job that is not running").toBe(s);
          const job = currentJob(s);
          if (step.mode === "misaddressed" && job && KINDS[step.doc % 4] !== job.kind) expect(next, "an answer of another kind").toBe(s);
          if (s.step === "sending" && next.step === "sending") {
            expect(next.idempotencyKey, "one key for every retry of the create").toBe(s.idempotencyKey);
            expect(next.body).toBe(s.body);
            expect(next.files).toBe(s.files);
          }
          if (next.step === "pay" && s.step !== "pay") {
            // Only from sending a paid-first dossier: just created with no file, or its last file just up.
            expect(s.step === "sending" && s.paysFirst).toBe(true);
            if (s.step === "sending") {
              const { uploads } = s;
              if (s.create.phase !== "done") expect(s.files).toEqual([]);
              else expect(s.files.filter((f) => uploads[f.documentKey]?.status !== "done").length).toBeLessThanOrEqual(1);
            }
          }
          if (next.step === "done" && s.step !== "done") expect(s.step === "sending" && !s.paysFirst && s.submit.phase === "running").toBe(true);
          if (s.step === "sending" && s.create.phase === "done") created = true;
          if (created) expect(["form", "review"], "a created dossier is never sent again").not.toContain(next.step);
          s = next;
        }
      }),
      { numRuns: 1000 },
    );
  }, 60_000);
});
