import { addDays, atVietnamTime, computeDueAt, isWorkingDay, nextWorkingDay, previousWorkingDay, vietnamDate } from "../calendar";
import type { Agency, Delivery, Procedure } from "../catalogue/model";
import { formatDossierCode, newAccessToken } from "../dossier/codes";
import { commandFrom, decide, type Command } from "../dossier/decide";
import { newDraft } from "../dossier/draft";
import type { Actor, Applicant, Dossier } from "../dossier/model";
import { prng } from "../prng";

/**
 * Dossiers as pure data for a demo year (`npm start -- --demo`) and for statistics oracles: each is a script of
 * steps — who does what when — that the seeder drives through the real decision path (`driveDemo`: `decide`), so
 * the stored dossiers, their clocks and classifications are the portal's own. Nothing here writes anything.
 *
 * - `demoYear`: a year of realistic traffic over a catalogue (channels, supplements, transfers, withdrawals,
 *   stops, decisions early / on time / late, ratings), deterministic for a seed.
 * - `outcomeScripts`: dossiers whose outcomes are exactly the counts asked for (e.g. the Điện Biên department-tier
 *   figures of docs/domain.md), the times chosen against the calendar so the clock classifies each as intended.
 */

export type DemoActor = "citizen" | "agency";

export interface DemoStep {
  action:
    | "submit"
    | "receive"
    | "counter_intake"
    | "reject_intake"
    | "request_supplement"
    | "supplement"
    | "transfer"
    | "approve"
    | "deny"
    | "return_result"
    | "withdraw"
    | "stop";
  at: Date;
  by: DemoActor;
  /** transfer */
  toAgencyCode?: string;
  /** the reason or note the action needs (supplement request, stop, transfer) */
  note?: string;
}

export interface DemoDossier {
  procedureCode: string;
  channel: "online" | "counter" | "post";
  createdAt: Date;
  steps: DemoStep[];
  /** A rating given after the result was returned. */
  feedback?: { rating: number; at: Date };
  /** Whether the fee was paid online at submission (fee-bearing procedures only). */
  paidOnline?: boolean;
  /** The outcome the script was written for (what the clock will classify it as, once driven). */
  /** `decided`: approved or denied around the processing time, early, on time or late as the clock finds it. */
  intended: "decided" | "early" | "on_time" | "late" | "withdrawn" | "stopped" | "open" | "open_overdue" | "rejected" | "waiting";
}

const MINUTE = 60_000;

/** An office-hours instant on the working day `date` (or the next one), `minutes` after 07:30 (≤ 9 h 30). */
function officeTime(date: string, minutes: number): Date {
  const day = isWorkingDay(date) ? date : nextWorkingDay(date);
  const at = Math.min(Math.max(0, Math.floor(minutes)), 9 * 60);
  const instant = atVietnamTime(day, "07:30").getTime() + at * MINUTE;
  // Lunch (11:30–13:30) is outside office hours: move such a time to 13:45.
  const local = new Date(instant + 7 * 3600_000).toISOString().slice(11, 16);
  return local >= "11:30" && local < "13:30" ? atVietnamTime(day, "13:45") : new Date(instant);
}

/** `days` working days after `date` (0: the same or next working day). */
function workingDaysAfter(date: string, days: number): string {
  let day = isWorkingDay(date) ? date : nextWorkingDay(date);
  for (let i = 0; i < days; i++) day = nextWorkingDay(day);
  return day;
}

export interface DemoYearOptions {
  procedures: readonly Procedure[];
  agencies: readonly Agency[];
  /** First and last day of the year, `YYYY-MM-DD`. */
  from: string;
  to: string;
  /** Dossiers received per working day, on average. */
  perWorkingDay: number;
  /** How much a day's count varies around the average, as a fraction (default 0.4: 60–140%; 0: exactly). */
  variation?: number;
  seed?: number;
}

/**
 * A year of realistic dossiers: per working day about `perWorkingDay` (Poisson-like), 25% at the counter and 5% by
 * post (received at once, `counter_intake`), 3% withdrawn, 2% of the online ones refused at intake, 15% with a
 * supplement round (5% of those received in the year's last three weeks still waiting), 5% transferred, 2%
 * stopped, the rest decided within the time their clock has left (most before the due day, some on it, about one
 * in twenty-five late), 30% rated (mostly 4 and 5).
 * Deterministic for a seed. Throws nothing for a catalogue with online procedures; yields nothing without.
 * The demo year (`npm start -- --demo`, functions/local/seed-demo.ts) and the statistics bench (bench/stats.ts) both
 * take their dossiers from here, through `demoDossiers`.
 */
