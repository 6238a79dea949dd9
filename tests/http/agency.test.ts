import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../functions/core/agency/keys";
import {
  OTHER_AGENCY,
  pdfBytes,
  seedCatalogue,
  sha256,
  startTestPortal,
  submittedDossier,
  TEST_AGENCY,
  testProcedure,
  uploadDocument,
  type TestPortal,
} from "../support/portal";

/** The portal's clock: tests set it to hand-chosen Vietnam times. */
let now = new Date("2026-11-23T10:00:00+07:00");
const at = (iso: string) => (now = new Date(iso));
let portal: TestPortal;
let mine: string;
let other: string;

beforeAll(async () => {
  portal = await startTestPortal({ now: () => now });
  await seedCatalogue(portal, [testProcedure({ processingDays: 3 })]);
  const key = (agencyCode: string) => createApiKey(portal.adapters.keys, async () => true, { agencyCode, now });
  mine = (await key(TEST_AGENCY.code)).apiKey;
  other = (await key(OTHER_AGENCY.code)).apiKey;
});
afterAll(async () => portal?.cleanup());

const as = (key: string) => ({ authorization: `Bearer ${key}` });
async function act(code: string, key: string, body: Record<string, unknown>) {
  const current = await portal.api(`/v1/agency/dossiers/${code}`, { headers: as(key) });
  return portal.api(`/v1/agency/dossiers/${code}/actions`, {
    headers: as(key),
    body: { expectedVersion: current.body.version, ...body },
  });
}

