import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { vnpCanonical, vnpSign } from "../../functions/adapters/payment/vnpay";
import { paymentsCommand } from "../../functions/cli/payments";
import { createApiKey } from "../../functions/core/agency/keys";
import { vietnamDate } from "../../functions/core/calendar";
import { reconcileDay } from "../../functions/core/payment/reconcile";
import { runDay } from "../../functions/core/stats/service";
import {
  applicant,
  pdfBytes,
  seedCatalogue,
  TEST_AGENCY,
  testProcedure,
  uploadDocument,
  type TestPortal,
  startTestPortal,
} from "../support/portal";

/**
 * Online fee payment over a real socket: the portal's payment routes, VNPay's protocol, and the local sandbox
 * gateway standing in for VNPay (its page, its signed IPN to the portal, its redirect back to the return URL).
 */

let now = new Date("2026-11-23T10:00:00+07:00");
const at = (iso: string) => (now = new Date(iso));
const later = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));
let portal: TestPortal;
let agencyKey: string;

const BEFORE_SUBMIT = "1.100001";
const BEFORE_RESULT = "1.100002";
const FREE = "1.001193";

beforeAll(async () => {
  portal = await startTestPortal({ now: () => now });
  await seedCatalogue(portal, [
    testProcedure(),
    testProcedure({
      code: BEFORE_SUBMIT,
      name: "Cấp bản sao trích lục hộ tịch",
      fee: { amount: 50_000, currency: "VND", serviceFee: 0, charge: 50_000 },
      paymentTiming: "before_submit",
    }),
    testProcedure({
      code: BEFORE_RESULT,
      name: "Cấp giấy phép kinh doanh",
      fee: { amount: 30_000, currency: "VND", serviceFee: 30_000, charge: 0 },
      paymentTiming: "before_result",
    }),
  ]);
  agencyKey = (await createApiKey(portal.adapters.keys, async () => true, { agencyCode: TEST_AGENCY.code, now })).apiKey;
});
afterAll(async () => portal?.cleanup());

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** A draft of the procedure with its two required documents uploaded (not submitted). */
async function draft(procedureCode: string, delivery: "online" | "post" = "online") {
  const created = await portal.api("/v1/dossiers", { body: { procedureCode, applicant, delivery } });
  expect(created.status).toBe(201);
  const { code, accessToken } = created.body as { code: string; accessToken: string };
  await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(1000, "tk"));
  await uploadDocument(portal, code, accessToken, "giay-chung-sinh", pdfBytes(3000, "gcs"));
  return { code, token: accessToken };
}

const startPayment = (code: string, token: string, body?: unknown) =>
  portal.api(`/v1/dossiers/${code}/payment`, { method: "POST", headers: auth(token), body });
const submit = (code: string, token: string) => portal.api(`/v1/dossiers/${code}/submit`, { method: "POST", headers: auth(token) });
const full = async (code: string, token: string) => (await portal.api(`/v1/dossiers/${code}`, { headers: auth(token) })).body;

const unescapeHtml = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/**
 * What a browser does on the sandbox's page: loads it, then submits its form with one of the buttons. Returns where
 * the gateway redirects the browser (the return URL with the signed result).
 */
async function payOnSandbox(paymentUrl: string, outcome: "success" | "fail" | "success_late"): Promise<string> {
  const page = await fetch(paymentUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain("Thanh toán thành công");
  expect(html).toContain("Thất bại");
  const action = /<form method="get" action="([^"]+)"/.exec(html)?.[1];
  expect(action).toBe("/sandbox/vnpay/complete");
  const fields = [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
    (m) => [unescapeHtml(m[1]!), unescapeHtml(m[2]!)] as [string, string],
  );
  const query = new URLSearchParams(fields);
  query.set("outcome", outcome);
  const chosen = await fetch(new URL(`${action}?${query}`, paymentUrl), { redirect: "manual" });
  expect(chosen.status).toBe(302);
  return chosen.headers.get("location")!;
}