export function* demoYear(options: DemoYearOptions): Generator<DemoDossier> {
  const random = prng(options.seed ?? 19);
  // Online dossiers only for procedures offered online; the desk takes in every procedure.
  const online = options.procedures.filter((p) => p.level !== "info");
  if (!online.length) return;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  for (let date = options.from; date <= options.to; date = addDays(date, 1)) {
    if (!isWorkingDay(date)) continue;
    const variation = options.variation ?? 0.4;
    const count = Math.round(options.perWorkingDay * (1 - variation + random() * 2 * variation));
    for (let i = 0; i < count; i++) {
      const draw = random();
      const channel = draw < 0.25 ? "counter" : draw < 0.3 ? "post" : "online";
      const procedure = pick(channel === "online" ? online : options.procedures);
      const createdAt = officeTime(date, random() * 540);
      const steps: DemoStep[] = [];
      const step = (action: DemoStep["action"], at: Date, by: DemoActor, extra: Partial<DemoStep> = {}) => {
        const previous = steps.at(-1)?.at.getTime() ?? createdAt.getTime();
        steps.push({ action, at: new Date(Math.max(at.getTime(), previous + MINUTE)), by, ...extra });
        return steps.at(-1)!.at;
      };
      const later = (from: Date, days: number) => officeTime(workingDaysAfter(vietnamDate(from), Math.max(0, Math.round(days))), random() * 540);
      const paidOnline = procedure.fee.amount > 0 && channel === "online" && random() < 0.6;
      const fate = random();
      let at: Date;
      if (channel === "online") {
        const submitted = step("submit", new Date(createdAt.getTime() + (5 + random() * 55) * MINUTE), "citizen");
        if (fate < 0.03) {
          step("withdraw", later(submitted, random() * 2), "citizen");
          yield { procedureCode: procedure.code, channel, createdAt, steps, paidOnline, intended: "withdrawn" };
          continue;
        }
        if (fate < 0.05) {
          step("reject_intake", later(submitted, 1), "agency", { note: "Hồ sơ không thuộc thẩm quyền" });
          yield { procedureCode: procedure.code, channel, createdAt, steps, paidOnline, intended: "rejected" };
          continue;
        }
        at = step("receive", later(submitted, random() < 0.6 ? 0 : 1 + random() * 2), "agency");
      } else {
        // Taken in at the desk (or opened from the post) and received at once; the desk refuses an incomplete one
        // on the spot, so none is refused at intake.
        at = step("counter_intake", new Date(createdAt.getTime() + (5 + random() * 25) * MINUTE), "agency");
        if (fate < 0.03) {
          step("withdraw", later(at, random() * 2), "citizen");
          yield { procedureCode: procedure.code, channel, createdAt, steps, paidOnline, intended: "withdrawn" };
          continue;
        }
      }
      const path = random();
      // Still waiting for the citizen at the end of the year: asked in its last weeks (older requests were answered).
      if (path < 0.05 && workingDaysAfter(date, 15) > options.to) {
        step("request_supplement", later(at, 1), "agency", { note: "Bổ sung bản sao giấy tờ" });
        yield { procedureCode: procedure.code, channel, createdAt, steps, paidOnline, intended: "waiting" };
        continue;
      }
      // The working days of the clock left for the decision.
      let budget = procedure.processingDays;
      if (path < 0.2) {
        const used = Math.min(Math.max(0, budget - 1), Math.round(1 + random() * 2));
        at = step("request_supplement", later(at, used), "agency", { note: "Bổ sung bản sao giấy tờ" });
        at = step("supplement", later(at, 1 + random() * 5), "citizen");
        if (procedure.supplementClock !== "restart") budget -= used;
      } else if (path < 0.25) {
        const others = options.agencies.filter((a) => a.code !== procedure.agencyCode);
        if (others.length) {
          const used = Math.round(random() * 2);
          at = step("transfer", later(at, used), "agency", { toAgencyCode: pick(others).code, note: "Chuyển cơ quan có thẩm quyền" });
          at = step("receive", later(at, 1), "agency");
          budget -= used + 1;
        }
      }
      if (random() < 0.02) {
        step("stop", later(at, 1 + random() * 5), "agency", { note: "Dừng xử lý theo đề nghị" });
        yield { procedureCode: procedure.code, channel, createdAt, steps, paidOnline, intended: "stopped" };
        continue;
      }
      // Most are decided before their due day, some on it before the due time (the time of day of the receipt),
      // about one in twenty-five a day or more late.
      budget = Math.max(0, budget);
      const when = random();
      const sinceOpening = Math.max(1, (at.getTime() - atVietnamTime(vietnamDate(at), "07:30").getTime()) / MINUTE);
      const decidedAt =
        when < 0.04
          ? later(at, budget + 1 + random() * 2)
          : when < 0.2
            ? officeTime(workingDaysAfter(vietnamDate(at), budget), random() * Math.min(sinceOpening, 540))
            : later(at, Math.floor(budget * (0.2 + random() * 0.8)));
      const decided = step(random() < 0.9 ? "approve" : "deny", decidedAt, "agency");
      const returned = step("return_result", later(decided, random() * 2), "agency");
      // Ratings lean high, as published satisfaction surveys do: 5 for half, 4 for a third, the rest 1–3.
      const rate = random();
      const rating = rate < 0.5 ? 5 : rate < 0.82 ? 4 : rate < 0.92 ? 3 : rate < 0.96 ? 2 : 1;
      const feedback = random() < 0.3 ? { rating, at: new Date(returned.getTime() + 3600_000) } : undefined;
      yield { procedureCode: procedure.code, channel, createdAt, steps, paidOnline, ...(feedback ? { feedback } : {}), intended: "decided" };
    }
  }
}

