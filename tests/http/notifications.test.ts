import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../functions/core/agency/keys";
import { vietnamDateTime } from "../../functions/core/notify/templates";
import { applicant, seedCatalogue, startTestPortal, submittedDossier, TEST_AGENCY, type TestPortal } from "../support/portal";

/**
 * Citizens' notifications end to end over the local portal (docs/notifications.md): an agency's action → the event
 * → the fan-out → the channel's queue → the real SMTP server of the dev mailbox (e-mail) and the portal's sandbox
 * of eSMS.vn's API (SMS) → `/dev/mailbox.json`.
 */
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

interface Item {
  id: string;
  channel: "email" | "sms" | "zalo";
  to: string;
  subject?: string;
  text: string;
  dossierCode?: string;
  headers?: Record<string, string>;
}

describe("notifications to citizens over the local portal", () => {
  let portal: TestPortal;
  let key: string;

  beforeAll(async () => {
    portal = await startTestPortal();
    await seedCatalogue(portal);
    key = (await createApiKey(portal.adapters.keys, async () => true, { agencyCode: TEST_AGENCY.code, now: new Date() })).apiKey;
  });
  afterAll(async () => portal?.cleanup());

  /** Delivers the events, then sends what they queued. */
  const settle = async () => {
    await portal.events.drain();
    await portal.notify.drain();
  };
  const mailbox = async (code: string): Promise<Item[]> => {
    const res = await portal.api("/dev/mailbox.json");
    expect(res.status).toBe(200);
    return (res.body.items as Item[]).filter((i) => i.dossierCode === code);
  };
  const act = (code: string, body: Record<string, unknown>) => portal.api(`/v1/agency/dossiers/${code}/actions`, { headers: auth(key), body });

  it("tells the applicant of the receipt by one Vietnamese e-mail with the code and the due date, and an SMS", async () => {
    const { code } = await submittedDossier(portal);
    await settle();
    expect(await mailbox(code)).toEqual([]); // a submission is not news to the citizen who made it

    const received = await act(code, { action: "receive", expectedVersion: 2 });
    expect(received.status).toBe(200);
    await settle();
    await settle(); // a second round sends nothing again

    const items = await mailbox(code);
    const emails = items.filter((i) => i.channel === "email");
    expect(emails).toHaveLength(1);
    expect(emails[0]!.to).toContain(applicant.email);
    expect(emails[0]!.subject).toBe(`Hồ sơ ${code} đã được tiếp nhận`);
    expect(emails[0]!.text).toContain(`Ngày hẹn trả kết quả: ${vietnamDateTime(received.body.dueAt)}`);
    expect(emails[0]!.headers?.["list-unsubscribe"]).toContain("/v1/notifications/opt-out?");
    // No ID number, no access token, anywhere in what was sent.
    for (const item of items) {
      expect(item.text).not.toContain(applicant.idNumber);
      expect(item.text).not.toMatch(/token|accessToken/i);
    }
    const sms = items.filter((i) => i.channel === "sms");
    expect(sms).toHaveLength(1);
    expect(sms[0]!.to).toBe(applicant.phone);
    expect(sms[0]!.text).toMatch(new RegExp(`^Ho so ${code} da duoc tiep nhan`));
    expect(sms[0]!.text).toMatch(/^[\x20-\x7e]+$/); // without diacritics: one GSM part, not Unicode
  });

  it("lists the missing documents and why in the supplement request's e-mail and SMS", async () => {
    const { code } = await submittedDossier(portal);
    await act(code, { action: "receive", expectedVersion: 2 });
    const asked = await act(code, {
      action: "request_supplement",
      expectedVersion: 3,
      note: "Bản chụp mờ",
      items: [{ documentKey: "giay-chung-sinh", reason: "Bản chụp không đọc được" }],
    });
    expect(asked.status).toBe(200);
    await settle();
    const items = await mailbox(code);
    const email = items.find((i) => i.channel === "email" && i.subject === `Hồ sơ ${code} cần bổ sung giấy tờ`);
    expect(email?.text).toContain("- Giấy chứng sinh: Bản chụp không đọc được");
    expect(email?.text).toContain("Ghi chú: Bản chụp mờ");
    const sms = items.find((i) => i.channel === "sms" && i.text.includes("can bo sung"));
    expect(sms?.text).toContain("Giay chung sinh");
  });

  it("honours the opt-out at once: the next message on that channel is not sent, the other channel still is", async () => {
    const { code } = await submittedDossier(portal);
    await act(code, { action: "receive", expectedVersion: 2 });
    await settle();
    const first = (await mailbox(code)).find((i) => i.channel === "sms")!;
    const link = /https?:\/\/\S+\/v1\/notifications\/opt-out\?\S+/.exec(first.text)![0];
    expect(new URL(link).searchParams.get("channel")).toBe("sms");
    // Its page does nothing by itself (a link scanner opts nobody out); a link made for another dossier is refused.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
    const forged = new URL(link);
    forged.searchParams.set("dossier", `${code.slice(0, -1)}${code.endsWith("9") ? "8" : "9"}`);
    expect((await fetch(forged, { method: "POST" })).status).toBe(400);
    // The button, or a mail client's RFC 8058 one-click POST.
    const stopped = await fetch(link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect(stopped.status).toBe(200);

    const asked = await act(code, { action: "request_supplement", expectedVersion: 3, note: "Tờ khai chưa ký", items: [{ documentKey: "to-khai", reason: "Thiếu chữ ký" }] });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    await settle();
    const items = await mailbox(code);
    expect(items.filter((i) => i.channel === "sms")).toHaveLength(1); // only the receipt's
    expect(items.filter((i) => i.channel === "email")).toHaveLength(2); // the receipt's and the request's
  });

  it("writes to a citizen who applied in English in English", async () => {
    const created = await portal.api("/v1/dossiers", {
      headers: { "accept-language": "en-GB,en;q=0.9" },
      body: { procedureCode: "1.001193", applicant: { ...applicant, email: "en.reader@example.vn" }, delivery: "online" },
    });
    expect(created.status).toBe(201);
    const { code, accessToken } = created.body;
    const { uploadDocument, pdfBytes } = await import("../support/portal");
    await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(1000, "en1"));
    await uploadDocument(portal, code, accessToken, "giay-chung-sinh", pdfBytes(3000, "en2"));
    expect((await portal.api(`/v1/dossiers/${code}/submit`, { method: "POST", headers: auth(accessToken) })).status).toBe(200);
    await act(code, { action: "receive", expectedVersion: 2 });
    await settle();
    const email = (await mailbox(code)).find((i) => i.channel === "email");
    expect(email?.subject).toBe(`Dossier ${code} has been received`);
  });
});