/** The return route as the web front-end's script reads it (JSON), and as a browser lands on it (redirect). */
async function visitReturn(location: string) {
  const json = await fetch(location, { headers: { accept: "application/json" } });
  const browser = await fetch(location, { headers: { accept: "text/html,application/xhtml+xml" }, redirect: "manual" });
  return { status: json.status, body: (await json.json()) as any, redirect: browser.status, location: browser.headers.get("location") };
}

/** A callback signed with the portal's merchant secret (or another), as VNPay (or a forger) would send it. */
function signedCallback(reference: string, amountVnd: number, overrides: Record<string, string> = {}, secret = portal.config.vnpay.hashSecret) {
  const params: Record<string, string> = {
    vnp_Amount: String(amountVnd * 100),
    vnp_BankCode: "NCB",
    vnp_BankTranNo: "VNP20261123",
    vnp_CardType: "ATM",
    vnp_OrderInfo: "Thanh toan phi ho so",
    vnp_PayDate: "20261123100500",
    vnp_ResponseCode: "00",
    vnp_TmnCode: portal.config.vnpay.tmnCode,
    vnp_TransactionNo: "14226112",
    vnp_TransactionStatus: "00",
    vnp_TxnRef: reference,
    ...overrides,
  };
  return `${vnpCanonical(params)}&vnp_SecureHash=${vnpSign(params, secret)}`;
}

