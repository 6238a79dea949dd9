import { request as httpRequest } from "node:http";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../functions/core/agency/keys";
import { describe as describeCode } from "../../functions/core/messages";
import { MAX_JSON_BODY_BYTES } from "../../functions/http/app";
import {
  applicant,
  inProcessApp,
  OTHER_AGENCY,
  seedCatalogue,
  startTestPortal,
  submittedDossier,
  TEST_AGENCY,
  type TestPortal,
} from "../support/portal";

/**
 * Fuzzing every route of the OpenAPI document (so new routes are covered as they are added) with malformed,
 * oversized, wrongly typed and wrongly encoded requests. Invariants:
 * - never a 5xx;
 * - every 4xx is application/problem+json whose `code` is a stable dotted code from core/messages.ts;
 * - refused requests leave the store as it was (the whole table is compared before and after; only accepted creates
 *   may add their dossier, its sequence number and its idempotency record);
 * - nothing leaks (stack traces, prototype pollution).
 * Every request goes over a real socket as raw bytes, and every one must be answered: a connection reset or a
 * broken pipe without an answer is a failure, not a pass (the count of answers is asserted).
 */

/** How many hostile requests (FUZZ_RUNS overrides; 0 or less is refused: a fuzz that sends nothing proves nothing). */
const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

let portal: TestPortal;
let app: Hono;
let agencyKey: string;
/** The key of an agency the known dossiers do not belong to (403s). */
let otherAgencyKey: string;
/** A draft the fuzzer holds the token of, and a submitted dossier of the agency it holds the key of. */
let draft: { code: string; accessToken: string };
let submitted: { code: string; accessToken: string };

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  example?: unknown;
  default?: unknown;
  $ref?: string;
};
interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema?: JsonSchema;
}
interface Route {
  method: string;
  /** OpenAPI path, `{code}` placeholders. */
  path: string;
  parameters: Parameter[];
  body?: { schema: JsonSchema; required: boolean };
  agency: boolean;
}

let routes: Route[] = [];
let resolveRef: (schema: JsonSchema | undefined) => JsonSchema | undefined = (s) => s;

beforeAll(async () => {
  portal = await startTestPortal();
  await seedCatalogue(portal);
  agencyKey = (await createApiKey(portal.adapters.keys, async () => true, { agencyCode: TEST_AGENCY.code, now: new Date() })).apiKey;
  otherAgencyKey = (await createApiKey(portal.adapters.keys, async () => true, { agencyCode: OTHER_AGENCY.code, now: new Date() })).apiKey;
  submitted = await submittedDossier(portal);
  const created = await portal.api("/v1/dossiers", { body: { procedureCode: "1.001193", applicant, delivery: "online" } });
  draft = created.body;
  // The fixtures' events delivered now, so that the store the fuzz starts from does not move under it.
  await portal.events.drain();
  app = inProcessApp(portal);

  const doc = (await (await app.request("/v1/openapi.json")).json()) as {
    paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> } }>>;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  resolveRef = (schema) => {
    let s = schema;
    for (let i = 0; s?.$ref && i < 10; i++) s = doc.components?.schemas?.[s.$ref.split("/").at(-1)!];
    return s;
  };
  routes = Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      body: op.requestBody
        ? { schema: resolveRef(op.requestBody.content["application/json"]?.schema) ?? {}, required: op.requestBody.required ?? false }
        : undefined,
      agency: path.startsWith("/v1/agency/"),
    })),
  );
  // The document's own routes are not in it.
  routes.push({ method: "GET", path: "/v1/openapi.json", parameters: [], agency: false });
  routes.push({ method: "GET", path: "/v1/docs", parameters: [], agency: false });
}, 60_000);
afterAll(async () => portal?.cleanup());

// ------------------------------------------------------------------------------------------------ generators

