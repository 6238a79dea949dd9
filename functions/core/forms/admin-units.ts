import data from "./admin-units.json";

/**
 * The administrative units of Viet Nam after the 2025 reform (two tiers: 34 provinces, then communes and wards).
 * The shipped file is a PARTIAL SAMPLE (see its `note`); `admin-units import` replaces it with the official list.
 */
export interface AdminUnits {
  source: string;
  date: string;
  partial: boolean;
  note: string;
  provinces: { code: string; name: string; communes: { code: string; name: string }[] }[];
}

export const ADMIN_UNITS: AdminUnits = data as AdminUnits;

let index: Map<string, Set<string>> | undefined;

/** True when `province` is a province code of the list and `commune` one of its communes. */
export function communeInProvince(province: string, commune: string, units: AdminUnits = ADMIN_UNITS): boolean {
  if (units !== ADMIN_UNITS) return !!units.provinces.find((p) => p.code === province)?.communes.some((c) => c.code === commune);
  index ??= new Map(ADMIN_UNITS.provinces.map((p) => [p.code, new Set(p.communes.map((c) => c.code))]));
  return index.get(province)?.has(commune) ?? false;
}

export function isProvince(province: string, units: AdminUnits = ADMIN_UNITS): boolean {
  return units.provinces.some((p) => p.code === province);
}