describe("agency API over a real socket", () => {
  it("lets only the right, unrevoked key through on every agency route", async () => {
    const { code } = await submittedDossier(portal);
    const revoked = await createApiKey(portal.adapters.keys, async () => true, { agencyCode: TEST_AGENCY.code, now });
    await portal.adapters.keys.revoke(revoked.keyId, now.toISOString());
    const credentials: Record<string, Record<string, string>> = {
      none: {},
      malformed: { authorization: "Bearer not-a-key" },
      revoked: as(revoked.apiKey),
      otherAgency: as(other),
      right: as(mine),
    };
    const routes = [
      { path: "/v1/agency/dossiers", method: "GET" },
      { path: `/v1/agency/dossiers/${code}`, method: "GET" },
      { path: `/v1/agency/dossiers/${code}/actions`, method: "POST", body: { action: "receive", expectedVersion: 2 } },
      {
        path: `/v1/agency/dossiers/${code}/results`,
        method: "POST",
        body: { fileName: "kq.pdf", mediaType: "application/pdf", size: 10, sha256: sha256("x") },
      },
    ];
    const matrix: Record<string, number[]> = {};
    for (const [who, headers] of Object.entries(credentials)) {
      matrix[who] = [];
      for (const route of routes) {
        const res = await portal.api(route.path, { method: route.method, headers, body: route.body });
        matrix[who]!.push(res.status);
        if (res.status >= 400) expect(res.headers.get("content-type")).toContain("application/problem+json");
      }
    }
    // The other agency can list its own (empty of this dossier) inbox, but not touch this dossier.
    expect(matrix).toEqual({
      none: [401, 401, 401, 401],
      malformed: [401, 401, 401, 401],
      revoked: [401, 401, 401, 401],
      otherAgency: [200, 403, 403, 403],
      right: [200, 200, 200, 201], // the receive (version 2) went through, so a result may be uploaded
    });
  });

  it("lets exactly one of 50 parallel approvals with the same expectedVersion win", async () => {
    const { code } = await submittedDossier(portal);
    const received = await act(code, mine, { action: "receive" });
    expect(received.status).toBe(200);
    const version = received.body.version;
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        portal.api(`/v1/agency/dossiers/${code}/actions`, { headers: as(mine), body: { action: "approve", expectedVersion: version } }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(new Set(answers.filter((a) => a.status === 409).map((a) => a.body.code))).toEqual(new Set(["dossier.version_conflict"]));
    const timeline = (await portal.api(`/v1/dossiers/${code}/status`)).body.timeline;
    expect(timeline.filter((t: { action: string }) => t.action === "approve")).toHaveLength(1);
  });

  it("refuses illegal moves and stale versions with distinct 409 codes", async () => {
    const { code } = await submittedDossier(portal);
    const illegal = await act(code, mine, { action: "approve" });
    expect(illegal.status).toBe(409);
    expect(illegal.body.code).toBe("dossier.invalid_transition");
    const stale = await portal.api(`/v1/agency/dossiers/${code}/actions`, { headers: as(mine), body: { action: "receive", expectedVersion: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe("dossier.version_conflict");
    const noReason = await act(code, mine, { action: "stop" });
    expect(noReason.status).toBe(422);
    expect(noReason.body.code).toBe("dossier.reason_required");
  });

  it("runs the whole lifecycle with the clock: supplement pause, transfer keeping the clock, on-time approval, result, feedback", async () => {
    const otherProcedureAgency = OTHER_AGENCY.code;
    at("2026-11-20T15:00:00+07:00");
    const { code, accessToken } = await submittedDossier(portal);
    const citizen = { authorization: `Bearer ${accessToken}` };

    at("2026-11-23T10:00:00+07:00"); // Monday
    const received = await act(code, mine, { action: "receive" });
    expect(received.body.status).toBe("received");
    expect(new Date(received.body.dueAt).toISOString()).toBe(new Date("2026-11-26T10:00:00+07:00").toISOString());

    at("2026-11-24T10:00:00+07:00");
    const asked = await act(code, mine, { action: "request_supplement", note: "Thiếu bản sao giấy chứng sinh rõ nét" });
    expect(asked.body.status).toBe("supplement_requested");
    expect((await portal.api(`/v1/dossiers/${code}/status`)).body.clockPaused).toBe(true);

    at("2026-11-26T14:00:00+07:00"); // 16 working hours were left at the pause
    const up = await uploadDocument(portal, code, accessToken, "giay-chung-sinh", pdfBytes(1800, "clear copy"));
    expect(up.uploadStatus).toBe(200);
    const supplemented = await portal.api(`/v1/dossiers/${code}/supplement`, { headers: citizen, body: {} });
    expect(supplemented.status).toBe(200);
    expect(supplemented.body.status).toBe("received");
    expect(new Date(supplemented.body.dueAt).toISOString()).toBe(new Date("2026-11-30T14:00:00+07:00").toISOString());

    at("2026-11-27T09:00:00+07:00");
    const transferred = await act(code, mine, { action: "transfer", toAgencyCode: otherProcedureAgency, note: "Liên thông" });
    expect(transferred.body.status).toBe("transferred");
    expect((await portal.api(`/v1/agency/dossiers/${code}`, { headers: as(mine) })).status).toBe(403);

    at("2026-11-27T10:00:00+07:00");
    const receivedAgain = await act(code, other, { action: "receive" });
    expect(receivedAgain.body.status).toBe("received");
    expect(new Date(receivedAgain.body.dueAt).toISOString()).toBe(new Date("2026-11-30T14:00:00+07:00").toISOString());

    at("2026-11-30T09:00:00+07:00"); // the due day, before dueAt
    const approved = await act(code, other, { action: "approve", note: "Đủ điều kiện" });
    expect(approved.body).toMatchObject({ status: "approved", resolution: "on_time" });

    const noResult = await act(code, other, { action: "return_result" });
    expect(noResult.status).toBe(422);
    expect(noResult.body.code).toBe("dossier.result_required");

    const result = pdfBytes(4000, "trich luc khai sinh");
    const ticket = await portal.api(`/v1/agency/dossiers/${code}/results`, {
      headers: as(other),
      body: { fileName: "Trích lục khai sinh.pdf", mediaType: "application/pdf", size: result.byteLength, sha256: sha256(result) },
    });
    expect(ticket.status).toBe(201);
    const put = await fetch(ticket.body.upload.url, { method: "PUT", headers: ticket.body.upload.headers, body: Buffer.from(result) });
    expect(put.status).toBe(200);
    const returned = await act(code, other, { action: "return_result", resultAttachmentIds: [ticket.body.attachmentId] });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe("returned");

    const full = await portal.api(`/v1/dossiers/${code}`, { headers: citizen });
    expect(full.body.results).toHaveLength(1);
    const download = await fetch(full.body.results[0].download.url);
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(sha256(result));
    expect(decodeURIComponent(download.headers.get("content-disposition") ?? "")).toContain("Trích lục khai sinh.pdf");

    const rated = await portal.api(`/v1/dossiers/${code}/feedback`, { headers: citizen, body: { rating: 5, comment: "Nhanh" } });
    expect(rated.status).toBe(200);
    expect((await portal.api(`/v1/dossiers/${code}/feedback`, { headers: citizen, body: { rating: 1 } })).status).toBe(409);

    const status = (await portal.api(`/v1/dossiers/${code}/status`)).body;
    expect(status.timeline.map((t: { action: string }) => t.action)).toEqual([
      "create",
      "submit",
      "receive",
      "request_supplement",
      "supplement",
      "transfer",
      "receive",
      "approve",
      "return_result",
      "feedback",
    ]);
    expect(status.resolution).toBe("on_time");
    expect(JSON.stringify(status)).not.toContain("Thiếu bản sao"); // officers' notes stay out of the public status
  });

  it("classifies early and late against hand-computed due dates, and shows the apology on the public status", async () => {
    at("2026-12-01T08:00:00+07:00");
    const early = await submittedDossier(portal);
    await act(early.code, mine, { action: "receive" }); // due Fri 2026-12-04 08:00
    at("2026-12-03T16:00:00+07:00");
    const e = await act(early.code, mine, { action: "approve" });
    expect(e.body.resolution).toBe("early");

    at("2026-12-01T08:00:00+07:00");
    const late = await submittedDossier(portal);
    const r = await act(late.code, mine, { action: "receive" });
    expect(new Date(r.body.dueAt).toISOString()).toBe(new Date("2026-12-04T08:00:00+07:00").toISOString());
    at("2026-12-04T09:00:00+07:00"); // past dueAt, unresolved: the agency apologises with a new date
    const sorry = await act(late.code, mine, {
      action: "apologize",
      note: "Xin lỗi ông/bà vì hồ sơ chậm do cần xác minh thêm.",
      newDueAt: "2026-12-08T17:00:00+07:00",
    });
    expect(sorry.status).toBe(200);
    at("2026-12-07T10:00:00+07:00");
    const l = await act(late.code, mine, { action: "deny", note: "Không đủ điều kiện" });
    expect(l.body.resolution).toBe("late");
    const status = (await portal.api(`/v1/dossiers/${late.code}/status`)).body;
    expect(status.apology).toMatchObject({ text: "Xin lỗi ông/bà vì hồ sơ chậm do cần xác minh thêm." });
    expect(new Date(status.apology.newDueAt).toISOString()).toBe(new Date("2026-12-08T17:00:00+07:00").toISOString());
    expect(new Date(status.dueAt).toISOString()).toBe(new Date("2026-12-04T08:00:00+07:00").toISOString());
  });

  it("lists only the caller's dossiers, oldest due first, with a cursor that visits each exactly once", async () => {
    const page1 = await portal.api("/v1/agency/dossiers?limit=2&status=submitted", { headers: as(mine) });
    expect(page1.status).toBe(200);
    const seen: string[] = [];
    const order: string[] = [];
    let cursor: string | null = null;
    let guard = 0;
    do {
      const res: {
        body: { items: { code: string; agencyCode: string; dueAt: string | null; submittedAt: string }[]; nextCursor: string | null };
      } =
        await portal.api(`/v1/agency/dossiers?limit=3${cursor ? `&cursor=${cursor}` : ""}`, { headers: as(mine) });
      for (const item of res.body.items) {
        expect(item.agencyCode).toBe(TEST_AGENCY.code);
        seen.push(item.code);
        order.push(new Date(item.dueAt ?? item.submittedAt).toISOString());
      }
      cursor = res.body.nextCursor;
    } while (cursor && ++guard < 100);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(order).toEqual([...order].sort()); // oldest due (or, before receipt, submission) first
    const bad = await portal.api("/v1/agency/dossiers?limit=0&from=2026-13", { headers: as(mine) });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["from", "limit"]);
  });

  it("filters the inbox by status: only that status, every match exactly once, full pages even where the filter thins the index", async () => {
    // Six dossiers whose inbox order (due date once received, else submission date) is, from 2027-03-01 on:
    // received, submitted, received, received, submitted, submitted. A filtered read of a few index entries keeps
    // only some of them, so a page must be filled by further reads — and never overfilled by them.
    const plan: [at: string, receive: boolean][] = [
      ["2027-03-01T08:00:00+07:00", true], // due Thu 04/3 08:00
      ["2027-03-02T09:00:00+07:00", true], // due Fri 05/3 09:00
      ["2027-03-03T08:00:00+07:00", true], // due Mon 08/3 08:00
      ["2027-03-05T08:00:00+07:00", false],
      ["2027-03-09T08:00:00+07:00", false],
      ["2027-03-10T08:00:00+07:00", false],
    ];
    const byStatus: Record<"submitted" | "received", string[]> = { submitted: [], received: [] };
    for (const [when, receive] of plan) {
      at(when);
      const { code } = await submittedDossier(portal);
      if (receive) expect((await act(code, mine, { action: "receive" })).body.status).toBe("received");
      byStatus[receive ? "received" : "submitted"].push(code);
    }
    const [r1, r2, r3] = byStatus.received;
    const [s1, s2, s3] = byStatus.submitted;

    type Item = { code: string; status: string; agencyCode: string };
    async function pages(query: string, limit: number) {
      const out: Item[][] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: { items: Item[]; nextCursor: string | null } } = await portal.api(
          `/v1/agency/dossiers?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
          { headers: as(mine) },
        );
        expect(res.status).toBe(200);
        out.push(res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor && out.length < 200);
      expect(cursor).toBeNull();
      return out;
    }
    const codes = (items: Item[]) => items.map((d) => d.code);
    function expectPaged(filtered: Item[][], limit: number, expected: string[]) {
      // Every match exactly once, in inbox order; every page but the last is full, none overfull.
      expect(codes(filtered.flat())).toEqual(expected);
      for (const page of filtered.slice(0, -1)) expect(page).toHaveLength(limit);
      expect(filtered.at(-1)!.length).toBeLessThanOrEqual(limit);
    }

    // These six alone (from their first day on): the expected pages are known exactly.
    expect(codes((await pages("from=2027-03-01", 100)).flat())).toEqual([r1, s1, r2, r3, s2, s3]);
    for (const limit of [1, 2, 3]) {
      expectPaged(await pages("from=2027-03-01&status=received", limit), limit, [r1!, r2!, r3!]);
      expectPaged(await pages("from=2027-03-01&status=submitted", limit), limit, [s1!, s2!, s3!]);
    }

    // The whole inbox, with the other tests' dossiers of every status: the filter keeps exactly that status.
    const everything = (await pages("", 100)).flat();
    for (const status of ["submitted", "received"] as const) {
      const expected = codes(everything.filter((d) => d.status === status));
      expect(expected).toEqual(expect.arrayContaining(byStatus[status]));
      expect(everything.some((d) => d.status !== status)).toBe(true); // the filter has something to leave out
      for (const limit of [1, 2]) {
        const filtered = await pages(`status=${status}`, limit);
        expect(filtered.flat().every((d) => d.status === status && d.agencyCode === TEST_AGENCY.code)).toBe(true);
        const other = status === "submitted" ? byStatus.received : byStatus.submitted;
        expect(codes(filtered.flat()).filter((c) => other.includes(c))).toEqual([]);
        expectPaged(filtered, limit, expected);
      }
    }
  });
});

describe("keys CLI", () => {
  it("creates a key for a known agency (printed once), lists it without its hash, and revokes it", async () => {
    const { runCli } = await import("../../functions/cli/main");
    const out: string[] = [];
    const err: string[] = [];
    const [log, error] = [console.log, console.error];
    console.log = (line: string) => out.push(line);
    console.error = (line: string) => err.push(line);
    const saved = process.env.DATA_DIR;
    process.env.DATA_DIR = portal.dataDir; // the CLI finds the running portal through its data folder
    try {
      expect(await runCli(["keys", "create", "--agency", TEST_AGENCY.code, "--label", "Bộ phận một cửa"])).toBe(0);
      const created = JSON.parse(out.pop()!);
      expect(Object.keys(created).sort()).toEqual(["agencyCode", "apiKey", "keyId"]);
      expect((await portal.api("/v1/agency/dossiers", { headers: as(created.apiKey) })).status).toBe(200);

      expect(await runCli(["keys", "list"])).toBe(0);
      const listed = JSON.parse(out.pop()!);
      const entry = listed.find((k: { keyId: string }) => k.keyId === created.keyId);
      expect(entry).toMatchObject({ agencyCode: TEST_AGENCY.code, label: "Bộ phận một cửa", status: "active" });
      expect(JSON.stringify(listed)).not.toContain(created.apiKey);
      expect(JSON.stringify(listed)).not.toContain("keyHash");

      expect(await runCli(["keys", "revoke", created.keyId])).toBe(0);
      expect((await portal.api("/v1/agency/dossiers", { headers: as(created.apiKey) })).status).toBe(401);

      expect(await runCli(["keys", "create", "--agency", "000.00.99.H99"])).toBe(1);
      expect(err.join("\n")).toContain("not in the catalogue");
      expect(await runCli(["keys", "create"])).toBe(2);
    } finally {
      [console.log, console.error] = [log, error];
      if (saved === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = saved;
    }
  });
});