const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u202e\u200b\ufeff",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀",
  "Đăng ký khai sinh",
  "__proto__",
  "constructor",
  "prototype",
  "../../etc/passwd",
  "%00",
  "%ZZ",
  "%E0%A4%A",
  "%C0%AF",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "${jndi:ldap://x}",
  "{{7*7}}",
  "1e400",
  "-0",
  "NaN",
  "Infinity",
  "9".repeat(400),
  "\ud800",
  "x".repeat(2_001),
  "x".repeat(20_000),
];
/** encodeURIComponent, except that a lone surrogate becomes its (invalid) three-byte form instead of a URIError. */
const encode = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return s.replace(/[\ud800-\udfff]/g, "\u0001").split("\u0001").map(encodeURIComponent).join("%ED%A0%80");
  }
};

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  // Long text (two bytes a character); bodies over the limit have their own generator.
  fc.nat({ max: 3_000 }).map((n) => "ä".repeat(n)),
);

/** Raw JSON texts no JSON generator makes: huge numbers, deep nesting, pollution keys, duplicate keys. */
const HOSTILE_JSON = [
  "1e400",
  "-1e400",
  '{"size":1e400,"rating":1e400,"expectedVersion":1e400,"limit":1e400}',
  '{"size":-0,"rating":0.5,"expectedVersion":9007199254740993}',
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
  '{"applicant":{"__proto__":{"polluted":true},"fullName":"Nguyễn Văn A"},"formData":{"__proto__":{"polluted":true},"constructor":1,"prototype":null}}',
  '{"formData":{"__proto__":"x","":"empty key","a\\u0000b":"nul key"}}',
  '{"a":1,"a":2,"action":"receive","action":"approve"}',
  '"\\u0000"',
  '"\\ud800"',
  "[]",
  "null",
  "true",
  '{"a":',
  "{'a':1}",
  "\ufeff{}",
  "{}garbage",
  "",
  "   ",
  "NaN",
  "[1,2,3,]",
];
const deepJson = fc.tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom("array", "object", "formData")).map(([depth, kind]) => {
  if (kind === "array") return "[".repeat(depth) + "]".repeat(depth);
  if (kind === "object") return '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
  // Inside an otherwise valid create body.
  const nested = '{"a":'.repeat(Math.min(depth, 5_000)) + "1" + "}".repeat(Math.min(depth, 5_000));
  return JSON.stringify({ procedureCode: "1.001193", applicant, delivery: "online" }).replace(/}$/, `,"formData":{"x":${nested}}}`);
});

/** A plausible value per property name, so that a broken body is broken in one place rather than everywhere. */
const KNOWN_GOOD: Record<string, unknown> = {
  procedureCode: "1.001193",
  applicant,
  delivery: "online",
  documentKey: "to-khai",
  fileName: "to-khai.pdf",
  mediaType: "application/pdf",
  size: 1000,
  sha256: "a".repeat(64),
  action: "receive",
  expectedVersion: 2,
  reason: "Lý do",
  rating: 5,
  note: "Ghi chú",
};

function sample(schema: JsonSchema | undefined, name = "", depth = 0): unknown {
  const s = resolveRef(schema);
  if (!s || depth > 6) return null;
  if (name in KNOWN_GOOD) return KNOWN_GOOD[name];
  if (s.example !== undefined) return s.example;
  if (s.enum?.length) return s.enum[0];
  const variant = s.anyOf?.[0] ?? s.oneOf?.[0] ?? s.allOf?.[0];
  if (variant) return sample(variant, name, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "object":
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v, k, depth + 1)]));
    case "array":
      return [sample(s.items, name, depth + 1)];
    case "string":
      return s.format === "email" ? "a@example.vn" : s.format === "date-time" ? new Date().toISOString() : "x".repeat(Math.max(1, s.minLength ?? 1));
    case "integer":
    case "number":
      return s.minimum ?? 1;
    case "boolean":
      return true;
    default:
      return null;
  }
}

