import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readPortalRecord, startPortal } from "../../functions/local/portal";
import { runCli } from "../../functions/cli/main";
import { seedCatalogue, startTestPortal, testProcedure } from "../support/portal";

const dataDir = mkdtempSync(join(tmpdir(), "dvc-portal-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const cleanEnv = { ...process.env, PORT: undefined, DATA_DIR: undefined, DYNAMODB_ENDPOINT: undefined, S3_ENDPOINT: undefined };

describe("the local portal", () => {
  it("answers health only when both stores answer, and serves the web front-end at /", async () => {
    const portal = await startTestPortal();
    try {
      const ok = await portal.api("/v1/health");
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ status: "ok", checks: { dynamodb: "ok", s3: "ok" } });

      await portal.stores!.stopS3();
      const down = await portal.api("/v1/health");
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ status: "unavailable", checks: { dynamodb: "ok", s3: "unavailable" } });
      await portal.stores!.startS3();
      expect((await portal.api("/v1/health")).status).toBe(200);

      const page = await fetch(portal.url + "/");
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toContain("text/html");
      expect(await page.text()).toContain("<html");
    } finally {
      await portal.cleanup();
    }
  });

  it("keeps its data across a restart, and --reset starts empty", async () => {
    const first = await startPortal({ port: 0, dataDir, seed: false, env: cleanEnv });
    await seedCatalogue(first, [testProcedure({ name: "Thủ tục còn lại sau khởi động lại" })]);
    expect(readPortalRecord(dataDir)?.url).toBe(first.url);
    await first.close();
    expect(readPortalRecord(dataDir)).toBeUndefined();

    const second = await startPortal({ port: 0, dataDir, seed: false, env: cleanEnv });
    try {
      expect((await second.adapters.catalogue.getProcedure("1.001193"))?.name).toBe("Thủ tục còn lại sau khởi động lại");
    } finally {
      await second.close();
    }

    const reset = await startPortal({ port: 0, dataDir, seed: false, reset: true, env: cleanEnv });
    try {
      expect(await reset.adapters.catalogue.getProcedure("1.001193")).toBeUndefined();
    } finally {
      await reset.close();
    }
  });

  it("refuses a second portal on the same data folder, and lets the CLI work on the running portal's data", async () => {
    const portal = await startPortal({ port: 0, dataDir, seed: false, env: cleanEnv });
    try {
      await seedCatalogue(portal);
      // Another process's portal on this folder is refused (a record with a live foreign pid).
      const { writeFileSync, readFileSync } = await import("node:fs");
      const file = join(dataDir, "portal.json");
      const record = JSON.parse(readFileSync(file, "utf8"));
      writeFileSync(file, JSON.stringify({ ...record, pid: process.ppid }));
      await expect(startPortal({ port: 0, dataDir, seed: false, env: cleanEnv })).rejects.toThrow(/already runs/);
      writeFileSync(file, JSON.stringify(record));

      const lines: string[] = [];
      const log = console.log;
      console.log = (line: string) => lines.push(line);
      try {
        const code = await withEnv({ DATA_DIR: dataDir }, () => runCli(["info"]));
        expect(code).toBe(0);
      } finally {
        console.log = log;
      }
      const info = JSON.parse(lines.join("\n"));
      expect(info.target).toBe(`the running portal at ${portal.url}`);
      expect(info.procedures).toBe(1);
    } finally {
      await portal.close();
    }
  });
});

async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
