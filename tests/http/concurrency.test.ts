import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../functions/core/agency/keys";
import type { Dossier } from "../../functions/core/dossier/model";
import {
  applicant,
  pdfBytes,
  seedCatalogue,
  sha256,
  startTestPortal,
  submittedDossier,
  TEST_AGENCY,
  uploadDocument,
  type TestPortal,
} from "../support/portal";

/**
 * Concurrency across the whole flow, over a real socket: citizens and agencies acting on the same dossiers at once.
 * Every move is one conditional write, so races have one winner and the losers get 409 — never a lost update, a
 * double step or a 5xx.
 */

let portal: TestPortal;
let agencyKey: string;

beforeAll(async () => {
  portal = await startTestPortal();
  await seedCatalogue(portal);
  agencyKey = (await createApiKey(portal.adapters.keys, async () => true, { agencyCode: TEST_AGENCY.code, now: new Date() })).apiKey;
});
afterAll(async () => portal?.cleanup());

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const act = (code: string, body: Record<string, unknown>) =>
  portal.api(`/v1/agency/dossiers/${code}/actions`, { headers: auth(agencyKey), body });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const jitter = (ms: number) => sleep(Math.random() * ms);

/** What must hold of any stored dossier, whatever raced on it. */
function expectConsistent(dossier: Dossier) {
  // One version per step, one timeline entry per step, the status of the last step.
  expect(dossier.version).toBe(dossier.timeline.length);
  expect(dossier.status).toBe(dossier.timeline.at(-1)!.status);
  expect(dossier.timeline.filter((t) => t.action === "submit").length).toBeLessThanOrEqual(1);
  if (dossier.status !== "draft") {
    for (const a of Object.values(dossier.attachments).filter((a) => a.kind === "document" && a.round === 0)) {
      expect(a.state, `${dossier.code} ${a.documentKey}`).toBe("verified");
    }
  }
}