/** Values that can never satisfy `schema` (as JSON), or undefined when the schema accepts anything. */
function wrongValues(schema: JsonSchema | undefined): unknown[] | undefined {
  const s = resolveRef(schema);
  if (!s) return undefined;
  if (s.enum?.length) return ["not-in-the-enum", 12345, null, []];
  if (s.anyOf || s.oneOf) {
    const variants = (s.anyOf ?? s.oneOf)!.map((v) => resolveRef(v)?.type);
    if (variants.includes(undefined)) return undefined;
    return [{ nested: { wrong: true } }].filter(() => !variants.includes("object"));
  }
  const type = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (!type.length) return undefined;
  const wrong: unknown[] = [];
  if (!type.includes("string")) wrong.push("a string", "");
  else if (s.maxLength !== undefined) wrong.push("x".repeat(s.maxLength + 1));
  if (!type.includes("number") && !type.includes("integer")) wrong.push(42, -1.5);
  else {
    if (type.includes("integer")) wrong.push(1.5);
    if (s.minimum !== undefined) wrong.push(s.minimum - 1);
    if (s.maximum !== undefined) wrong.push(s.maximum + 1);
  }
  if (!type.includes("boolean")) wrong.push(true);
  if (!type.includes("null")) wrong.push(null);
  if (!type.includes("object")) wrong.push({ a: 1 });
  if (!type.includes("array")) wrong.push([1, "2"]);
  return wrong.length ? wrong : undefined;
}

/**
 * A body that the route's schema refuses for certain: one required property removed, or one property given a value
 * of the wrong type — the rest as plausible as possible, with hostile strings where strings go.
 */
function brokenBody(schema: JsonSchema) {
  const s = resolveRef(schema) ?? {};
  const properties = Object.entries(s.properties ?? {});
  const breakable = properties.filter(([, v]) => wrongValues(v));
  const required = s.required ?? [];
  return fc
    .record({
      how: fc.constantFrom("drop-required", "wrong-type", "not-an-object"),
      pick: fc.nat(),
      wrongPick: fc.nat(),
      spice: fc.option(fc.tuple(fc.nat(), hostileString), { nil: undefined }),
    })
    .map(({ how, pick, wrongPick, spice }) => {
      const base = structuredClone(sample(s)) as Record<string, unknown>;
      if (typeof base !== "object" || base === null) return { json: JSON.stringify([base]), surelyInvalid: true };
      // Hostile text in a string property that is not the broken one (the body stays invalid anyway).
      const strings = properties.filter(([, v]) => resolveRef(v)?.type === "string");
      if (spice && strings.length) base[strings[spice[0] % strings.length]![0]] = spice[1];
      if (how === "drop-required" && required.length) {
        delete base[required[pick % required.length]!];
        return { json: JSON.stringify(base), surelyInvalid: true };
      }
      if (how === "wrong-type" && breakable.length) {
        const [key, propertySchema] = breakable[pick % breakable.length]!;
        const wrong = wrongValues(propertySchema)!;
        base[key] = wrong[wrongPick % wrong.length];
        return { json: JSON.stringify(base), surelyInvalid: true };
      }
      return { json: JSON.stringify(pick % 2 ? [base] : "a string"), surelyInvalid: true };
    });
}

/** Where a string sits in a sample body (`["applicant", "address"]`). */
function stringLeaves(value: unknown, path: string[] = []): string[][] {
  if (typeof value === "string") return [path];
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
}

const hostileKey = fc.oneof(fc.constantFrom("__proto__", "constructor", "prototype", "", "a\u0000b", "toString", "hasOwnProperty"), fc.string({ maxLength: 20 }));

/**
 * A plausible body with hostile text in one or two of its strings, and (where the schema takes a free-form map, like
 * formData) a map with hostile keys written as own JSON keys. Some of these are valid and are accepted.
 */
