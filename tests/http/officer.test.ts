import { afterAll, beforeAll, describe, expect, it } from "vitest";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { applicant, OTHER_AGENCY, seedCatalogue, startTestPortal, submittedDossier, testProcedure, type TestPortal } from "../support/portal";
import { officerToken } from "../support/officer-login";
import { vietnamDate } from "../../functions/core/calendar";
import { runDay } from "../../functions/core/stats/service";

// The demo officers' agency A is Sở Tư pháp (000.00.12.H99 = OTHER_AGENCY of the test catalogue); B is 000.00.31.H99.
const PROC_A = "1.002001";
let portal: TestPortal;
const tokens: Record<string, string> = {};
const as = (user: string, path: string, init: { method?: string; body?: unknown } = {}) =>
  portal.api(path, { ...init, headers: { authorization: `Bearer ${tokens[user]}` } });

beforeAll(async () => {
  portal = await startTestPortal();
  await seedCatalogue(portal, [testProcedure(), testProcedure({ code: PROC_A, name: "Cấp phiếu lý lịch tư pháp", agencyCode: OTHER_AGENCY.code })]);
  for (const user of ["intake1", "specialist1", "specialist2", "leader1", "admin1", "intake2", "operator1"]) {
    tokens[user] = await officerToken(portal.url, user, portal.idp.demoPassword);
  }
}, 120_000);
afterAll(async () => portal?.cleanup());

