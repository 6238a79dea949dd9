import type { Dossier } from "../../functions/core/dossier/model";
import type { DaySource, StatsStore, StoredDay, StoredMonth } from "../../functions/core/stats/service";

/** In-memory stand-ins for the statistics store and the day source (the dynalite ones are tested in integration). */

export const DB_AGENCY = { code: "000.00.12.H62", name: "Sở Tư pháp", tier: "department" as const, parentCode: null };

let serial = 0;
export function statsDossier(fields: Partial<Dossier>): Dossier {
  serial++;
  return {
    code: `${DB_AGENCY.code}-191015-${String(serial).padStart(4, "0")}`,
    procedureCode: "1.000001",
    procedureName: "x",
    agencyCode: DB_AGENCY.code,
    receivingAgencyCode: DB_AGENCY.code,
    status: "received",
    version: 3,
    applicant: { fullName: "A", idType: "cccd", idNumber: "001090012345", phone: "0912345678" },
    delivery: "online",
    formData: {},
    tokenHash: "",
    attachments: {},
    timeline: [],
    createdAt: "2019-10-01T01:00:00.000Z",
    channel: "online",
    supplementRequests: 0,
    clock: { processingDays: 3, unit: "working_days", supplement: "pause" },
    round: 0,
    firstReceivedAt: "2019-10-01T02:00:00.000Z",
    firstReceivedBy: DB_AGENCY.code,
    ...fields,
  };
}

export function memoryStatsStore(): StatsStore & { days: Map<string, StoredDay>; months: Map<string, StoredMonth>; monthReads: number; dayReads: number } {
  const days = new Map<string, StoredDay>();
  const months = new Map<string, StoredMonth>();
  const store = {
    days,
    months,
    monthReads: 0,
    dayReads: 0,
    async replaceDay(day: StoredDay) {
      days.set(day.date, structuredClone(day));
    },
    async readDays(from: string, to: string) {
      const found = [...days.values()].filter((d) => d.date >= from && d.date <= to).sort((a, b) => (a.date < b.date ? -1 : 1));
      store.dayReads += found.length;
      return structuredClone(found);
    },
    async replaceMonth(month: StoredMonth) {
      months.set(month.month, structuredClone(month));
    },
    async readMonths(list: readonly string[]) {
      const found = list.map((m) => months.get(m)).filter((m): m is StoredMonth => Boolean(m));
      store.monthReads += found.length;
      return structuredClone(found);
    },
  };
  return store;
}

const dayOf = (iso?: string) => (iso ? new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10) : undefined);

/** A day source over a list of dossiers, as the indexes would serve it (gsi2/3/4/5 semantics of table.ts). */
export function memoryDaySource(all: () => Dossier[]): DaySource {
  return {
    async receivedOn(date) {
      return all().filter((d) => dayOf(d.firstReceivedAt) === date);
    },
    async endedOn(date) {
      return all().filter((d) => dayOf(d.resolvedAt ?? d.endedAt) === date);
    },
    async submittedOn(date) {
      return all().filter((d) => dayOf(d.submittedAt) === date);
    },
    async openNow(agencies) {
      return all().filter((d) => d.status !== "draft" && !d.endedAt && agencies.includes(d.agencyCode));
    },
  };
}