function validWithHostileText(schema: JsonSchema) {
  const s = resolveRef(schema) ?? {};
  const mapProperty = Object.entries(s.properties ?? {}).find(([, v]) => typeof resolveRef(v)?.additionalProperties === "object")?.[0];
  return fc
    .record({
      picks: fc.array(fc.tuple(fc.nat(), hostileString), { maxLength: 2 }),
      map: fc.option(fc.array(fc.tuple(hostileKey, fc.oneof(hostileString, fc.double(), fc.integer(), fc.boolean(), fc.constant(null))), { maxLength: 6 }), { nil: undefined }),
    })
    .map(({ picks, map }) => {
      const base = structuredClone(sample(s)) as Record<string, unknown>;
      if (!base || typeof base !== "object") return { json: JSON.stringify(base), surelyInvalid: false };
      const leaves = stringLeaves(base);
      for (const [pick, text] of picks) {
        const path = leaves[pick % Math.max(1, leaves.length)];
        if (!path?.length) continue;
        let at = base as Record<string, unknown>;
        for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
        at[path.at(-1)!] = text;
      }
      if (!mapProperty || !map) return { json: JSON.stringify(base), surelyInvalid: false };
      delete base[mapProperty];
      const mapText = `{${map.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",")}}`;
      return { json: `${JSON.stringify(base).slice(0, -1)},${JSON.stringify(mapProperty)}:${mapText}}`, surelyInvalid: false };
    });
}

/** Any body at all, with what the server can assume about it (nothing, unless it is surely invalid). */
function anyBody(route: Route) {
  const nearValid = route.body ? validWithHostileText(route.body.schema) : fc.constant({ json: "{}", surelyInvalid: false });
  const text = fc.oneof(
    { weight: 4, arbitrary: route.body ? brokenBody(route.body.schema) : fc.constant({ json: "[]", surelyInvalid: false }) },
    { weight: 4, arbitrary: nearValid },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_JSON).map((json) => ({ json, surelyInvalid: false })) },
    { weight: 1, arbitrary: deepJson.map((json) => ({ json, surelyInvalid: false })) },
    { weight: 2, arbitrary: fc.json({ maxDepth: 4 }).map((json) => ({ json, surelyInvalid: false })) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }).map((json) => ({ json, surelyInvalid: false })) },
  );
  return fc.oneof(
    { weight: 12, arbitrary: text.map((b) => ({ bytes: Buffer.from(b.json, "utf8"), surelyInvalid: b.surelyInvalid })) },
    // Invalid UTF-8: lone continuation bytes, overlong encodings, truncated sequences, inside JSON strings or not.
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.constantFrom([0xc3, 0x28], [0xff, 0xfe], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80]))
        .map(([noise, bad]) => ({
          bytes: Buffer.concat([Buffer.from('{"applicant":{"fullName":"'), Buffer.from(bad), Buffer.from(noise), Buffer.from('"}}')]),
          surelyInvalid: false,
        })),
    },
    // Around and over the body limit (64 KB): exactly at it, one byte over, far over.
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.integer({ min: -2, max: 2 }).map((d) => MAX_JSON_BODY_BYTES + d), fc.integer({ min: MAX_JSON_BODY_BYTES, max: MAX_JSON_BODY_BYTES * 3 }))
        .map((size) => {
          const frame = JSON.stringify({ formData: { x: "" } });
          const bytes = Buffer.from(frame.replace('""', `"${"y".repeat(Math.max(0, size - frame.length))}"`));
          return { bytes, surelyInvalid: bytes.length > MAX_JSON_BODY_BYTES };
        }),
    },
    { weight: 1, arbitrary: fc.constant({ bytes: undefined as Buffer | undefined, surelyInvalid: false }) },
  );
}

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/problem+json",
  "application/vnd.api+json",
  "application/json; charset=utf-16",
  "text/plain",
  "text/json",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
  "application/xml",
  "",
  "json",
  "application/jsonp",
];

/** What the fuzzer may claim to be. Real credentials are only used where nothing can be accepted (see `plan`). */
const credential = fc.constantFrom("none", "garbage", "long", "basic", "citizen", "agency", "other-agency", "empty-bearer");

const pathValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("known-draft", "known-submitted") },
  { weight: 2, arbitrary: fc.nat({ max: 99_999 }).map((n) => `${TEST_AGENCY.code}-261124-${String(n).padStart(4, "0")}`) },
  { weight: 3, arbitrary: hostileString.map((s) => encode(s)) },
  { weight: 1, arbitrary: fc.constantFrom("%ZZ", "%", "%E0%A4%A", "%C0%AF", "%FF%FE", "..", ".", "%2e%2e", "a%2Fb", "%00", "1.001193") },
);