describe("races on one dossier", () => {
  it("withdraw racing approve on a received dossier: exactly one wins, the other gets 409", async () => {
    const dossiers = await Promise.all(Array.from({ length: 12 }, () => submittedDossier(portal)));
    for (const { code } of dossiers) expect((await act(code, { action: "receive", expectedVersion: 2 })).status).toBe(200);

    const outcomes = await Promise.all(
      dossiers.map(async ({ code, accessToken }) => {
        const [withdraw, approve] = await Promise.all([
          jitter(5).then(() =>
            portal.api(`/v1/dossiers/${code}/withdraw`, { headers: auth(accessToken), body: { reason: "Tôi nộp nhầm hồ sơ" } }),
          ),
          jitter(5).then(() => act(code, { action: "approve", expectedVersion: 3 })),
        ]);
        return { code, withdraw, approve };
      }),
    );
    const winners = { withdrawn: 0, approved: 0 };
    for (const { code, withdraw, approve } of outcomes) {
      expect([withdraw.status, approve.status].sort()).toEqual([200, 409]);
      const loser = withdraw.status === 409 ? withdraw : approve;
      expect(loser.headers.get("content-type")).toContain("application/problem+json");
      expect(["dossier.version_conflict", "dossier.invalid_transition"]).toContain(loser.body.code);
      const stored = (await portal.adapters.dossiers.get(code))!;
      expectConsistent(stored);
      expect(stored.version).toBe(4);
      expect(stored.status).toBe(withdraw.status === 200 ? "withdrawn" : "approved");
      winners[stored.status as keyof typeof winners]++;
    }
    expect(winners.withdrawn + winners.approved).toBe(12);
  });

  it("withdraw racing receive on a submitted dossier: one wins, the other 409, the inbox agrees", async () => {
    const dossiers = await Promise.all(Array.from({ length: 10 }, () => submittedDossier(portal)));
    const outcomes = await Promise.all(
      dossiers.map(async ({ code, accessToken }) => {
        const [withdraw, receive] = await Promise.all([
          portal.api(`/v1/dossiers/${code}/withdraw`, { headers: auth(accessToken), body: { reason: "Không cần nữa" } }),
          act(code, { action: "receive", expectedVersion: 2 }),
        ]);
        return { code, withdraw: withdraw.status, receive: receive.status };
      }),
    );
    for (const { code, withdraw, receive } of outcomes) {
      expect([withdraw, receive].sort()).toEqual([200, 409]);
      const view = await portal.api(`/v1/agency/dossiers/${code}`, { headers: auth(agencyKey) });
      expect(view.body.status).toBe(withdraw === 200 ? "withdrawn" : "received");
      expectConsistent((await portal.adapters.dossiers.get(code))!);
    }
  });

  it("repeated submit races: every submit answers 200, the dossier is submitted once", async () => {
    const drafts = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const created = await portal.api("/v1/dossiers", { body: { procedureCode: "1.001193", applicant, delivery: "online" } });
        const { code, accessToken } = created.body as { code: string; accessToken: string };
        await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(1000, "tk"));
        await uploadDocument(portal, code, accessToken, "giay-chung-sinh", pdfBytes(3000, "gcs"));
        return { code, accessToken };
      }),
    );
    await Promise.all(
      drafts.map(async ({ code, accessToken }) => {
        const answers = await Promise.all(
          Array.from({ length: 8 }, () => portal.api(`/v1/dossiers/${code}/submit`, { method: "POST", headers: auth(accessToken) })),
        );
        expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
        expect(new Set(answers.map((a) => a.body.submittedAt)).size).toBe(1);
        const stored = (await portal.adapters.dossiers.get(code))!;
        expectConsistent(stored);
        expect(stored).toMatchObject({ status: "submitted", version: 2 });
      }),
    );
  });

  it("attachment declarations racing submit: a declaration either makes the submit wait for its file or is refused", async () => {
    const race = async (run: number) => {
      const created = await portal.api("/v1/dossiers", { body: { procedureCode: "1.001193", applicant, delivery: "online" } });
      const { code, accessToken } = created.body as { code: string; accessToken: string };
      await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(1000, "tk"));
      await uploadDocument(portal, code, accessToken, "giay-chung-sinh", pdfBytes(3000, "gcs"));
      const late = pdfBytes(900, `late-${run}`);
      // The optional document is declared (never uploaded) while the submit runs.
      const [submit, ...declarations] = await Promise.all([
        portal.api(`/v1/dossiers/${code}/submit`, { method: "POST", headers: auth(accessToken) }),
        ...Array.from({ length: 3 }, (_, i) =>
          // Spread over runs: before the submit reads the dossier, while it verifies, after it commits.
          sleep(run * 40 + i * 15).then(() =>
            portal.api(`/v1/dossiers/${code}/attachments`, {
              headers: { ...auth(accessToken), "idempotency-key": `late-${code}-${i}` },
              body: { documentKey: "uy-quyen", fileName: `uy-quyen-${i}.pdf`, mediaType: "application/pdf", size: late.length, sha256: sha256(late) },
            }),
          ),
        ),
      ]);
      return { code, submit, declarations };
    };
    // In batches, so that the submits are quick enough for the spread of the declarations to fall on every side.
    const runs = [];
    for (let batch = 0; batch < 4; batch++) runs.push(...(await Promise.all([0, 1, 2, 3].map((i) => race(batch * 4 + i)))));
    const seen = new Set<string>(); // which sides of the race were seen (all are allowed)
    for (const { code, submit, declarations } of runs) {
      const stored = (await portal.adapters.dossiers.get(code))!;
      expectConsistent(stored);
      const accepted = declarations.filter((d) => d.status === 201);
      for (const d of declarations) expect([201, 409]).toContain(d.status);
      if (submit.status === 200) {
        // Submitted: no declaration got in before the commit (it would have no upload, so could not be verified).
        expect(stored.status).toBe("submitted");
        expect(accepted).toHaveLength(0);
        seen.add("submitted first");
      } else {
        // Refused: 422 (it saw the declaration, whose file is missing) or 409 (one slipped in while it verified).
        expect([409, 422]).toContain(submit.status);
        expect(stored.status).toBe("draft");
        expect(accepted.length).toBeGreaterThan(0);
        seen.add(`submit ${submit.status}`);
      }
    }
    expect(seen.size).toBeGreaterThan(0);
  });
});