const ipn = async (query: string) => {
  const res = await fetch(`${portal.url}/v1/payments/vnpay/ipn?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { RspCode: string; Message: string };
};

async function agencyAct(code: string, body: Record<string, unknown>) {
  const current = await portal.api(`/v1/agency/dossiers/${code}`, { headers: auth(agencyKey) });
  return portal.api(`/v1/agency/dossiers/${code}/actions`, { headers: auth(agencyKey), body: { expectedVersion: current.body.version, ...body } });
}

describe("online fee payment through the VNPay protocol and the local sandbox gateway", () => {
  it("takes the procedure's fee before submission: refused until paid, then accepted; counted in the day's statistics", async () => {
    at("2026-11-24T09:00:00+07:00"); // a day of its own, for the statistics
    const { code, token } = await draft(BEFORE_SUBMIT);

    const early = await submit(code, token);
    expect(early.status).toBe(422);
    expect(early.body.code).toBe("payment.required");

    // The amount is the procedure's fee, whatever the client sends.
    const started = await startPayment(code, token, { amount: 1, language: "vi" });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ amount: 50_000, currency: "VND", status: "pending", provider: "vnpay" });
    expect(started.body.reference).toMatch(/^DVC261124[0-9A-Z]{10}$/);
    const url = new URL(started.body.paymentUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${portal.url}/sandbox/vnpay/pay`);
    expect(url.searchParams.get("vnp_Amount")).toBe("5000000");
    expect(url.searchParams.get("vnp_TxnRef")).toBe(started.body.reference);
    expect(url.searchParams.get("vnp_ReturnUrl")).toBe(`${portal.url}/v1/payments/vnpay/return`);
    expect(url.searchParams.get("vnp_CreateDate")).toBe("20261124090000");
    expect(url.searchParams.get("vnp_ExpireDate")).toBe("20261124091500");

    // Asked again while pending: the same attempt, not a second one.
    const again = await startPayment(code, token);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(started.body);

    const landed = await visitReturn(await payOnSandbox(started.body.paymentUrl, "success"));
    expect(landed.status).toBe(200);
    expect(landed.body).toMatchObject({ verified: true, reference: started.body.reference, dossierCode: code, gateway: "success", status: "paid", amount: 50_000 });
    expect(landed.redirect).toBe(303);
    expect(landed.location).toBe(`/track/${code}?payment=paid&gateway=success&ref=${started.body.reference}`);

    const paid = await startPayment(code, token);
    expect(paid.status).toBe(409);
    expect(paid.body.code).toBe("payment.already_paid");

    const dossier = await full(code, token);
    expect(dossier.status).toBe("draft"); // payment events never change the status
    expect(dossier.payment).toMatchObject({ status: "paid", amount: 50_000, provider: "vnpay", reference: started.body.reference, responseCode: "00" });
    expect(dossier.payment.paidAt).toBe(now.toISOString());
    expect(dossier.payment.transactionNo).toMatch(/^\d{8}$/);
    expect(dossier.payments).toHaveLength(1);

    const submitted = await submit(code, token);
    expect(submitted.status).toBe(200);
    const status = (await portal.api(`/v1/dossiers/${code}/status`)).body;
    // Public: whether it is paid, not how much (tests/http/public-status.test.ts).
    expect(status.payment).toEqual({ status: "paid", currency: "VND", provider: "vnpay", paidAt: now.toISOString(), expiresAt: null });
    expect(status.timeline.map((t: { action: string }) => t.action)).toEqual(["create", "payment_pending", "payment_paid", "submit"]);
    expect(status.timeline.filter((t: { status: string }) => t.status === "draft")).toHaveLength(3);
    expect(JSON.stringify(status)).not.toContain(started.body.reference);

    // The daily statistics count the payment on the day the dossier was submitted.
    const day = await runDay(
      { source: portal.adapters.days, store: portal.adapters.stats, catalogue: portal.adapters.catalogue, now: () => now },
      "2026-11-24",
    );
    expect(day.rows).toBeGreaterThan(0);
    const rows = (await portal.api(`/v1/stats/daily?from=2026-11-24&to=2026-11-24`)).body.items as Array<Record<string, unknown>>;
    const mine = rows.find((r) => r.agencyCode === TEST_AGENCY.code);
    expect(mine).toMatchObject({ paymentsCount: 1, paymentsAmount: 50_000 });
  });

  it("records a failed payment, then takes a new attempt with a fresh reference that succeeds", async () => {
    at("2026-11-23T10:00:00+07:00");
    const { code, token } = await draft(BEFORE_SUBMIT);
    const first = await startPayment(code, token, { language: "en" });
    expect(first.status).toBe(201);
    expect(new URL(first.body.paymentUrl).searchParams.get("vnp_Locale")).toBe("en");

    const failed = await visitReturn(await payOnSandbox(first.body.paymentUrl, "fail"));
    expect(failed.body).toMatchObject({ verified: true, gateway: "failed", status: "failed" });
    expect(failed.location).toBe(`/track/${code}?payment=failed&gateway=failed&ref=${first.body.reference}&lang=en`);
    let dossier = await full(code, token);
    expect(dossier.payment).toMatchObject({ status: "failed", failure: "gateway", responseCode: "24", reference: first.body.reference });
    expect((await submit(code, token)).body.code).toBe("payment.required");

    later(1);
    const second = await startPayment(code, token);
    expect(second.status).toBe(201);
    expect(second.body.reference).not.toBe(first.body.reference);
    const paid = await visitReturn(await payOnSandbox(second.body.paymentUrl, "success"));
    expect(paid.body).toMatchObject({ status: "paid", reference: second.body.reference });

    dossier = await full(code, token);
    expect(dossier.payment).toMatchObject({ status: "paid", reference: second.body.reference });
    expect(dossier.payments.map((p: { reference: string; status: string }) => [p.reference, p.status])).toEqual([
      [first.body.reference, "failed"],
      [second.body.reference, "paid"],
    ]);
    expect(dossier.timeline.map((t: { action: string }) => t.action)).toEqual([
      "create",
      "payment_pending",
      "payment_failed",
      "payment_pending",
      "payment_paid",
    ]);
    expect((await submit(code, token)).status).toBe(200);
  });

  it("replaces an expired attempt with a fresh reference; the gateway refuses the expired one", async () => {
    at("2026-11-23T11:00:00+07:00");
    const { code, token } = await draft(BEFORE_SUBMIT);
    const first = await startPayment(code, token);
    later(16);
    const expiredPage = await fetch(first.body.paymentUrl);
    expect(expiredPage.status).toBe(400);
    expect(await expiredPage.text()).toContain("The payment window has expired");

    const second = await startPayment(code, token);
    expect(second.status).toBe(201);
    expect(second.body.reference).not.toBe(first.body.reference);
    const dossier = await full(code, token);
    expect(dossier.payments.map((p: { status: string; failure?: string }) => [p.status, p.failure ?? null])).toEqual([
      ["failed", "expired"],
      ["pending", null],
    ]);
  });

  it("refuses forged callbacks — bad signature, wrong amount, unknown reference — logs them, and changes nothing", async () => {
    at("2026-11-23T12:00:00+07:00");
    const { code, token } = await draft(BEFORE_SUBMIT);
    const { reference } = (await startPayment(code, token)).body;
    const before = await full(code, token);
    // Warnings are JSON lines on stderr (functions/adapters/log/json-logger.ts).
    const warn = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const good = signedCallback(reference, 50_000);
      const badHash = good.replace(/vnp_SecureHash=[0-9a-f]{8}/, "vnp_SecureHash=00000000");
      const tamperedAmount = good.replace("vnp_Amount=5000000", "vnp_Amount=100");
      const otherSecret = signedCallback(reference, 50_000, {}, "SOMEONE-ELSES-SECRET-0000000000");
      for (const forged of [badHash, tamperedAmount, otherSecret, good.replace(/&vnp_SecureHash=.*/, "")]) {
        expect(await ipn(forged)).toEqual({ RspCode: "97", Message: "Invalid signature" });
      }
      expect(await ipn(signedCallback(reference, 1_000_000))).toEqual({ RspCode: "04", Message: "Invalid amount" });
      expect(await ipn(signedCallback("DVC261123NOSUCHREF0", 50_000))).toEqual({ RspCode: "01", Message: "Order not found" });

      const forgedReturn = await visitReturn(`${portal.url}/v1/payments/vnpay/return?${tamperedAmount}`);
      expect(forgedReturn.status).toBe(400);
      expect(forgedReturn.body.code).toBe("payment.invalid_callback");
      expect(forgedReturn.location).toBe("/track?payment=invalid");

      const after = await full(code, token);
      expect(after.version).toBe(before.version);
      expect(after.payment).toEqual(before.payment);
      expect(after.timeline).toEqual(before.timeline);

      const lines = warn.mock.calls
        .map(([line]) => String(line))
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((l) => l.level === "warn");
      expect(lines.filter((l) => l.message === "payment notification refused").map((l) => l.reason ?? l.outcome)).toEqual([
        "signature",
        "signature",
        "signature",
        "signature",
        "invalid_amount",
        "order_not_found",
      ]);
      expect(lines.some((l) => l.message === "payment return refused")).toBe(true);
    } finally {
      warn.mockRestore();
    }
    // Still pending: the real notification goes through.
    expect(await ipn(signedCallback(reference, 50_000))).toEqual({ RspCode: "00", Message: "Confirm Success" });
  });

  it("turns 20 concurrent duplicate notifications into one paid state: 00 once, then 02", async () => {
    at("2026-11-23T13:00:00+07:00");
    const { code, token } = await draft(BEFORE_SUBMIT);
    const { reference } = (await startPayment(code, token)).body;
    const before = await full(code, token);
    const query = signedCallback(reference, 50_000);
    const answers = await Promise.all(Array.from({ length: 20 }, () => ipn(query)));
    const codes = answers.map((a) => a.RspCode).sort();
    expect(codes.filter((c) => c === "00")).toHaveLength(1);
    expect(codes.filter((c) => c === "02")).toHaveLength(19);
    expect(await ipn(query)).toEqual({ RspCode: "02", Message: "Order already confirmed" });

    const after = await full(code, token);
    expect(after.version).toBe(before.version + 1);
    expect(after.payment.status).toBe("paid");
    expect(after.timeline.filter((t: { action: string }) => t.action === "payment_paid")).toHaveLength(1);
    // A failure notification arriving after the success changes nothing either.
    expect(await ipn(signedCallback(reference, 50_000, { vnp_ResponseCode: "24", vnp_TransactionStatus: "02" }))).toMatchObject({ RspCode: "02" });
    expect((await full(code, token)).version).toBe(after.version);
  });

  it("shows a return visited before the notification as pending, then paid once the notification lands", async () => {
    at("2026-11-23T14:00:00+07:00");
    const { code, token } = await draft(BEFORE_SUBMIT);
    const { paymentUrl } = (await startPayment(code, token)).body;
    const location = await payOnSandbox(paymentUrl, "success_late"); // the sandbox notifies 3 s after the redirect
    const first = await visitReturn(location);
    expect(first.body).toMatchObject({ verified: true, gateway: "success", status: "pending" });
    expect(first.location).toContain("payment=pending");
    expect((await full(code, token)).payment.status).toBe("pending");

    await vi.waitFor(async () => expect((await full(code, token)).payment.status).toBe("paid"), { timeout: 15_000, interval: 250 });
    const second = await visitReturn(location);
    expect(second.body).toMatchObject({ gateway: "success", status: "paid" });
    expect(second.location).toContain("payment=paid");
  });

  it("lets the agency return the result of a before_result procedure only once it is paid, and shows the payment to it", async () => {
    at("2026-11-23T15:00:00+07:00");
    const { code, token } = await draft(BEFORE_RESULT, "post");
    expect((await submit(code, token)).status).toBe(200); // this procedure is paid before the result, not before submission
    expect((await agencyAct(code, { action: "receive" })).status).toBe(200);
    expect((await agencyAct(code, { action: "approve" })).status).toBe(200);

    const refused = await agencyAct(code, { action: "return_result" });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe("payment.required");

    const started = await startPayment(code, token);
    expect(started.body.amount).toBe(30_000);
    let view = (await portal.api(`/v1/agency/dossiers/${code}`, { headers: auth(agencyKey) })).body;
    expect(view.payment).toMatchObject({ status: "pending", amount: 30_000 });
    expect((await portal.api(`/v1/dossiers/${code}/status`)).body.payment).toEqual(expect.objectContaining({ status: "pending" }));

    await payOnSandbox(started.body.paymentUrl, "success");
    view = (await portal.api(`/v1/agency/dossiers/${code}`, { headers: auth(agencyKey) })).body;
    expect(view.payment.status).toBe("paid");
    const inboxOf = async (status: string) => {
      const page = (await portal.api(`/v1/agency/dossiers?status=${status}&limit=100`, { headers: auth(agencyKey) })).body;
      expect(page.nextCursor).toBeNull(); // one page holds them all: nothing below is cut off
      return page.items as { code: string; status: string; payment?: { status: string } }[];
    };
    const approvedInbox = await inboxOf("approved");
    expect(approvedInbox.map((d) => d.status)).toEqual(approvedInbox.map(() => "approved"));
    expect(approvedInbox.filter((d) => d.code === code).map((d) => d.payment?.status)).toEqual(["paid"]);

    const returned = await agencyAct(code, { action: "return_result" });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe("returned");
    // The filter follows the move: out of the approved inbox, once in the returned one.
    expect((await inboxOf("approved")).map((d) => d.code)).not.toContain(code);
    const returnedInbox = await inboxOf("returned");
    expect(returnedInbox.map((d) => d.status)).toEqual(returnedInbox.map(() => "returned"));
    expect(returnedInbox.filter((d) => d.code === code)).toHaveLength(1);
    // An ended dossier takes no new payment.
    expect((await startPayment(code, token)).status).toBe(409);
  });

  it("answers 422 payment.not_required for a procedure without a fee, and 404 for a wrong token", async () => {
    const { code, token } = await draft(FREE);
    const free = await startPayment(code, token);
    expect(free.status).toBe(422);
    expect(free.body.code).toBe("payment.not_required");
    expect((await submit(code, token)).status).toBe(200);

    const paying = await draft(BEFORE_SUBMIT);
    const wrong = await startPayment(paying.code, "not-the-token-0000000000000");
    expect(wrong.status).toBe(404);
    expect(wrong.body.code).toBe("dossier.not_found");
  });

  it("reconciles a day: clean when gateway and dossiers agree, and names each disagreement otherwise", async () => {
    at("2026-11-26T09:00:00+07:00");
    const date = vietnamDate(now);
    const ok = await draft(BEFORE_SUBMIT);
    const okPayment = (await startPayment(ok.code, ok.token)).body;
    await payOnSandbox(okPayment.paymentUrl, "success");

    const run = async (args: string[]) => {
      const out: string[] = [];
      const log = vi.spyOn(console, "log").mockImplementation((line: unknown) => void out.push(String(line)));
      try {
        const code = await paymentsCommand.run(args, async () => ({
          config: portal.config,
          adapters: portal.adapters,
          target: "test portal",
          officerAccounts: async () => {
            throw new Error("payments reconcile does not use officer accounts");
          },
          close: async () => {},
        }));
        return { code, report: out.length ? JSON.parse(out.join("\n")) : undefined };
      } finally {
        log.mockRestore();
      }
    };
    const clean = await run(["reconcile", "--date", date]);
    expect(clean.code).toBe(0);
    expect(clean.report).toMatchObject({ date, clean: true, created: { count: 1, paid: 1, amountPaid: 50_000 }, disagreements: [] });

    // A success notification for an attempt that had expired and was replaced: answered 02, and flagged.
    const late = await draft(BEFORE_SUBMIT);
    const expired = (await startPayment(late.code, late.token)).body.reference;
    later(20);
    const replacement = (await startPayment(late.code, late.token)).body.reference;
    expect(await ipn(signedCallback(expired, 50_000))).toMatchObject({ RspCode: "02" });
    expect(await ipn(signedCallback(replacement, 50_000))).toMatchObject({ RspCode: "00" });

    // A dossier marked paid by something other than a verified notification.
    const odd = await draft(BEFORE_SUBMIT);
    const oddRef = (await startPayment(odd.code, odd.token)).body.reference;
    const stored = (await portal.adapters.dossiers.get(odd.code))!;
    await portal.adapters.dossiers.commit(stored, {
      ...stored,
      version: stored.version + 1,
      payment: { ...stored.payment!, status: "paid", paidAt: now.toISOString() },
      payments: stored.payments!.map((p) => ({ ...p, status: "paid" as const, paidAt: now.toISOString() })),
    }, []);

    const dirty = await run(["reconcile", "--date", date]);
    expect(dirty.code).toBe(1);
    const kinds = (dirty.report.disagreements as Array<{ kind: string; reference: string }>).map((d) => [d.kind, d.reference]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ["gateway_paid_dossier_not_paid", expired],
        ["dossier_paid_without_notification", oddRef],
      ]),
    );
    expect(kinds).toHaveLength(2);

    // An attempt nobody finished: an hour on, still pending past its expiry with no word from the gateway.
    const abandoned = await draft(BEFORE_SUBMIT);
    const abandonedRef = (await startPayment(abandoned.code, abandoned.token)).body.reference;
    const report = await reconcileDay(portal.adapters, date, new Date(now.getTime() + 60 * 60_000));
    expect(report.disagreements.map((d) => [d.kind, d.reference])).toContainEqual(["pending_past_expiry", abandonedRef]);
    expect(report.created).toMatchObject({ count: 5, paid: 3, pending: 1, failed: 1 });

    // Paid, then withdrawn before any result: the fee is due back.
    expect((await portal.api(`/v1/dossiers/${ok.code}/withdraw`, { headers: auth(ok.token), body: { reason: "Nộp nhầm" } })).status).toBe(200);
    const withdrawn = await reconcileDay(portal.adapters, date, now);
    expect(withdrawn.disagreements.map((d) => [d.kind, d.reference])).toContainEqual(["refund_due", okPayment.reference]);

    expect((await run(["reconcile", "--date", "26-11-2026"])).code).toBe(2);
  });

  it("publishes the payment routes in the OpenAPI document", async () => {
    const doc = (await portal.api("/v1/openapi.json")).body;
    expect(doc.paths["/v1/dossiers/{code}/payment"].post.security).toEqual([{ accessToken: [] }]);
    expect(doc.paths["/v1/payments/vnpay/return"].get).toBeTruthy();
    expect(doc.paths["/v1/payments/vnpay/ipn"].get.responses["200"]).toBeTruthy();
  });
});