export interface OutcomeCounts {
  early: number;
  onTime: number;
  late: number;
  withdrawn: number;
  stopped: number;
  /** Still open at the period's end, within time. */
  open?: number;
  /** Still open at the period's end, past their due time. */
  openOverdue?: number;
}

/**
 * Dossiers for one procedure whose outcomes within [from, to] are exactly `counts`, received at the one-stop desk
 * of the procedure's unit (online channel): each received on a working day, decided early (a working day before its
 * due day), on time (on its due day, before the due time) or late (the working day after), withdrawn or stopped a
 * day after receipt, or left open (received late in the period: within time; or early enough to be overdue at
 * `to`'s end). The times are computed with the calendar, so the clock classifies each dossier as intended.
 * Deterministic. Throws a RangeError when the period is too short for the procedure's processing time.
 */
export function outcomeScripts(procedure: Pick<Procedure, "code" | "processingDays" | "clockUnit">, from: string, to: string, counts: OutcomeCounts): DemoDossier[] {
  const unit = procedure.clockUnit ?? "working_days";
  const days = Math.max(1, procedure.processingDays);
  // Receipt days: working days from `from` leaving room for the clock to run out (and a late decision) before `to`.
  const receiptDays: string[] = [];
  for (let d = workingDaysAfter(from, 0); d <= to; d = nextWorkingDay(d)) receiptDays.push(d);
  const usable = receiptDays.filter((d) => workingDaysAfter(d, days + 2) <= to);
  if (!usable.length) throw new RangeError(`outcomeScripts: ${from}–${to} is too short for ${days} working days`);
  const scripts: DemoDossier[] = [];
  let n = 0;
  const make = (intended: DemoDossier["intended"], receiptDay: string, finish?: (due: Date, receivedAt: Date) => DemoStep[]) => {
    const receivedAt = atVietnamTime(receiptDay, "09:00");
    const submittedAt = new Date(receivedAt.getTime() - 30 * MINUTE);
    const due = computeDueAt({ receivedAt, processingDays: days, unit });
    scripts.push({
      procedureCode: procedure.code,
      channel: "online",
      createdAt: new Date(submittedAt.getTime() - 30 * MINUTE),
      steps: [
        { action: "submit", at: submittedAt, by: "citizen" },
        { action: "receive", at: receivedAt, by: "agency" },
        ...(finish ? finish(due, receivedAt) : []),
      ],
      intended,
    });
  };
  const spread = (i: number) => usable[(i * 7919) % usable.length]!; // spread receipts over the period
  const dueDay = (due: Date) => vietnamDate(due);
  for (let i = 0; i < counts.early; i++) {
    make("early", spread(n++), (due) => [{ action: "approve", at: atVietnamTime(previousWorkingDay(dueDay(due)), "15:00"), by: "agency" }]);
  }
  for (let i = 0; i < counts.onTime; i++) {
    make("on_time", spread(n++), (due) => [{ action: "approve", at: new Date(Math.max(due.getTime() - 60 * MINUTE, atVietnamTime(dueDay(due), "07:00").getTime())), by: "agency" }]);
  }
  for (let i = 0; i < counts.late; i++) {
    make("late", spread(n++), (due) => [{ action: i % 3 === 0 ? "deny" : "approve", at: atVietnamTime(nextWorkingDay(dueDay(due)), "10:00"), by: "agency" }]);
  }
  for (let i = 0; i < counts.withdrawn; i++) {
    make("withdrawn", spread(n++), (_due, receivedAt) => [{ action: "withdraw", at: new Date(receivedAt.getTime() + 26 * 3600_000), by: "citizen" }]);
  }
  for (let i = 0; i < counts.stopped; i++) {
    make("stopped", spread(n++), (_due, receivedAt) => [{ action: "stop", at: new Date(receivedAt.getTime() + 26 * 3600_000), by: "agency", note: "Dừng xử lý theo đề nghị" }]);
  }
  // Open at the end of `to`: within time when received on its last working day; overdue when received early enough.
  const lastDay = isWorkingDay(to) ? to : previousWorkingDay(to);
  for (let i = 0; i < (counts.open ?? 0); i++) make("open", lastDay);
  for (let i = 0; i < (counts.openOverdue ?? 0); i++) make("open_overdue", spread(n++));
  return scripts;
}