describe("Zalo ZNS, when configured", () => {
  let portal: TestPortal;
  let key: string;
  beforeAll(async () => {
    // The portal's sandbox of Zalo's template API; one approved template, for the receipt.
    portal = await startTestPortal({ env: { ZALO_ACCESS_TOKEN: "sandbox", ZALO_TEMPLATES: JSON.stringify({ "dossier.received": "231456" }) } });
    await seedCatalogue(portal);
    key = (await createApiKey(portal.adapters.keys, async () => true, { agencyCode: TEST_AGENCY.code, now: new Date() })).apiKey;
  });
  afterAll(async () => portal?.cleanup());

  it("sends the receipt as the approved template with its parameters, and nothing for an event without a template", async () => {
    const { code } = await submittedDossier(portal);
    await portal.api(`/v1/agency/dossiers/${code}/actions`, { headers: auth(key), body: { action: "receive", expectedVersion: 2 } });
    await portal.api(`/v1/agency/dossiers/${code}/actions`, {
      headers: auth(key),
      body: { action: "request_supplement", expectedVersion: 3, note: "Thiếu", items: [{ documentKey: "to-khai", reason: "Thiếu chữ ký" }] },
    });
    await portal.events.drain();
    await portal.notify.drain();
    const items = ((await portal.api("/dev/mailbox.json")).body.items as Item[]).filter((i) => i.dossierCode === code && i.channel === "zalo");
    expect(items).toHaveLength(1);
    expect(items[0]!.to).toBe(`84${applicant.phone.slice(1)}`);
    expect(items[0]!.subject).toBe("ZNS template 231456");
    expect(items[0]!.text).toContain(`dossier_code: ${code}`);
  });
});