const queryValue = (parameter: Parameter) => {
  const s = resolveRef(parameter.schema);
  const good = s?.enum?.length ? fc.constantFrom(...s.enum.map(String)) : fc.constantFrom("2026-11-24", "20", "1", TEST_AGENCY.code, "khai sinh");
  return fc.oneof(
    good,
    fc.constantFrom("", "0", "-1", "101", "1e400", "1.5", "NaN", "Infinity", "9".repeat(400), "2026-02-30", "2026-13-01", "0000-00-00", "true", "null", "[]", "%ZZ", "%00"),
    hostileString.map(encode),
    fc.array(good, { minLength: 2, maxLength: 3 }),
  );
};

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** The store may change only when this is false (and the answer is 2xx). */
  mayWrite: boolean;
}

/** A request on one route: params, query, headers and body all drawn, credentials used only where nothing can pass. */
function plan(route: Route): fc.Arbitrary<FuzzRequest> {
  const queryParams = route.parameters.filter((p) => p.in === "query");
  return fc
    .record({
      method: fc.oneof({ weight: 9, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS") }),
      pathValue,
      query: fc.array(
        fc.oneof(
          ...(queryParams.length ? queryParams.map((p) => queryValue(p).map((v) => [p.name, v] as const)) : [fc.constant(["x", "1"] as const)]),
          fc.tuple(hostileString.map(encode), hostileString.map(encode)),
        ),
        { maxLength: 6 },
      ),
      rawQuery: fc.option(fc.constantFrom("?", "?&&", "?=", "?%ZZ=1", "?a[b]=1&a[c]=2", "?limit=1&limit=2", `?q=${"a".repeat(5000)}`), { nil: undefined }),
      credential,
      idempotencyKey: fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom("short", "fuzz-key-00000001", "x".repeat(200), "bad key with spaces") },
        { weight: 1, arbitrary: fc.string({ minLength: 8, maxLength: 40 }).map((s) => s.replace(/[^\x21-\x7e]/g, "_")) },
        { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{8,40}$/) },
      ),
      contentType: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) }),
      acceptLanguage: fc.option(fc.constantFrom("vi", "en", "en-US,en;q=0.9", "*", "xx", "vi;q=abc"), { nil: undefined }),
      body: anyBody(route),
    })
    .map((r): FuzzRequest => {
      const target = r.pathValue === "known-draft" ? draft.code : r.pathValue === "known-submitted" ? submitted.code : r.pathValue;
      let path = route.path.replace(/\{[^}]+\}/g, target);
      const query = r.query.map(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}=${encode(x)}`).join("&") : `${k}=${v}`));
      if (query.length) path += `?${query.join("&")}`;
      else if (r.rawQuery) path += r.rawQuery;

      const hasBody = r.body.bytes !== undefined && !["GET", "HEAD"].includes(r.method);
      const write = !["GET", "HEAD", "OPTIONS"].includes(r.method);
      // Real credentials only when the request cannot be accepted: a read, or a body its schema surely refuses.
      let who = r.credential;
      const safe = !write || (hasBody && r.body.surelyInvalid);
      if ((who === "citizen" || who === "agency" || who === "other-agency") && !safe) who = "garbage";
      const headers: Record<string, string> = {};
      const secret = { none: undefined, garbage: "Bearer not-a-real-token", long: `Bearer ${"A".repeat(8000)}`, basic: "Basic dXNlcjpwYXNz", "empty-bearer": "Bearer ", citizen: `Bearer ${draft.accessToken}`, agency: `Bearer ${agencyKey}`, "other-agency": `Bearer ${otherAgencyKey}` }[who];
      if (secret) headers.authorization = secret;
      if (r.idempotencyKey) headers["idempotency-key"] = r.idempotencyKey;
      if (r.acceptLanguage) headers["accept-language"] = r.acceptLanguage;
      if (hasBody) headers["content-type"] = r.contentType ?? "application/json";
      else if (r.contentType) headers["content-type"] = r.contentType;
      return { method: r.method, url: path, headers, body: hasBody ? r.body.bytes : undefined, mayWrite: write && !safe };
    });
}

// ------------------------------------------------------------------------------------------------ invariants

const DOTTED = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
/** Requests that got an answer (a status line and a whole body). */
let answered = 0;
const outcomes = new Map<string, number>();
const created = new Set<string>();
const createdKeys = new Set<string>();
const writes: string[] = [];

function checkAnswer(request: FuzzRequest, status: number, contentType: string, text: string): void {
  answered++;
  const where = `${request.method} ${request.url.slice(0, 200)} → ${status} ${text.slice(0, 300)}`;
  // The health check's documented 503 (a store slower than 2 s, which a loaded test machine can be) is an answer.
  if (status === 503 && request.url.split("?")[0] === "/v1/health") {
    expect(JSON.parse(text), where).toMatchObject({ status: "unavailable" });
    return;
  }
  expect(status, where).toBeLessThan(500);
  expect(text, where).not.toMatch(/\n\s+at .+:\d+:\d+|node_modules|\.ts:\d+/);
  if (status >= 400 && request.method !== "HEAD") {
    expect(contentType, where).toContain("application/problem+json");
    const problem = JSON.parse(text) as { code: string; status: number; type: string; title: string };
    expect(problem.code, where).toMatch(DOTTED);
    expect(describeCode(problem.code, "en").title, `${where}: no message for ${problem.code}`).not.toBe(problem.code);
    expect(problem.status, where).toBe(status);
    outcomes.set(`${status} ${problem.code}`, (outcomes.get(`${status} ${problem.code}`) ?? 0) + 1);
  } else outcomes.set(String(status), (outcomes.get(String(status)) ?? 0) + 1);
  if (status < 300 && !["GET", "HEAD", "OPTIONS"].includes(request.method)) {
    writes.push(where);
    expect(request.mayWrite, `accepted a write that was meant to be refused: ${where}`).toBe(true);
    if (request.url.split("?")[0] === "/v1/dossiers" && status === 201) {
      created.add((JSON.parse(text) as { code: string }).code);
      if (request.headers["idempotency-key"]) createdKeys.add(request.headers["idempotency-key"]);
    }
  }
}

async function inProcess(request: FuzzRequest): Promise<void> {
  const res = await app.request(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body ? new Uint8Array(request.body) : undefined,
  });
  checkAnswer(request, res.status, res.headers.get("content-type") ?? "", await res.text());
}

/**
 * Sends one request over a real socket and checks its answer. The server may answer before it has read the whole
 * body (a 413 for a body over the limit): the client's write then fails with EPIPE or ECONNRESET after the answer
 * came, which is fine. The same error with no answer is a request the server dropped: a failure.
 */
function overSocket(request: FuzzRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    let gotAnswer = false;
    const describeRequest = () =>
      `${request.method} ${request.url.slice(0, 200)} ${JSON.stringify(request.headers).slice(0, 300)} (${request.body?.length ?? 0} bytes)`;
    const req = httpRequest(`${portal.url}${request.url}`, { method: request.method, headers: request.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (err) => reject(new Error(`${describeRequest()}: the answer broke off: ${err.message}`)));
      res.on("end", () => {
        gotAnswer = true;
        try {
          checkAnswer(request, res.statusCode ?? 0, String(res.headers["content-type"] ?? ""), Buffer.concat(chunks).toString("utf8"));
          resolve();
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (gotAnswer && (err.code === "EPIPE" || err.code === "ECONNRESET")) return;
      // Give an answer already on its way (a 413 sent while the body was still being written) the time to arrive.
      setTimeout(() => {
        if (!gotAnswer) reject(new Error(`${describeRequest()}: not answered (${err.code ?? err.message})`));
      }, 200);
    });
    if (request.body) req.write(request.body);
    req.end();
  });
}

/** Every object of the bucket, with its size and ETag. */
async function bucketSnapshot(): Promise<string[]> {
  const objects: string[] = [];
  let token: string | undefined;
  do {
    const out = await portal.adapters.s3.send(new ListObjectsV2Command({ Bucket: portal.config.bucketName, ContinuationToken: token }));
    for (const o of out.Contents ?? []) objects.push(`${o.Key} ${o.Size} ${o.ETag}`);
    token = out.NextContinuationToken;
  } while (token);
  return objects.sort();
}

/** Every item of the table, by key. */
async function tableSnapshot(): Promise<Map<string, string>> {
  const items = new Map<string, string>();
  let start: Record<string, unknown> | undefined;
  do {
    const out = await portal.adapters.db.send(new ScanCommand({ TableName: portal.config.tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    for (const item of out.Items ?? []) items.set(`${item.pk as string}|${item.sk as string}`, JSON.stringify(item));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

// ------------------------------------------------------------------------------------------------ the fuzz

describe("fuzzing every route of the OpenAPI document", () => {
  let before: Map<string, string>;
  let objectsBefore: string[];
  let runsDone = 0;

  beforeAll(async () => {
    // The events of the set-up (the submission) are delivered first: the poller's writes are not the fuzzer's.
    await portal.events.drain();
    before = await tableSnapshot();
    objectsBefore = await bucketSnapshot();
  });

  it("covers the routes of docs/api.md and more", () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    for (const expected of [
      "POST /v1/dossiers",
      "POST /v1/dossiers/{code}/attachments",
      "POST /v1/dossiers/{code}/submit",
      "GET /v1/dossiers/{code}/status",
      "POST /v1/agency/dossiers/{code}/actions",
      "GET /v1/procedures",
      "GET /v1/stats/daily",
    ]) {
      expect(names).toContain(expected);
    }
  });

  it(`answers ${TOTAL_RUNS} hostile requests spread over every route, over a real socket, with no 5xx and problem+json for every 4xx`, async () => {
    expect(TOTAL_RUNS, "FUZZ_RUNS must be a positive number of requests").toBeGreaterThan(0);
    const perRoute = Math.ceil(TOTAL_RUNS / (routes.length + 1));
    // Four routes at a time (each property runs its requests one after another, seeded per route, so a failure
    // replays with FUZZ_SEED): the store's waits overlap.
    const fuzzRoute = async (route: Route) => {
      await fc.assert(
        fc.asyncProperty(plan(route), async (request) => {
          await overSocket(request);
        }),
        { numRuns: perRoute, seed: Number(process.env.FUZZ_SEED ?? 20261124) + routes.indexOf(route) },
      );
      runsDone += perRoute;
    };
    for (let i = 0; i < routes.length; i += 4) await Promise.all(routes.slice(i, i + 4).map(fuzzRoute));
    // Paths no route has, and methods no route takes.
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"),
          path: fc.oneof(
            fc.array(pathValue, { minLength: 1, maxLength: 5 }).map((parts) => `/v1/${parts.join("/")}`),
            fc.constantFrom("/v1", "/v1/", "/v1/dossiers/", "/v1//dossiers", "/v1/dossiers/%2F/status", "/v1/agency", "/v2/dossiers", `/v1/${"a/".repeat(500)}`),
          ),
        }),
        async ({ method, path }) => {
          await overSocket({ method, url: path, headers: {}, mayWrite: false });
        },
      ),
      { numRuns: perRoute, seed: 7 },
    );
    runsDone += perRoute;
    expect(runsDone).toBeGreaterThanOrEqual(TOTAL_RUNS);
    // Every request sent got its answer: none was dropped, reset or left hanging.
    expect(answered).toBe(runsDone);
  }, 480_000);

  it("answers the same requests in process as over the socket (the apps alone, without the Node server)", async () => {
    const sampled = fc.sample(fc.oneof(...routes.map(plan)), { numRuns: 300, seed: 99 });
    const before = answered;
    for (let i = 0; i < sampled.length; i += 10) await Promise.all(sampled.slice(i, i + 10).map(inProcess));
    expect(answered - before).toBe(sampled.length);
  }, 120_000);

  it("leaves the store as it was, except for the dossiers it was allowed to create", async () => {
    await portal.events.drain();
    const after = await tableSnapshot();
    const changed: string[] = [];
    let sequences = 0;
    for (const [key, item] of after) {
      const [pk] = key.split("|");
      const old = before.get(key);
      if (old === item) continue;
      if (pk!.startsWith("SEQ#")) {
        sequences += (JSON.parse(item) as { n: number }).n - (old ? (JSON.parse(old) as { n: number }).n : 0);
        continue;
      }
      if (!old && pk!.startsWith("DOSSIER#") && created.has(pk!.slice("DOSSIER#".length))) continue;
      if (!old && pk!.startsWith("IDEMP#create#") && createdKeys.has(pk!.slice("IDEMP#create#".length))) continue;
      changed.push(`${key}: ${old ? "changed" : "added"}`);
    }
    for (const key of before.keys()) if (!after.has(key)) changed.push(`${key}: removed`);
    expect(changed).toEqual([]);
    // Each accepted create took exactly one sequence number; refused ones took none.
    expect(sequences).toBe(created.size);
    // No request the fuzzer can make puts a file in storage (uploads go to presigned URLs, which it never uses).
    expect(await bucketSnapshot()).toEqual(objectsBefore);
    // The known dossiers did not move.
    expect(after.get(`DOSSIER#${draft.code}|DOSSIER`)).toBe(before.get(`DOSSIER#${draft.code}|DOSSIER`));
    expect(after.get(`DOSSIER#${submitted.code}|DOSSIER`)).toBe(before.get(`DOSSIER#${submitted.code}|DOSSIER`));
  });

  it("polluted no prototype and reached the deep paths", () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    // The fuzz got past the front doors: validation, auth, not-found and rule refusals all happened.
    const codes = [...outcomes.keys()].join(" ");
    for (const code of ["400 request.invalid", "401 auth", "404 dossier.not_found", "404 route.not_found", "413 request.too_large", "415 request.unsupported_media_type"]) {
      expect(codes).toContain(code);
    }
    console.log(`fuzz outcomes: ${JSON.stringify(Object.fromEntries([...outcomes].sort((a, b) => b[1] - a[1])))}; accepted writes: ${writes.length}, dossiers created: ${created.size}`);
  });
});

