/**
 * `npx tsx bench/notify.ts [--events N] [--no-write]`: events → citizens' messages on the local portal
 * (docs/notifications.md). N counter receipts (default 1,000), each a `dossier.received` event for an applicant with
 * an e-mail address and a phone: the portal's event poller delivers them, the fan-out queues an e-mail and an SMS
 * each, and the queue worker sends them through the real SMTP server of the dev mailbox and the eSMS sandbox.
 *
 * Measured: the event-to-send latency of each message (the receipt's commit time → the message's arrival in the
 * dev mailbox), p50 / p95 / max, and the messages sent per second from the first to the last. The providers'
 * paces are lifted (NOTIFY_RATE_*_PER_SECOND) to measure the pipeline itself; deployed, SES's and the SMS gateway's
 * own rates bound it (14/s is SES's default sending rate).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startPortal } from "../functions/local/portal";
import { catalogueLookup, catalogueReader } from "../functions/core/catalogue/cache";
import { intakeCounterDossier } from "../functions/core/intake/counter";
import { Agency, Procedure } from "../functions/core/catalogue/model";
import { machineLine, percentile, today, writeSection } from "./report";

const arg = (name: string) => process.argv.find((a, i) => process.argv[i - 1] === name);
const EVENTS = Number(arg("--events") ?? 1000);
const WRITE = !process.argv.includes("--no-write");

const agency = Agency.parse({ code: "000.00.31.H99", name: "UBND phường Thử Nghiệm", tier: "commune", parentCode: null });
const procedure = Procedure.parse({
  code: "1.001193",
  name: "Đăng ký khai sinh",
  field: "Hộ tịch",
  agencyCode: agency.code,
  level: "full",
  processingDays: 1,
  fee: { amount: 0, currency: "VND", serviceFee: 0, charge: 0 },
  documents: [{ key: "to-khai", name: "Tờ khai", required: true, maxSizeMB: 1, mediaTypes: ["application/pdf"] }],
  resultDelivery: ["online", "post", "in_person"],
});

async function main() {
  const loadAtStart = loadavg()[0] ?? 0;
  const dataDir = mkdtempSync(join(tmpdir(), "dvc-bench-notify-"));
  const portal = await startPortal({
    port: 0,
    dataDir,
    seed: false,
    statsSchedule: false,
    malwareScan: false,
    env: {
      ...process.env,
      PORT: undefined,
      DATA_DIR: undefined,
      NOTIFY_RATE_EMAIL_PER_SECOND: "100000",
      NOTIFY_RATE_SMS_PER_SECOND: "100000",
      NOTIFY_PER_RECIPIENT_PER_HOUR: "1000",
    },
  });
  try {
    await portal.adapters.catalogue.upsert([{ kind: "agency", value: agency }, { kind: "procedure", value: procedure }]);
    const deps = {
      dossiers: portal.adapters.dossiers,
      catalogue: catalogueLookup(catalogueReader(portal.adapters.catalogue)),
      idempotency: portal.adapters.idempotency,
      now: () => new Date(),
    };
    const receivedAt = new Map<string, number>();
    const started = performance.now();
    for (let i = 0; i < EVENTS; i++) {
      const { dossier } = await intakeCounterDossier(
        deps,
        {
          procedureCode: procedure.code,
          applicant: {
            fullName: "Nguyễn Văn An",
            idType: "cccd",
            idNumber: "001090012345",
            phone: `091${String(i).padStart(7, "0")}`,
            email: `citizen${i}@example.vn`,
          },
          delivery: "online",
          channel: "counter",
        },
        { actor: { type: "agency", agencyCode: agency.code } },
      );
      receivedAt.set(dossier.code, Date.parse(dossier.receivedAt!));
      if ((i + 1) % 100 === 0) process.stdout.write(`\rreceived ${i + 1}/${EVENTS}`);
    }
    const expected = EVENTS * 2;
    const deadline = Date.now() + 600_000;
    while (Date.now() < deadline && portal.mailbox.items().length < expected) {
      process.stdout.write(`\rreceived ${EVENTS}, sent ${portal.mailbox.items().length}/${expected}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const wall = (performance.now() - started) / 1000;
    const items = portal.mailbox.items();
    console.log("");
    if (items.length < expected) throw new Error(`only ${items.length} of ${expected} messages arrived`);
    const latencies = items.map((m) => Date.parse(m.at) - receivedAt.get(m.dossierCode!)!).sort((a, b) => a - b);
    const times = items.map((m) => Date.parse(m.at)).sort((a, b) => a - b);
    const rate = items.length / ((times.at(-1)! - times[0]!) / 1000);
    const byChannel = (c: string) => items.filter((m) => m.channel === c).length;
    const section = `## Notifications

How fast events become citizens' messages on the local portal: ${EVENTS.toLocaleString("en")} counter receipts (each a
\`dossier.received\` event) → the event poller → the fan-out (an e-mail and an SMS each, queued in the table) → the
queue worker → the dev mailbox's real SMTP server (nodemailer → smtp-server → mailparser) and the eSMS sandbox (the
eSMS adapter over HTTP). The providers' paces are lifted to measure the pipeline; deployed, SES's sending rate (14/s
by default) and the SMS gateway's bound it, and each channel is its own SQS queue and Lambda.

- Date: ${today()}
- Machine: ${machineLine(loadAtStart)}
- Command: \`npx tsx bench/notify.ts --events ${EVENTS}\`

| | |
|---|---|
| events | ${EVENTS.toLocaleString("en")} |
| messages sent | ${items.length.toLocaleString("en")} (${byChannel("email")} e-mail, ${byChannel("sms")} SMS), each once |
| event-to-send latency p50 | ${(percentile(latencies, 50) / 1000).toFixed(2)} s |
| event-to-send latency p95 | ${(percentile(latencies, 95) / 1000).toFixed(2)} s |
| event-to-send latency max | ${(latencies.at(-1)! / 1000).toFixed(2)} s |
| sends per second (first to last message) | ${rate.toFixed(0)} |
| wall time, first receipt to last message | ${wall.toFixed(1)} s |

The latency includes the time the receipts themselves take to commit: the events are made faster than one worker
sends, so later events queue behind earlier ones (the p95 is mostly that queue). One local worker sends one message
at a time; the deployed function runs up to 5 instances per queue.
`;
    console.log(section);
    if (WRITE) writeSection("Notifications", section);
  } finally {
    await portal.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