// ------------------------------------------------------------------------------------------------ driving a script

/** One stored file every demo dossier's documents and results point at (demo data carries no citizen's file). */
export interface DemoFile {
  objectKey: string;
  size: number;
  sha256: string;
}

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
const MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Thu", "Quang", "Kim", "Gia", "Bảo"];
const GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Việt", "Yến"];

/** A made-up applicant for the n-th demo dossier: a Vietnamese name, a plausible CCCD and mobile number. Throws nothing. */
export function demoApplicant(n: number): Applicant {
  const random = prng(n * 7919 + 1);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const born = 1950 + Math.floor(random() * 56); // 1950–2005
  const female = random() < 0.5;
  const century = born < 2000 ? (female ? 1 : 0) : female ? 3 : 2;
  const province = String(1 + Math.floor(random() * 96)).padStart(3, "0");
  const serial = String(Math.floor(random() * 1e6)).padStart(6, "0");
  const middle = female ? (random() < 0.6 ? "Thị" : pick(MIDDLE)) : pick(MIDDLE.filter((m) => m !== "Thị"));
  return {
    fullName: `${pick(FAMILY)} ${middle} ${pick(GIVEN)}`,
    idType: "cccd",
    idNumber: `${province}${century}${String(born % 100).padStart(2, "0")}${serial}`,
    phone: `09${String(Math.floor(random() * 1e8)).padStart(8, "0")}`,
  };
}

const DEMO_NOTES: Partial<Record<DemoStep["action"], string>> = {
  withdraw: "Công dân đề nghị rút hồ sơ",
  reject_intake: "Hồ sơ không thuộc thẩm quyền",
  request_supplement: "Bổ sung bản sao giấy tờ",
  stop: "Dừng xử lý theo đề nghị",
};

/**
 * A script driven through `decide` up to `until` (steps after it are left: the dossier stays where it was then), as
 * the portal would have stored it: the online documents declared with the dossier and verified at submission, an
 * online payment before submission when the script says so, an online result document when an online-delivery
 * dossier is decided, the rating after the return. The events are not kept: demo data is not a history anyone
 * took part in. Pure but for the access token (random: nobody holds it).
 * @throws whatever `decide` throws for a script it refuses (a bug of the generator)
 */
