/**
 * The demo officers of the sample province, made at each start of the local portal when missing (an existing
 * officer is left as it is: a disabled one stays disabled). Their IdP accounts share one demo password
 * (IDP_DEMO_PASSWORD, default below), printed by `npm start`.
 */
import type { Officer, OfficerRepository, OfficerRole } from "../core/officer/model";
import type { IdpAccounts } from "./idp-accounts";

export const DEMO_PASSWORD = "MotCua@2026";
/** Sở Tư pháp tỉnh Sông Lam (a department) and UBND phường Bến Thủy (a commune) of functions/local/seed/catalogue.json. */
export const DEMO_AGENCY = "000.00.12.H99";
export const DEMO_OTHER_AGENCY = "000.00.31.H99";

export const DEMO_OFFICERS: { username: string; name: string; agencyCode: string; roles: OfficerRole[] }[] = [
  { username: "intake1", name: "Nguyễn Thị Tiếp Nhận", agencyCode: DEMO_AGENCY, roles: ["intake"] },
  { username: "specialist1", name: "Trần Văn Chuyên Viên", agencyCode: DEMO_AGENCY, roles: ["specialist"] },
  { username: "specialist2", name: "Phạm Thị Thẩm Định", agencyCode: DEMO_AGENCY, roles: ["specialist"] },
  { username: "leader1", name: "Lê Văn Lãnh Đạo", agencyCode: DEMO_AGENCY, roles: ["leader"] },
  { username: "admin1", name: "Hoàng Thị Quản Trị", agencyCode: DEMO_AGENCY, roles: ["admin"] },
  { username: "operator1", name: "Vũ Văn Vận Hành", agencyCode: DEMO_AGENCY, roles: ["operator"] },
  { username: "intake2", name: "Đặng Thị Một Cửa", agencyCode: DEMO_OTHER_AGENCY, roles: ["intake"] },
  { username: "leader2", name: "Bùi Văn Chủ Tịch", agencyCode: DEMO_OTHER_AGENCY, roles: ["leader"] },
];

/** Adds an officer: the IdP account (with its password) and the portal's record, the record's id the account's sub. */
export async function addLocalOfficer(
  officers: OfficerRepository,
  accounts: IdpAccounts,
  input: { username: string; name: string; agencyCode: string; roles: OfficerRole[]; password: string },
  now: Date,
): Promise<Officer> {
  const account = await accounts.upsert({ username: input.username, name: input.name, password: input.password });
  const officer: Officer = {
    officerId: account.sub,
    username: account.username,
    name: input.name,
    agencyCode: input.agencyCode,
    roles: input.roles,
    disabled: false,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await officers.put(officer);
  return officer;
}

export async function seedDemoOfficers(officers: OfficerRepository, accounts: IdpAccounts, password: string, now: Date): Promise<number> {
  let added = 0;
  for (const demo of DEMO_OFFICERS) {
    if ((await officers.byUsername(demo.username)) && (await accounts.byUsername(demo.username))) continue;
    await addLocalOfficer(officers, accounts, { ...demo, password }, now);
    added += 1;
  }
  return added;
}
