import { addDays, atVietnamTime, computeDueAt, isWorkingDay, nextWorkingDay, previousWorkingDay, vietnamDate } from "../calendar";
import type { Agency, Procedure } from "../catalogue/model";

/**
 * Dossiers as pure data for a demo year (`npm start -- --demo`) and for statistics oracles: each is a script of
 * steps — who does what when — that the seeder drives through the real decision path, so the stored dossiers,
 * their clocks and classifications are the portal's own. Nothing here writes or decides anything.
 *
 * - `demoYear`: a year of realistic traffic over a catalogue (channels, supplements, transfers, withdrawals,
 *   stops, decisions early / on time / late, ratings), deterministic for a seed.
 * - `outcomeScripts`: dossiers whose outcomes are exactly the counts asked for (e.g. the Điện Biên department-tier
 *   figures of DOMAIN.md), the times chosen against the calendar so the clock classifies each as intended.
 */

export type DemoActor = "citizen" | "agency";

export interface DemoStep {
  action:
    | "submit"
    | "receive"
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

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
  seed?: number;
}

/**
 * A year of realistic dossiers: per working day about `perWorkingDay` (Poisson-like), 25% at the counter and 5% by
 * post, 3% withdrawn, 2% refused at intake, 15% with a supplement round (5% still waiting), 5% transferred, 2%
 * stopped, the rest decided around their processing time (most early, some on time, some late), 30% rated.
 * Deterministic for a seed. Throws nothing for a catalogue with online procedures; yields nothing without.
 */
export function* demoYear(options: DemoYearOptions): Generator<DemoDossier> {
  const random = prng(options.seed ?? 19);
  const procedures = options.procedures.filter((p) => p.level !== "info");
  if (!procedures.length) return;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  for (let date = options.from; date <= options.to; date = addDays(date, 1)) {
    if (!isWorkingDay(date)) continue;
    const count = Math.round(options.perWorkingDay * (0.6 + random() * 0.8));
    for (let i = 0; i < count; i++) {
      const procedure = pick(procedures);
      const draw = random();
      const channel = draw < 0.25 ? "counter" : draw < 0.3 ? "post" : "online";
      const createdAt = officeTime(date, random() * 540);
      const steps: DemoStep[] = [];
      const step = (action: DemoStep["action"], at: Date, by: DemoActor, extra: Partial<DemoStep> = {}) => {
        const previous = steps.at(-1)?.at.getTime() ?? createdAt.getTime();
        steps.push({ action, at: new Date(Math.max(at.getTime(), previous + MINUTE)), by, ...extra });
        return steps.at(-1)!.at;
      };
      const later = (from: Date, days: number) => officeTime(workingDaysAfter(vietnamDate(from), Math.max(0, Math.round(days))), random() * 540);
      const submitted = step("submit", new Date(createdAt.getTime() + (5 + random() * 55) * MINUTE), "citizen");
      const paidOnline = procedure.fee.amount > 0 && channel === "online" && random() < 0.6;
      const fate = random();
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
      let at = step("receive", channel === "online" ? later(submitted, random() < 0.6 ? 0 : 1 + random() * 2) : new Date(submitted.getTime() + MINUTE), "agency");
      const path = random();
      if (path < 0.05) {
        step("request_supplement", later(at, 1), "agency", { note: "Bổ sung bản sao giấy tờ" });
        yield { procedureCode: procedure.code, channel, createdAt, steps, paidOnline, intended: "waiting" };
        continue;
      }
      if (path < 0.2) {
        at = step("request_supplement", later(at, 1 + random() * 2), "agency", { note: "Bổ sung bản sao giấy tờ" });
        at = step("supplement", later(at, 1 + random() * 5), "citizen");
      } else if (path < 0.25) {
        const others = options.agencies.filter((a) => a.code !== procedure.agencyCode);
        if (others.length) {
          at = step("transfer", later(at, random() * 2), "agency", { toAgencyCode: pick(others).code, note: "Chuyển cơ quan có thẩm quyền" });
          at = step("receive", later(at, 1), "agency");
        }
      }
      if (random() < 0.02) {
        step("stop", later(at, 1 + random() * 5), "agency", { note: "Dừng xử lý theo đề nghị" });
        yield { procedureCode: procedure.code, channel, createdAt, steps, paidOnline, intended: "stopped" };
        continue;
      }
      const decided = step(random() < 0.9 ? "approve" : "deny", later(at, procedure.processingDays * (0.3 + random() * 0.95)), "agency");
      const returned = step("return_result", later(decided, random() * 2), "agency");
      const feedback = random() < 0.3 ? { rating: 1 + Math.floor(random() * 5), at: new Date(returned.getTime() + 3600_000) } : undefined;
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