export function driveDemo(
  script: DemoDossier,
  options: { code: string; procedure: Procedure; until: Date; applicant: Applicant; delivery: Delivery; file: DemoFile },
): Dossier {
  const { procedure, file } = options;
  const agencyActor = (d: Dossier): Actor => ({ type: "agency", agencyCode: d.agencyCode });
  const citizen: Actor = { type: "citizen" };
  const created = script.createdAt.toISOString();
  const attachment = (id: string, documentKey: string, kind: "document" | "result", at: string) => ({
    id,
    documentKey,
    fileName: `${documentKey}.pdf`,
    mediaType: "application/pdf",
    size: file.size,
    sha256: file.sha256,
    objectKey: file.objectKey,
    state: "declared" as const,
    declaredAt: at,
    kind,
  });
  const documents = script.channel === "online" ? procedure.documents.filter((d) => d.required) : [];
  let dossier = newDraft({
    code: options.code,
    procedure,
    applicant: options.applicant,
    delivery: options.delivery,
    // Nobody holds a demo dossier's token: an unguessable one, of which only the hash is kept.
    token: newAccessToken(),
    at: script.createdAt,
    by: script.channel === "online" ? citizen : { type: "agency", agencyCode: procedure.agencyCode },
    channel: script.channel,
    attachments: Object.fromEntries(documents.map((d, i) => [`d${i + 1}`, attachment(`d${i + 1}`, d.key, "document", created)])),
  });
  const apply = (command: Command, at: Date, actor: Actor) => {
    dossier = decide(dossier, command, { now: at, actor }).next;
  };
  for (const step of script.steps) {
    if (step.at > options.until) break;
    const actor = step.by === "citizen" ? citizen : agencyActor(dossier);
    if (step.action === "submit" && script.paidOnline) {
      const reference = `DEMO${options.code.replace(/\D/g, "")}`;
      const startedAt = new Date(step.at.getTime() - 4 * MINUTE);
      apply(
        {
          type: "payment_pending",
          payment: { status: "pending", amount: procedure.fee.amount, currency: "VND", provider: "vnpay", reference, createdAt: startedAt.toISOString(), expiresAt: new Date(startedAt.getTime() + 15 * MINUTE).toISOString() },
        },
        startedAt,
        citizen,
      );
      apply({ type: "payment_paid", reference, transactionNo: reference.slice(-8), responseCode: "00" }, new Date(step.at.getTime() - 2 * MINUTE), { type: "system" });
    }
    const note = step.note ?? DEMO_NOTES[step.action];
    switch (step.action) {
      case "submit":
        apply({ type: "submit", verified: Object.keys(dossier.attachments) }, step.at, actor);
        break;
      case "supplement": {
        // The citizen sends the copy asked for: a new document of this round.
        const id = `s${dossier.round}`;
        dossier = { ...dossier, attachments: { ...dossier.attachments, [id]: attachment(id, documents[0]?.key ?? "bo-sung", "document", step.at.toISOString()) } };
        apply({ type: "supplement", verified: [id] }, step.at, actor);
        break;
      }
      case "approve":
      case "deny":
        if (dossier.delivery === "online") {
          const id = `r${dossier.version}`;
          dossier = { ...dossier, attachments: { ...dossier.attachments, [id]: attachment(id, "result", "result", step.at.toISOString()) } };
        }
        apply(commandFrom(step.action, { note }), step.at, actor);
        break;
      case "return_result":
        apply({ type: "return_result", results: Object.values(dossier.attachments).filter((a) => a.kind === "result").map((a) => a.id) }, step.at, actor);
        break;
      default:
        apply(commandFrom(step.action, { note, toAgencyCode: step.toAgencyCode }), step.at, actor);
    }
  }
  if (script.feedback && script.feedback.at <= options.until && dossier.status === "returned") {
    apply({ type: "feedback", rating: script.feedback.rating }, script.feedback.at, citizen);
  }
  return dossier;
}

/** The delivery a demo dossier asks for: online for most online dossiers, in person at the desk for the others. */
export function demoDelivery(script: DemoDossier, procedure: Procedure, n: number): Procedure["resultDelivery"][number] {
  const offered = procedure.resultDelivery;
  if (script.channel === "online" && offered.includes("online") && n % 5 < 3) return "online";
  if (script.channel === "post" && offered.includes("post")) return "post";
  return offered.includes("in_person") ? "in_person" : offered.includes("post") ? "post" : offered[0]!;
}

/**
 * Demo scripts as stored dossiers, in order: each one's code is its rank within its receiving unit's day from
 * `firstSequence` (so the same scripts always get the same codes), each driven through `decide` up to `until`
 * (`driveDemo`). Lazy: a year of them need not be held at once.
 * @throws for a script whose procedure is not in `procedures` (a bug of the caller)
 */
export function* demoDossiers(
  scripts: Iterable<DemoDossier>,
  options: { procedures: ReadonlyMap<string, Procedure>; until: Date; file: DemoFile; firstSequence: number },
): Generator<Dossier> {
  const ranks = new Map<string, number>();
  let n = 0;
  for (const script of scripts) {
    const procedure = options.procedures.get(script.procedureCode);
    if (!procedure) throw new Error(`demo script for unknown procedure ${script.procedureCode}`);
    const receiving = procedure.receivingAgencyCode ?? procedure.agencyCode;
    const day = vietnamDate(script.createdAt);
    const rank = ranks.get(`${receiving}#${day}`) ?? 0;
    ranks.set(`${receiving}#${day}`, rank + 1);
    const code = formatDossierCode(receiving, day, options.firstSequence + rank);
    yield driveDemo(script, { code, procedure, until: options.until, applicant: demoApplicant(n), delivery: demoDelivery(script, procedure, n), file: options.file });
    n++;
  }
}
