import { describe, expect, it } from "vitest";
import { jsonLogger, REDACTED } from "../../functions/adapters/log/json";
import { silentLogger } from "../../functions/core/log";
import { createApp, createRoot } from "../../functions/http/app";

/** A logger whose lines are collected, parsed. */
function collecting() {
  const lines: { level: string; raw: string; json: Record<string, any> }[] = [];
  const log = jsonLogger({}, { write: (raw, level) => lines.push({ level, raw, json: JSON.parse(raw) }), now: () => new Date("2026-12-01T03:04:05.678Z") });
  return { log, lines };
}

const CITIZEN = { fullName: "Nguyễn Văn An", idNumber: "001090012345", phone: "0912345678", email: "an.nguyen@example.vn" };

describe("The JSON-lines logger", () => {
  it("writes one JSON object per line: level, time, message, then the fields", () => {
    const { log, lines } = collecting();
    log.info("daily statistics computed", { date: "2026-11-30", rows: 42, dossiersRead: 7 });
    log.warn("catalogue version check failed; serving the previous snapshot");
    log.error("unhandled error", { method: "POST", path: "/v1/dossiers" });
    expect(lines.map((l) => l.level)).toEqual(["info", "warn", "error"]);
    expect(lines[0]!.json).toEqual({
      level: "info",
      time: "2026-12-01T03:04:05.678Z",
      message: "daily statistics computed",
      date: "2026-11-30",
      rows: 42,
      dossiersRead: 7,
    });
    expect(Object.keys(lines[1]!.json)).toEqual(["level", "time", "message"]);
    expect(lines.every((l) => !l.raw.includes("\n"))).toBe(true);
  });

  it("writes the jobs' results whole: the nightly sweep's counts and the days it visited", () => {
    const { log, lines } = collecting();
    const days = [
      { date: "2026-11-24", drafts: 3, files: 2 },
      { date: "2026-11-17", drafts: 1, files: 0 },
    ];
    log.info("abandoned uploads swept", { date: "2026-11-24", drafts: 4, files: 2, days });
    expect(lines[0]!.json).toMatchObject({ date: "2026-11-24", drafts: 4, files: 2, days });
  });

  it("carries a child's fields (the request id, the dossier code) on every line, and the call's own after them", () => {
    const { log, lines } = collecting();
    const request = log.child({ requestId: "req-1" }).child({ dossierCode: "000.00.31.H99-261201-0001" });
    request.info("dossier submitted", { status: 200 });
    expect(lines[0]!.json).toMatchObject({ requestId: "req-1", dossierCode: "000.00.31.H99-261201-0001", status: 200 });
  });

  it("never writes a field that is not on its allow-list: the name stays, the value is redacted, at any depth", () => {
    const { log, lines } = collecting();
    log.info("dossier created", { dossierCode: "000.00.31.H99-261201-0001", applicant: CITIZEN, phone: CITIZEN.phone });
    log.child({ requestId: "r", fullName: CITIZEN.fullName }).warn("x", { error: { code: "dossier.not_found", email: CITIZEN.email } });
    expect(lines[0]!.json).toEqual(expect.objectContaining({ dossierCode: "000.00.31.H99-261201-0001", applicant: REDACTED, phone: REDACTED }));
    expect(lines[1]!.json).toEqual(expect.objectContaining({ fullName: REDACTED, error: { code: "dossier.not_found", email: REDACTED } }));
    for (const { raw } of lines) for (const value of Object.values(CITIZEN)) expect(raw).not.toContain(value);
  });

  it("logs an error as its name, message, code and first frames, scrubbed of e-mail addresses, phone and ID numbers", () => {
    const { log, lines } = collecting();
    const err = Object.assign(
      new Error(`conditional check failed for ${CITIZEN.email}, tel +84 912 345 678 / ${CITIZEN.phone}, CCCD ${CITIZEN.idNumber}, on 2026-12-01 for 000.00.31.H99-261201-0001`),
      { code: "ConditionalCheckFailedException" },
    );
    log.error("unhandled error", { error: err });
    const logged = lines[0]!.json.error;
    expect(logged).toMatchObject({ name: "Error", code: "ConditionalCheckFailedException" });
    expect(logged.message).toBe(
      `conditional check failed for ${REDACTED}, tel ${REDACTED} / ${REDACTED}, CCCD ${REDACTED}, on 2026-12-01 for 000.00.31.H99-261201-0001`,
    );
    expect(logged.stack.split("\n").length).toBeLessThanOrEqual(6);
    for (const value of [CITIZEN.email, CITIZEN.phone, CITIZEN.idNumber, "912 345 678"]) expect(lines[0]!.raw).not.toContain(value);
  });

  it("cuts long strings, and never throws, even when writing fails", () => {
    const { log, lines } = collecting();
    log.info("x", { reference: "R".repeat(5_000) });
    expect(lines[0]!.json.reference.length).toBeLessThanOrEqual(201);
    const broken = jsonLogger({}, { write: () => { throw new Error("EPIPE"); } });
    expect(() => broken.error("x", { error: new Error("y") })).not.toThrow();
    expect(() => silentLogger.child({ requestId: "r" }).error("x")).not.toThrow();
  });
});

