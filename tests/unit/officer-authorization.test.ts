import { describe, expect, it } from "vitest";
import { mayDo, OFFICER_PERMISSIONS, roleAllows, type OfficerPermission } from "../../functions/core/officer/authorization";
import { OFFICER_ROLES, type OfficerRole } from "../../functions/core/officer/model";

/**
 * The expectation, written independently of AUTHORIZATION: for each action, what each role may do on its own
 * agency's dossiers (O), on any agency's (A), or not at all (-). Columns: intake specialist leader admin operator.
 */
const EXPECTED: Record<OfficerPermission, string> = {
  view: "O O O O A",
  receive: "O - - - -",
  reject_intake: "O - - - -",
  request_supplement: "O O - - -",
  transfer: "- O O - -",
  assign: "- - O - -",
  approve: "- - O - -",
  deny: "- - O - -",
  return_result: "O - - - -",
  stop: "- - O - -",
  apologize: "- - O - -",
  upload_result: "- O O - -",
  counter_intake: "O - - - -",
  attach_document: "O - - - -",
  receive_supplement: "O - - - -",
  slips: "O - O - -",
  manage_officers: "- - - O A",
  catalogue: "- - - - A",
};
const COLUMNS: OfficerRole[] = ["intake", "specialist", "leader", "admin", "operator"];

describe("the officer authorization matrix", () => {
  it("the expectation covers every permission and role", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...OFFICER_PERMISSIONS].sort());
    expect([...COLUMNS].sort()).toEqual([...OFFICER_ROLES].sort());
  });

  for (const permission of OFFICER_PERMISSIONS) {
    const cells = EXPECTED[permission].split(" ");
    COLUMNS.forEach((role, i) => {
      const cell = cells[i];
      it(`${role} × ${permission}: own agency ${cell !== "-"}, other agency ${cell === "A"}`, () => {
        expect(roleAllows(role, permission, true)).toBe(cell !== "-");
        expect(roleAllows(role, permission, false)).toBe(cell === "A");
      });
    });
  }

  it("several roles add up; the agency is the officer's", () => {
    const officer = { agencyCode: "A", roles: ["intake", "leader"] as OfficerRole[] };
    expect(mayDo(officer, "receive", "A")).toBe(true);
    expect(mayDo(officer, "approve", "A")).toBe(true);
    expect(mayDo(officer, "approve", "B")).toBe(false);
    expect(mayDo(officer, "view", "B")).toBe(false);
  });
});