describe("regressions the fuzzer found", () => {
  const create = (formData: string) =>
    app.request("/v1/dossiers", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"procedureCode":"1.001193","applicant":${JSON.stringify(applicant)},"delivery":"online","formData":${formData}}`,
    });

  it("refuses form numbers DynamoDB cannot store (was a 500 from the SDK's marshaller) and keys it cannot name", async () => {
    for (const formData of ['{"x":6.472670486972758e+187}', '{"x":-9007199254740993}', '{"x":5e-324}', '{"x":1e-10}', '{"":"empty key"}']) {
      const res = await create(formData);
      expect(res.status, formData).toBe(400);
      const problem = (await res.json()) as { code: string; errors: { path: string }[] };
      expect(problem.code).toBe("request.invalid");
      expect(problem.errors[0]!.path).toMatch(/^formData/);
    }
    // A key every object already has (issue #18 item 4: `constructor` was a 500 and took a dossier number,
    // `__proto__` vanished silently) is refused, naming it.
    for (const key of ["__proto__", "constructor", "prototype"]) {
      const refused = await create(`{"soTien":1,${JSON.stringify(key)}:{"polluted":true}}`);
      expect(refused.status, key).toBe(400);
      expect(((await refused.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([`formData.${key}`]);
    }
    const ok = await create('{"soTien":1500000.5,"soNguoi":0,"tiLe":0.000001,"lon":9007199254740991}');
    expect(ok.status).toBe(201);
    const { code } = (await ok.json()) as { code: string };
    expect((await portal.adapters.dossiers.get(code))!.formData).toEqual({ soTien: 1500000.5, soNguoi: 0, tiLe: 0.000001, lon: 9007199254740991 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
