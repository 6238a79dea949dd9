import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPortal, type TestPortal } from "../support/portal";

/**
 * Issue #18 items 6 and 9 and "Also", over a real socket on the local portal: the web's pages carry a strict CSP and
 * frame protection, a missing build file is a 404 (not index.html cached for a year), and the data folder is its
 * owner's only.
 */

let portal: TestPortal;
let parent: string;
beforeAll(async () => {
  parent = mkdtempSync(join(tmpdir(), "dvc-websec-"));
  portal = await startTestPortal({ dataDir: join(parent, "new", "data") });
});
afterAll(async () => {
  await portal?.cleanup();
  rmSync(parent, { recursive: true, force: true });
});

describe("web pages", () => {
  it.each(["/", "/procedures/1.001193/apply", "/track/000.00.31.H99-261124-0001"])("%s carries a strict CSP, nosniff and frame protection", async (path) => {
    const res = await fetch(portal.url + path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const csp = res.headers.get("content-security-policy") ?? "";
    const directives = Object.fromEntries(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives["default-src"]).toEqual(["'self'"]);
    expect(directives["script-src"]).toEqual(["'self'"]);
    expect(directives["style-src"]).toEqual(["'self'"]);
    expect(directives["frame-ancestors"]).toEqual(["'none'"]);
    expect(directives["object-src"]).toEqual(["'none'"]);
    expect(directives["base-uri"]).toEqual(["'none'"]);
    // The browser uploads straight to the store (s3rver here): that is the one other origin it may reach.
    expect(directives["connect-src"]).toEqual(["'self'", portal.config.s3Endpoint]);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*(?!\.s3)/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    await res.arrayBuffer();
  });

  it("leaves the API's own answers alone (they are JSON, not pages)", async () => {
    const res = await fetch(`${portal.url}/v1/health`);
    expect(res.headers.get("content-security-policy")).toBeNull();
    await res.arrayBuffer();
  });
});

describe("the local sign-in provider (/idp)", () => {
  const policy = (res: Response) =>
    Object.fromEntries((res.headers.get("content-security-policy") ?? "").split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

  it("answers under the site's own headers, its look a same-origin stylesheet", async () => {
    for (const path of ["/idp/style.css", "/idp/.well-known/openid-configuration"]) {
      const res = await fetch(portal.url + path);
      expect(res.status, path).toBe(200);
      expect(policy(res)["style-src"], path).toEqual(["'self'"]);
      expect(policy(res)["script-src"], path).toEqual(["'self'"]);
      expect(policy(res)["frame-ancestors"], path).toEqual(["'none'"]);
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      if (path.endsWith(".css")) expect(res.headers.get("content-type")).toContain("text/css");
      await res.arrayBuffer();
    }
  });

  it("allows the provider's self-posting sign-out page its own inline script, by its hash, and nothing else", async () => {
    // No session: the provider answers with a page that posts the sign-out on at once (oidc-provider's form_post).
    const res = await fetch(`${portal.url}/idp/session/end`);
    const html = await res.text();
    const inline = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(inline).toBeDefined();
    const hash = `'sha256-${createHash("sha256").update(inline!).digest("base64")}'`;
    expect(policy(res)["script-src"]).toEqual(["'self'", hash]);
    expect(policy(res)["style-src"]).toEqual(["'self'"]);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });
});

describe("missing build files", () => {
  it.each(["/assets/index-deadbeef.js", "/assets/app.css", "/assets/", "/reference/0.0.0/swagger-ui-bundle.js"])("%s is a 404, never index.html with a year-long cache", async (path) => {
    const res = await fetch(portal.url + path);
    const text = await res.text();
    expect(res.status).toBe(404);
    expect(res.headers.get("cache-control")).not.toMatch(/immutable|max-age=[1-9]/);
    expect(text).not.toContain("<div id=\"app\"");
  });
});

describe("the data folder", () => {
  it("is created for its owner only (0700)", () => {
    expect(statSync(portal.dataDir).mode & 0o777).toBe(0o700);
  });

  it("is tightened to 0700 when it already exists open to others", async () => {
    const existing = join(parent, "existing");
    mkdirSync(existing, { recursive: true });
    chmodSync(existing, 0o755);
    const other = await startTestPortal({ dataDir: existing });
    try {
      expect(statSync(existing).mode & 0o777).toBe(0o700);
    } finally {
      await other.cleanup();
    }
  });
});
