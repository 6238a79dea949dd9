import type { StatsStore, StoredDay } from "../../../functions/core/ports";
import type { StoredMonth } from "../../../functions/core/stats/service";
import { stored } from "./cursor";

/** In-memory daily statistics (core/ports.ts `StatsStore`): a day's rows, and a month's rollup, each replaced whole. */
export function fakeStatsStore(): StatsStore {
  const days = new Map<string, StoredDay>();
  const months = new Map<string, StoredMonth>();
  return {
    async replaceDay(day) {
      days.set(day.date, stored(day));
    },
    async readDays(from, to) {
      return [...days.values()]
        .filter((day) => day.date >= from && day.date <= to)
        .sort((a, b) => (a.date < b.date ? -1 : 1))
        .map(stored);
    },
    async replaceMonth(month) {
      months.set(month.month, stored(month));
    },
    async readMonths(wanted) {
      return wanted.flatMap((month) => (months.has(month) ? [stored(months.get(month)!)] : []));
    },
  };
}
