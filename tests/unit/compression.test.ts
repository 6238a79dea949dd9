/**
 * Compression of the API's answers (functions/http/app.ts, `createRoot`): what a client gets for what it accepts.
 * (tests/stacks/bundles.test.ts checks the same through the shipped bundle and hono/aws-lambda.)
 */
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../functions/core/log";
import { COMPRESS_MIN_BYTES, createApp, createRoot } from "../../functions/http/app";
import { problemResponse } from "../../functions/http/problem";

const big = { items: Array.from({ length: 200 }, (_, i) => ({ code: `1.00${i}`, name: "Đăng ký khai sinh", field: "Hộ tịch" })) };

function api() {
  const root = createRoot(silentLogger);
  const app = createApp();
  app.get("/v1/big", (c) => c.json(big));
  app.get("/v1/small", (c) => c.json({ status: "ok" }));
  app.get("/v1/problem", (c) => problemResponse(c, 404, "procedure.not_found"));
  app.get("/v1/no-transform", (c) => {
    c.header("cache-control", "no-transform");
    return c.json(big);
  });
  app.get("/v1/csv", (c) => c.body("a,b\n".repeat(2_000), 200, { "content-type": "text/csv; charset=utf-8" }));
  root.route("/", app);
  return root;
}

const get = (path: string, acceptEncoding?: string, method = "GET") =>
  api().request(path, { method, headers: acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding } });

describe("API answers", () => {
  it("are gzipped when the client accepts gzip and the answer is large enough, with its compressed length", async () => {
    const res = await get("/v1/big", "gzip, deflate, br");
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get("vary")).toBe("Accept-Encoding");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get("content-length"))).toBe(bytes.length);
    expect(JSON.parse(gunzipSync(bytes).toString("utf8"))).toEqual(big);
    expect(bytes.length).toBeLessThan(JSON.stringify(big).length / 10);
    expect(res.headers.get("content-type")).toContain("application/json");
  });

  it("are gzipped for `*`, and for CSV", async () => {
    expect((await get("/v1/big", "*")).headers.get("content-encoding")).toBe("gzip");
    expect((await get("/v1/csv", "gzip")).headers.get("content-encoding")).toBe("gzip");
  });

  it("go as they are when the client does not accept gzip, yet say they could vary", async () => {
    for (const accepted of [undefined, "identity", "br", "gzip;q=0, *;q=0", "gzip;q=0"]) {
      const res = await get("/v1/big", accepted);
      expect(res.headers.get("content-encoding"), String(accepted)).toBeNull();
      expect(await res.json()).toEqual(big);
      expect(res.headers.get("vary")).toBe("Accept-Encoding");
    }
  });

  it("go as they are when small (a few hundred bytes), a problem included", async () => {
    for (const path of ["/v1/small", "/v1/problem"]) {
      const res = await get(path, "gzip");
      const text = await res.text();
      expect(res.headers.get("content-encoding")).toBeNull();
      expect(Buffer.byteLength(text)).toBeLessThan(COMPRESS_MIN_BYTES);
      expect(JSON.parse(text)).toBeTruthy();
    }
  });

  it("are not transformed when the answer says no-transform, nor for HEAD", async () => {
    expect((await get("/v1/no-transform", "gzip")).headers.get("content-encoding")).toBeNull();
    const head = await get("/v1/big", "gzip", "HEAD");
    expect(head.headers.get("content-encoding")).toBeNull();
  });
});