describe("officer API over the embedded OpenID provider", () => {
  it("publishes the provider's discovery and the web's settings", async () => {
    const discovery = await portal.api("/idp/.well-known/openid-configuration");
    expect(discovery.body.issuer).toBe(`${portal.url}/idp`);
    const config = await portal.api("/v1/officer/config");
    expect(config.body).toMatchObject({ issuer: `${portal.url}/idp`, clientId: "dichvucong-officer", audience: "urn:dichvucong:api" });
  });

  it("me names the officer, agency and roles; no token is 401", async () => {
    const me = await as("intake1", "/v1/officer/me");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: "intake1", agencyCode: OTHER_AGENCY.code, roles: ["intake"] });
    expect(me.body.permissions).toContain("receive");
    expect((await portal.api("/v1/officer/me")).status).toBe(401);
    expect((await portal.api("/v1/officer/me", { headers: { authorization: "Bearer not.a.jwt" } })).status).toBe(401);
  });

  it("inbox tabs and counts; receive, assign, conflicts, other agency, public view, slips", async () => {
    const { code } = await submittedDossier(portal, PROC_A);
    const { code: codeB } = await submittedDossier(portal);
    const inbox = await as("intake1", "/v1/officer/dossiers?tab=new");
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((d: { code: string }) => d.code)).toContain(code);
    expect(inbox.body.counts.new).toBeGreaterThanOrEqual(1);

    // agency A's officer on agency B's dossier
    expect((await as("intake1", `/v1/officer/dossiers/${codeB}`)).body.code).toBe("officer.forbidden");
    // the matrix: a specialist may not receive
    const refused = await as("specialist1", `/v1/officer/dossiers/${code}/actions`, { body: { action: "receive", expectedVersion: 2 } });
    expect([refused.status, refused.body.code]).toEqual([403, "officer.forbidden"]);

    const detail = await as("intake1", `/v1/officer/dossiers/${code}`);
    const version = detail.body.version;
    const [first, second] = await Promise.all([
      as("intake1", `/v1/officer/dossiers/${code}/actions`, { body: { action: "receive", expectedVersion: version } }),
      as("intake1", `/v1/officer/dossiers/${code}/actions`, { body: { action: "receive", expectedVersion: version } }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const lost = first.status === 409 ? first : second;
    expect(lost.body.code).toBe("dossier.version_conflict");
    const received = first.status === 200 ? first.body : second.body;
    expect(received.timeline.at(-1).by).toMatchObject({ type: "officer", name: "Nguyễn Thị Tiếp Nhận", agencyCode: OTHER_AGENCY.code });

    const officers = await as("leader1", "/v1/officer/officers");
    const specialist = officers.body.items.find((o: { username: string }) => o.username === "specialist1");
    const assigned = await as("leader1", `/v1/officer/dossiers/${code}/actions`, {
      body: { action: "assign", expectedVersion: received.version, officerId: specialist.officerId },
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assignee).toMatchObject({ officerId: specialist.officerId, name: specialist.name });
    const mine = await as("specialist1", "/v1/officer/dossiers?assignee=me");
    expect(mine.body.items.map((d: { code: string }) => d.code)).toEqual([code]);
    expect(mine.body.items[0].tabs).toContain("processing");

    // the citizen's public view names no officer
    const status = await portal.api(`/v1/dossiers/${code}/status`);
    expect(status.status).toBe(200);
    expect(JSON.stringify(status.body)).not.toContain("Tiếp Nhận");
    expect(JSON.stringify(status.body)).not.toContain(specialist.officerId);

    // the receipt slip: HTML whose QR code decodes to the dossier code
    const slip = await fetch(`${portal.url}/v1/officer/dossiers/${code}/slips/receipt`, { headers: { authorization: `Bearer ${tokens.intake1}` } });
    expect(slip.headers.get("content-type")).toContain("text/html");
    const html = await slip.text();
    expect(html).toContain('lang="vi"');
    expect(html).toContain("@page");
    // the times of receipt and return, in Vietnam's time, the year printed whole
    const hanoi = (iso: string) =>
      new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", hour12: false, day: "2-digit", month: "2-digit", year: "numeric" })
        .format(new Date(iso))
        .replace(/^(\d\d\/\d\d\/\d{4}), (\d\d:\d\d)$/, "$2 $1");
    expect(html).toContain(`Thời gian nhận hồ sơ: ${hanoi(received.receivedAt)}`);
    expect(html).toContain(`Thời gian trả kết quả: ${hanoi(received.dueAt)}`);
    const png = PNG.sync.read(Buffer.from(/src="data:image\/png;base64,([^"]+)"/.exec(html)![1]!, "base64"));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(code);
    const control = await fetch(`${portal.url}/v1/officer/dossiers/${code}/slips/control`, { headers: { authorization: `Bearer ${tokens.leader1}` } });
    // Each hand-over: the step in Vietnamese words (not the API's action code), who, when.
    const steps = [...(await control.text()).matchAll(/<tr><td>\d+<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(steps).toEqual([
      ["Tạo hồ sơ", "Người nộp"],
      ["Nộp hồ sơ", "Người nộp"],
      ["Tiếp nhận", `Nguyễn Thị Tiếp Nhận (${OTHER_AGENCY.code})`],
      ["Phân công xử lý", `Lê Văn Lãnh Đạo (${OTHER_AGENCY.code})`],
    ]);
  });

  it("a counter dossier is received at once, by the officer, channel counter", async () => {
    const made = await as("intake1", "/v1/officer/counter-dossiers", { body: { procedureCode: PROC_A, applicant, delivery: "in_person" } });
    expect(made.status).toBe(201);
    expect(made.body.dossier).toMatchObject({ status: "received", channel: "counter" });
    const other = await as("intake2", "/v1/officer/counter-dossiers", { body: { procedureCode: PROC_A, applicant, delivery: "in_person" } });
    expect(other.body.code).toBe("officer.forbidden");
    expect(made.body.dossier.timeline.at(-1).by).toMatchObject({ type: "officer", name: "Nguyễn Thị Tiếp Nhận" });

    const today = vietnamDate(new Date());
    // The tracking book (form 06) lists it, in JSON and CSV.
    const book = await as("intake1", `/v1/officer/tracking-book?from=${today}&to=${today}`);
    expect(book.body.items.find((l: { code: string }) => l.code === made.body.dossier.code)).toMatchObject({ channel: "counter", status: "received" });
    const csv = await fetch(`${portal.url}/v1/officer/tracking-book?from=${today}&to=${today}&format=csv`, { headers: { authorization: `Bearer ${tokens.intake1}` } });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    expect(text).toContain("Mã hồ sơ");
    expect(text).toContain(made.body.dossier.code);

    // The statistics count it as received at the counter, not online.
    await runDay({ source: portal.adapters.days, store: portal.adapters.stats, catalogue: portal.adapters.catalogue, now: () => new Date() }, today);
    const rows = (await portal.api(`/v1/stats/daily?from=${today}&to=${today}`)).body.items as Array<Record<string, number | string>>;
    const row = rows.find((r) => r.agencyCode === OTHER_AGENCY.code);
    expect(row).toMatchObject({ receivedCounter: 1 });
    expect(Number(row!.received)).toBe(Number(row!.receivedCounter) + Number(row!.receivedOnline) + Number(row!.receivedPost ?? 0));
  });

  it("the operator reads any agency; a disabled officer is refused on the next request", async () => {
    const { code: codeB } = await submittedDossier(portal);
    expect((await as("operator1", `/v1/officer/dossiers/${codeB}`)).status).toBe(200);
    expect((await as("intake2", "/v1/officer/me")).status).toBe(200);
    const officer = (await portal.adapters.officers.byUsername("intake2"))!;
    await portal.adapters.officers.put({ ...officer, disabled: true });
    const next = await as("intake2", "/v1/officer/me");
    expect([next.status, next.body.code]).toEqual([403, "officer.disabled"]);
  });

  it("an agency's admin changes its officers' roles and disables them from the back office; the matrix bounds it", async () => {
    const everyone = await as("admin1", "/v1/officer/officers?include=disabled");
    expect(everyone.status).toBe(200);
    const byName = (items: { username: string; officerId: string }[], username: string) => items.find((o) => o.username === username)!;
    const specialist2 = byName(everyone.body.items, "specialist2");
    const admin1 = byName(everyone.body.items, "admin1");
    expect(everyone.body.items.every((o: { agencyCode: string }) => o.agencyCode === OTHER_AGENCY.code)).toBe(true);
    const change = (user: string, officerId: string, body: unknown) => as(user, `/v1/officer/officers/${encodeURIComponent(officerId)}`, { body });

    const promoted = await change("admin1", specialist2.officerId, { roles: ["specialist", "leader"] });
    expect([promoted.status, promoted.body.roles]).toEqual([200, ["specialist", "leader"]]);
    expect((await as("specialist2", "/v1/officer/me")).body.permissions).toContain("approve");

    const disabled = await change("admin1", specialist2.officerId, { disabled: true });
    expect([disabled.status, disabled.body.disabled]).toEqual([200, true]);
    const refused = await as("specialist2", "/v1/officer/me");
    expect([refused.status, refused.body.code]).toEqual([403, "officer.disabled"]);
    expect((await as("leader1", "/v1/officer/officers")).body.items.map((o: { username: string }) => o.username)).not.toContain("specialist2");
    expect(byName((await as("admin1", "/v1/officer/officers?include=disabled")).body.items, "specialist2")).toMatchObject({ disabled: true });
    expect((await change("admin1", specialist2.officerId, { disabled: false, roles: ["specialist"] })).status).toBe(200);
    expect((await as("specialist2", "/v1/officer/me")).body).toMatchObject({ roles: ["specialist"] });

    // Bounds: only the operator grants operator; nobody locks themselves out; other agencies and other roles refused.
    const intake1 = byName(everyone.body.items, "intake1");
    expect((await change("admin1", intake1.officerId, { roles: ["intake", "operator"] })).body.code).toBe("officer.operator_only");
    expect((await change("admin1", admin1.officerId, { disabled: true })).body.code).toBe("officer.self_lockout");
    expect((await change("admin1", admin1.officerId, { roles: ["intake"] })).body.code).toBe("officer.self_lockout");
    const other = (await portal.adapters.officers.byUsername("leader2"))!;
    expect((await change("admin1", other.officerId, { disabled: true })).body.code).toBe("officer.forbidden");
    expect((await change("leader1", intake1.officerId, { roles: ["leader"] })).body.code).toBe("officer.forbidden");
    expect((await as("intake1", "/v1/officer/officers?include=disabled")).body.code).toBe("officer.forbidden");
    expect((await change("admin1", "no-such-officer", { disabled: true })).status).toBe(404);
    expect((await change("admin1", intake1.officerId, {})).status).toBe(400);
    expect((await change("admin1", intake1.officerId, { roles: ["chief"] })).status).toBe(400);
    // The operator manages any agency's officers, the operator role included.
    const theirs = await as("operator1", `/v1/officer/officers?include=disabled&agencyCode=${encodeURIComponent(other.agencyCode)}`);
    expect(theirs.body.items.map((o: { username: string }) => o.username)).toContain("leader2");
    const granted = await change("operator1", other.officerId, { roles: ["leader", "operator"] });
    expect(granted.body.roles).toEqual(["leader", "operator"]);
    expect((await change("operator1", other.officerId, { roles: ["leader"] })).status).toBe(200);
  });

  it("officers add (with its IdP account), roles, disable and enable through the CLI", async () => {
    const { runCli } = await import("../../functions/cli/main");
    const out: string[] = [];
    const [log, error] = [console.log, console.error];
    console.log = (line: string) => out.push(line);
    console.error = (line: string) => out.push(line);
    const saved = process.env.DATA_DIR;
    process.env.DATA_DIR = portal.dataDir;
    try {
      const add = ["officers", "add", "--username", "cli1", "--name", "Trần Thị Dòng Lệnh", "--agency", OTHER_AGENCY.code, "--roles", "intake", "--password", "Pass-cli-2026"];
      expect(await runCli(add)).toBe(0);
      const added = JSON.parse(out.pop()!);
      tokens.cli1 = await officerToken(portal.url, "cli1", "Pass-cli-2026");
      expect((await as("cli1", "/v1/officer/me")).body).toMatchObject({ officerId: added.officerId, roles: ["intake"] });
      expect(await runCli(["officers", "roles", "cli1", "--roles", "leader,specialist"])).toBe(0);
      expect((await as("cli1", "/v1/officer/me")).body.roles).toEqual(["leader", "specialist"]);
      expect(await runCli(["officers", "list", "--agency", OTHER_AGENCY.code])).toBe(0);
      expect(JSON.parse(out.pop()!).map((o: { username: string }) => o.username)).toContain("cli1");
      expect(await runCli(["officers", "disable", "cli1"])).toBe(0);
      expect(JSON.parse(out.pop()!)).toMatchObject({ disabled: true, account: "disabled" });
      expect((await as("cli1", "/v1/officer/me")).body.code).toBe("officer.disabled");
      // The embedded provider's account is disabled too: no new sign-in, until --enable.
      await expect(officerToken(portal.url, "cli1", "Pass-cli-2026")).rejects.toThrow(/wrong user name or password/);
      expect(await runCli(["officers", "disable", "cli1", "--enable"])).toBe(0);
      tokens.cli1 = await officerToken(portal.url, "cli1", "Pass-cli-2026");
      expect((await as("cli1", "/v1/officer/me")).body.roles).toEqual(["leader", "specialist"]);
      expect(await runCli(["officers", "add", "--username", "x"])).toBe(2);
      expect(await runCli(["officers", "roles", "cli1", "--roles", "boss"])).toBe(2);
    } finally {
      [console.log, console.error] = [log, error];
      if (saved === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = saved;
    }
  });

});

describe("a short-lived session", () => {
  it("an expired access token is refused with officer.token_expired", async () => {
    const short = await startTestPortal({ env: { IDP_ACCESS_TOKEN_TTL: "1" } });
    try {
      const token = await officerToken(short.url, "intake1", short.idp.demoPassword);
      expect((await short.api("/v1/officer/me", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 2100));
      const late = await short.api("/v1/officer/me", { headers: { authorization: `Bearer ${token}` } });
      expect([late.status, late.body.code]).toEqual([401, "officer.token_expired"]);
    } finally {
      await short.cleanup();
    }
  }, 60_000);
});
