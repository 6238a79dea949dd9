import { createHash } from "node:crypto";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { addDays } from "../core/calendar";
import { ConflictError } from "../core/errors";
import { demoDossiers, demoYear, type DemoFile } from "../core/stats/demo-year";
import { runDays, yesterday } from "../core/stats/service";
import type { Config } from "../config";
import type { Adapters } from "../wiring";

/**
 * `npm start -- --demo`: a year of realistic dossiers (core/stats/demo-year.ts `demoYear`, each script driven through
 * `decide` by `driveDemo`) written into the local table, then the year's statistics computed by the real job, so the
 * statistics page shows full charts on a first start.
 *
 * Each demo dossier is written once, in its final state, by the repository's `create` (indexes derived as for any
 * dossier), without events: demo data is not a history anyone took part in — its events would reach the event log
 * and every consumer (an agency's webhook, notifications) as if a year of receipts and decisions had just happened —
 * and one write per dossier instead of one per step (and as many event deliveries) is what makes a first start take
 * seconds rather than minutes (docs/operating.md gives the figures).
 *
 * Idempotent, and resumable after a crash: the year's window and progress are kept in one local item
 * (`pk=DEMO sk=SEED`, table.ts); the dossiers' codes are fixed by the window (a demo script's rank within its unit's
 * day, from `DEMO_SEQUENCE_START`), so a second run after a crash writes only what the first did not (a code already
 * there is skipped), and once the year is seeded a start with `--demo` changes nothing.
 */

/**
 * Demo dossiers take the numbers of their day from here on: the day counter (`nextSequence`) is left untouched, and
 * real dossiers of those past days (a counter import) take the low numbers, far from these.
 */
export const DEMO_SEQUENCE_START = 5001;
/** Dossiers per working day over the province, on average (about 40 × 250 working days ≈ 10,000 a year). */
export const DEMO_PER_WORKING_DAY = 40;
const MARKER = { pk: "DEMO", sk: "SEED" };
const SAMPLE_KEY = "demo/giay-to-mau.pdf";
const IN_FLIGHT = 16;

interface Marker {
  state: "seeding" | "done";
  from: string;
  to: string;
  seed: number;
  perWorkingDay: number;
  dossiers?: number;
  seededAt?: string;
}

export interface DemoSeedResult {
  /** `already`: the year was seeded before; nothing was written. */
  status: "seeded" | "already";
  from: string;
  to: string;
  /** Demo dossiers in the year (written now, or before). */
  dossiers: number;
  /** Written by this run (less than `dossiers` when resuming after a crash). */
  written: number;
  statisticsDays: number;
  ms: number;
}

/** A small, valid PDF: what every demo document and result points at. */
function samplePdf(): Uint8Array {
  const text = "BT /F1 18 Tf 72 720 Td (Giay to mau - du lieu demo) Tj ET";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/**
 * Seeds the demo year (the 365 days up to yesterday, Vietnam time, fixed at the first run) and computes its
 * statistics; `progress` is told how far each phase is. Returns at once when the year is already seeded.
 * @throws whatever the stores throw (a rerun resumes where it stopped)
 */
export async function seedDemoYear(
  adapters: Pick<Adapters, "db" | "s3" | "catalogue" | "dossiers" | "days" | "stats">,
  config: Pick<Config, "tableName" | "bucketName">,
  options: {
    now?: () => Date;
    perWorkingDay?: number;
    /** Told once the seeding begins (not when the year is already there), with the window. */
    onStart?: (window: { from: string; to: string; resuming: boolean }) => void;
    progress?: (phase: "dossiers" | "statistics", done: number, total: number) => void;
  } = {},
): Promise<DemoSeedResult> {
  const started = Date.now();
  const now = options.now ?? (() => new Date());
  const stored = (await adapters.db.send(new GetCommand({ TableName: config.tableName, Key: MARKER, ConsistentRead: true }))).Item as Marker | undefined;
  if (stored?.state === "done") {
    return { status: "already", from: stored.from, to: stored.to, dossiers: stored.dossiers ?? 0, written: 0, statisticsDays: 0, ms: Date.now() - started };
  }
  const to = stored?.to ?? yesterday(now());
  const marker: Marker = {
    state: "seeding",
    from: stored?.from ?? addDays(to, -364),
    to,
    seed: stored?.seed ?? 19,
    perWorkingDay: stored?.perWorkingDay ?? options.perWorkingDay ?? DEMO_PER_WORKING_DAY,
  };
  await adapters.db.send(new PutCommand({ TableName: config.tableName, Item: { ...MARKER, ...marker } }));
  options.onStart?.({ from: marker.from, to: marker.to, resuming: Boolean(stored) });

  const body = samplePdf();
  await adapters.s3.send(new PutObjectCommand({ Bucket: config.bucketName, Key: SAMPLE_KEY, Body: body, ContentType: "application/pdf" }));
  const file: DemoFile = { objectKey: SAMPLE_KEY, size: body.byteLength, sha256: createHash("sha256").update(body).digest("hex") };

  const catalogue = await adapters.catalogue.load();
  const procedures = new Map(catalogue.procedures.map((p) => [p.code, p]));
  const scripts = [...demoYear({ procedures: catalogue.procedures, agencies: catalogue.agencies, from: marker.from, to: marker.to, perWorkingDay: marker.perWorkingDay, seed: marker.seed })];
  // The same scripts give the same codes (their rank within their unit's day), so a rerun skips what is there.
  const source = demoDossiers(scripts, { procedures, until: now(), file, firstSequence: DEMO_SEQUENCE_START });
  let written = 0;
  let done = 0;
  const worker = async () => {
    for (let next = source.next(); !next.done; next = source.next()) {
      try {
        await adapters.dossiers.create(next.value);
        written++;
      } catch (err) {
        if (!(err instanceof ConflictError && err.code === "dossier.exists")) throw err; // written by a run that died
      }
      if (++done % 250 === 0 || done === scripts.length) options.progress?.("dossiers", done, scripts.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, scripts.length) }, worker));

  const days = await runDays(
    { source: adapters.days, store: adapters.stats, catalogue: adapters.catalogue, now },
    marker.from,
    marker.to,
    (_result, dayDone, total) => options.progress?.("statistics", dayDone, total),
  );
  await adapters.db.send(
    new PutCommand({ TableName: config.tableName, Item: { ...MARKER, ...marker, state: "done", dossiers: scripts.length, seededAt: new Date().toISOString() } }),
  );
  return { status: "seeded", from: marker.from, to: marker.to, dossiers: scripts.length, written, statisticsDays: days.length, ms: Date.now() - started };
}
