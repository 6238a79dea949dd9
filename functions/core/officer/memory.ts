import type { Officer, OfficerRepository } from "./model";

/** The in-memory officer store (tests; the contract suite runs it beside the DynamoDB adapter). */
export function memoryOfficerRepository(): OfficerRepository {
  const byId = new Map<string, Officer>();
  const names = new Map<string, string>();
  return {
    async get(officerId) {
      const found = byId.get(officerId);
      return found ? structuredClone(found) : undefined;
    },
    async byUsername(username) {
      const id = names.get(username.toLowerCase());
      return id ? structuredClone(byId.get(id)) : undefined;
    },
    async put(officer) {
      byId.set(officer.officerId, structuredClone(officer));
      names.set(officer.username.toLowerCase(), officer.officerId);
    },
    async listByAgency(agencyCode) {
      return [...byId.values()].filter((o) => o.agencyCode === agencyCode).sort((a, b) => a.username.localeCompare(b.username)).map((o) => structuredClone(o));
    },
  };
}
