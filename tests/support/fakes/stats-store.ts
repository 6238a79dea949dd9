import type { StatsStore, StoredDay } from "../../../functions/core/ports";
import { stored } from "./cursor";

/** In-memory daily statistics (core/ports.ts `StatsStore`): a day's rows replaced whole; computed days by date. */
export function fakeStatsStore(): StatsStore {
  const days = new Map<string, StoredDay>();
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
  };
}