describe("The request's logger (functions/http/app.ts)", () => {
  const appWith = () => {
    const { log, lines } = collecting();
    const root = createRoot(log);
    const app = createApp();
    app.get("/v1/dossiers/:code/status", (c) => {
      c.get("log").info("status read", { status: 200 });
      return c.json({ ok: true });
    });
    app.get("/v1/boom", () => {
      throw new Error(`store unreachable for ${CITIZEN.email}`);
    });
    root.route("/", app);
    return { root, lines };
  };

  it("carries the request id the client gets, and the dossier code of a dossier's route", async () => {
    const { root, lines } = appWith();
    const res = await root.request("/v1/dossiers/000.00.31.H99-261201-0001/status");
    expect(res.status).toBe(200);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.json).toMatchObject({ requestId: res.headers.get("x-request-id"), dossierCode: "000.00.31.H99-261201-0001" });
  });

  it("keeps a sane X-Request-Id of the client, and logs no dossier code for a path that is not one", async () => {
    const { root, lines } = appWith();
    const res = await root.request(`/v1/dossiers/${CITIZEN.phone}/status`, { headers: { "x-request-id": "client-trace-42" } });
    expect(res.headers.get("x-request-id")).toBe("client-trace-42");
    expect(lines[0]!.json.requestId).toBe("client-trace-42");
    expect(lines[0]!.json).not.toHaveProperty("dossierCode");
    expect(lines[0]!.raw).not.toContain(CITIZEN.phone);
    const forged = await root.request("/v1/dossiers/x/status", { headers: { "x-request-id": "not an id; <script>" } });
    expect(forged.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    // A path that is not even valid percent-encoding is an ordinary request (the fuzz found this one a 500).
    const malformed = await root.request("/v1/dossiers/%ZZ/status");
    expect(malformed.status).toBe(200);
    expect(lines.at(-1)!.json).not.toHaveProperty("dossierCode");
  });

  it("logs an unhandled error once, with the request id the problem answer names, and answers a generic 500", async () => {
    const { root, lines } = appWith();
    const res = await root.request("/v1/boom");
    const body = (await res.json()) as { code: string; requestId: string };
    expect(res.status).toBe(500);
    expect(body.code).toBe("internal");
    expect(lines.map((l) => l.json)).toEqual([
      expect.objectContaining({ level: "error", message: "unhandled error", requestId: body.requestId, method: "GET", path: "/v1/boom" }),
    ]);
    expect(lines[0]!.raw).not.toContain(CITIZEN.email);
  });

  it("gives an app used on its own (no root) a request id and logger too", async () => {
    const app = createApp();
    app.get("/v1/x", (c) => c.json({ requestId: c.get("requestId"), logs: typeof c.get("log").info }));
    const res = await app.request("/v1/x");
    const body = (await res.json()) as { requestId: string; logs: string };
    expect(body).toEqual({ requestId: res.headers.get("x-request-id"), logs: "function" });
  });
});