describe("citizens and agencies at once", () => {
  it("keeps every dossier consistent while citizens read, withdraw and supplement and the agency works its inbox", async () => {
    const dossiers = await Promise.all(Array.from({ length: 16 }, () => submittedDossier(portal)));
    const statuses: number[] = [];
    const record = <T extends { status: number }>(res: T): T => (statuses.push(res.status), res);

    const agency = async () => {
      for (const [i, { code }] of dossiers.entries()) {
        const current = record(await portal.api(`/v1/agency/dossiers/${code}`, { headers: auth(agencyKey) }));
        if (current.status !== 200) continue;
        const version = current.body.version as number;
        if (current.body.status === "submitted") record(await act(code, { action: "receive", expectedVersion: version }));
        const again = record(await portal.api(`/v1/agency/dossiers/${code}`, { headers: auth(agencyKey) }));
        if (again.body.status !== "received") continue;
        const action =
          i % 3 === 0
            ? { action: "request_supplement", note: "Bổ sung bản sao giấy chứng sinh" }
            : i % 3 === 1
              ? { action: "approve" }
              : { action: "deny", note: "Không đủ điều kiện" };
        record(await act(code, { ...action, expectedVersion: again.body.version }));
      }
    };
    const citizens = dossiers.map(async ({ code, accessToken }, i) => {
      for (let round = 0; round < 4; round++) {
        await jitter(20);
        record(await portal.api(`/v1/dossiers/${code}/status`));
        const mine = record(await portal.api(`/v1/dossiers/${code}`, { headers: auth(accessToken) }));
        if (i % 4 === 3 && round === 1) {
          record(await portal.api(`/v1/dossiers/${code}/withdraw`, { headers: auth(accessToken), body: { reason: "Đổi ý" } }));
        }
        if (mine.body.status === "supplement_requested") {
          const up = await uploadDocument(portal, code, accessToken, "giay-chung-sinh", pdfBytes(2000, `bs-${code}`), {
            fileName: "ban-sao.pdf",
          });
          record(up.declared);
          record(await portal.api(`/v1/dossiers/${code}/supplement`, { method: "POST", headers: auth(accessToken), body: {} }));
        }
      }
    });
    await Promise.all([agency(), agency(), ...citizens]);

    // Only successes and conflicts: no 5xx, no 404 for a dossier that exists, no 422 from a race.
    expect(statuses.filter((s) => s !== 200 && s !== 201 && s !== 409)).toEqual([]);
    for (const { code } of dossiers) {
      const stored = (await portal.adapters.dossiers.get(code))!;
      expectConsistent(stored);
      const status = await portal.api(`/v1/dossiers/${code}/status`);
      expect(status.body.status).toBe(stored.status);
      expect(status.body.timeline).toHaveLength(stored.timeline.length);
    }
    // The inbox lists each of them exactly once, whatever state it ended in.
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { code: string }[]; nextCursor: string | null } } = await portal.api(
        `/v1/agency/dossiers?limit=50${cursor ? `&cursor=${cursor}` : ""}`,
        { headers: auth(agencyKey) },
      );
      listed.push(...page.body.items.map((d) => d.code));
      cursor = page.body.nextCursor;
    } while (cursor);
    for (const { code } of dossiers) expect(listed.filter((c) => c === code)).toHaveLength(1);
  });
});
