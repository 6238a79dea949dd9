import { api, path } from "./api";
import { lang } from "./i18n";
import type { Agency, Procedure } from "./types";

/** Agencies change rarely: one request per page load. */
let agencies: Promise<Agency[]> | undefined;
export function loadAgencies(): Promise<Agency[]> {
  agencies ??= api<{ items: Agency[] }>("/v1/agencies").then(
    (body) => body.items ?? [],
    (err) => {
      agencies = undefined;
      throw err;
    },
  );
  return agencies;
}

const procedures = new Map<string, Promise<Procedure>>();
export function loadProcedure(code: string): Promise<Procedure> {
  let found = procedures.get(code);
  if (!found) {
    found = api<Procedure>(path`/v1/procedures/${code}`);
    found.catch(() => procedures.delete(code));
    procedures.set(code, found);
  }
  return found;
}

export function agencyName(code: string, list: Agency[] | undefined): string {
  const agency = list?.find((a) => a.code === code);
  if (!agency) return code;
  return lang() === "en" && agency.nameEn ? agency.nameEn : agency.name;
}
