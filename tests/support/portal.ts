import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Procedure, type ProcedureInput, Agency } from "../../functions/core/catalogue/model";
import type { Hono } from "hono";
import type { Config } from "../../functions/config";
import { createRoot } from "../../functions/http/app";
import { mountApis } from "../../functions/local/apis";
import { startPortal, type Portal, type PortalOptions } from "../../functions/local/portal";

export interface TestPortal extends Portal {
  /** fetch against the portal, JSON in and out. */
  api(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<{
    status: number;
    headers: Headers;
    body: any;
  }>;
  cleanup(): Promise<void>;
}

/** The abuse limits of test portals, unless a test sets its own: far above what any suite sends in a minute. */
export const UNLIMITED = 1_000_000;

/** A portal on a free port over a fresh temporary data folder (embedded dynalite + s3rver), unseeded by default. */
export async function startTestPortal(options: Partial<PortalOptions> = {}): Promise<TestPortal> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "dvc-test-"));
  // Every test client is 127.0.0.1 and suites fire hundreds of requests at once: the abuse limits are set out of
  // reach unless a test passes its own (tests/http/limits.test.ts does, through options.env).
  const env = {
    ...process.env,
    PORT: undefined,
    DATA_DIR: undefined,
    DYNAMODB_ENDPOINT: undefined,
    S3_ENDPOINT: undefined,
    RATE_LIMIT_PER_MINUTE: String(UNLIMITED),
    NOT_FOUND_LIMIT_PER_MINUTE: String(UNLIMITED),
    STATUS_LOOKUP_LIMIT_PER_MINUTE: String(UNLIMITED),
  };
  // No ClamAV unless a test asks for it (malwareScan: true): most suites never scan, and each daemon costs a start.
  const portal = await startPortal({ port: 0, seed: false, statsSchedule: false, malwareScan: false, ...options, env: { ...env, ...options.env }, dataDir });
  return {
    ...portal,
    async api(path, init = {}) {
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      let body: string | undefined;
      if (init.body !== undefined) {
        body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
        headers["content-type"] ??= "application/json";
      }
      const res = await fetch(portal.url + path, { method: init.method ?? (body ? "POST" : "GET"), headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON */
      }
      return { status: res.status, headers: res.headers, body: parsed };
    },
    async cleanup() {
      await portal.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const TEST_AGENCY = Agency.parse({
  code: "000.00.31.H99",
  name: "UBND phường Thử Nghiệm",
  tier: "commune",
  parentCode: null,
});
export const OTHER_AGENCY = Agency.parse({
  code: "000.00.12.H99",
  name: "Sở Tư pháp tỉnh Thử Nghiệm",
  tier: "department",
  parentCode: null,
});

export function testProcedure(overrides: Partial<ProcedureInput> = {}): Procedure {
  return Procedure.parse({
    code: "1.001193",
    name: "Đăng ký khai sinh",
    field: "Hộ tịch",
    agencyCode: TEST_AGENCY.code,
    level: "full",
    processingDays: 1,
    fee: { amount: 0, currency: "VND", serviceFee: 0, charge: 0 },
    documents: [
      { key: "to-khai", name: "Tờ khai đăng ký khai sinh", required: true, maxSizeMB: 1, mediaTypes: ["application/pdf"] },
      { key: "giay-chung-sinh", name: "Giấy chứng sinh", required: true, maxSizeMB: 2, mediaTypes: ["application/pdf", "image/jpeg", "image/png"] },
      { key: "uy-quyen", name: "Văn bản ủy quyền", required: false, maxSizeMB: 1, mediaTypes: ["application/pdf"] },
    ],
    resultDelivery: ["online", "post", "in_person"],
    ...overrides,
  });
}

export async function seedCatalogue(portal: Portal, procedures: Procedure[] = [testProcedure()]) {
  await portal.adapters.catalogue.upsert([
    { kind: "agency", value: TEST_AGENCY },
    { kind: "agency", value: OTHER_AGENCY },
    ...procedures.map((value) => ({ kind: "procedure" as const, value })),
  ]);
}

export const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

/** A small but real PDF body of `size` bytes. */
export function pdfBytes(size = 2048, seed = "x"): Uint8Array {
  const head = Buffer.from(`%PDF-1.4\n% ${seed}\n`);
  const body = Buffer.alloc(Math.max(size, head.length), 0x20);
  head.copy(body);
  return new Uint8Array(body);
}

export const applicant = {
  fullName: "Nguyễn Văn An",
  idNumber: "001090012345",
  phone: "0912345678",
  email: "an.nguyen@example.vn",
};

/** Declares and uploads one file the way the browser does; returns the upload's status. */
export async function uploadDocument(
  portal: TestPortal,
  code: string,
  token: string,
  documentKey: string,
  bytes: Uint8Array,
  options: { mediaType?: string; declaredSize?: number; declaredSha?: string; uploadType?: string; fileName?: string } = {},
) {
  const mediaType = options.mediaType ?? "application/pdf";
  const declared = await portal.api(`/v1/dossiers/${code}/attachments`, {
    headers: { authorization: `Bearer ${token}` },
    body: {
      documentKey,
      fileName: options.fileName ?? `${documentKey}.pdf`,
      mediaType,
      size: options.declaredSize ?? bytes.byteLength,
      sha256: options.declaredSha ?? sha256(bytes),
    },
  });
  if (declared.status !== 201) return { declared, uploadStatus: 0 };
  const headers = { ...declared.body.upload.headers } as Record<string, string>;
  if (options.uploadType) headers["content-type"] = options.uploadType;
  const res = await fetch(declared.body.upload.url, { method: "PUT", headers, body: Buffer.from(bytes) });
  return { declared, uploadStatus: res.status };
}

/** Creates a dossier for the test procedure with both required documents uploaded, then submits it. */
export async function submittedDossier(portal: TestPortal, procedureCode = "1.001193") {
  const created = await portal.api("/v1/dossiers", { body: { procedureCode, applicant, delivery: "online" } });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const { code, accessToken } = created.body as { code: string; accessToken: string };
  await uploadDocument(portal, code, accessToken, "to-khai", pdfBytes(1000, "tk"));
  await uploadDocument(portal, code, accessToken, "giay-chung-sinh", pdfBytes(3000, "gcs"));
  const submitted = await portal.api(`/v1/dossiers/${code}/submit`, { method: "POST", headers: { authorization: `Bearer ${accessToken}` } });
  if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  return { code, accessToken };
}

/**
 * The portal's API as an in-process app over the portal's own stores (no socket): `app.request()` for bulk requests.
 * It has its own abuse-limit buckets, sized by `config` (default: the portal's).
 */
export function inProcessApp(portal: Portal, config: Partial<Config> = {}, now?: () => Date): Hono {
  const root = createRoot();
  mountApis(root, portal.adapters, { ...portal.config, ...config }, now);
  return root;
}
