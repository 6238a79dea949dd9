import { describe, expect, it } from "vitest";
import type { Officer, OfficerRepository } from "../../functions/core/officer/model";
import { AGENCY, OTHER_AGENCY } from "./fixtures";

/** The contract of `OfficerRepository` (functions/core/officer/model.ts). */
export function describeOfficerRepositoryContract(name: string, makePort: () => Promise<OfficerRepository>) {
  describe(`OfficerRepository contract: ${name}`, () => {
    let n = 0;
    const officer = (overrides: Partial<Officer> = {}): Officer => {
      n += 1;
      return {
        officerId: `sub-${Date.now()}-${n}`,
        username: `user${Date.now()}x${n}`,
        name: "Nguyễn Văn Cán Bộ",
        agencyCode: AGENCY,
        roles: ["intake"],
        disabled: false,
        createdAt: "2026-03-02T04:00:00.000Z",
        updatedAt: "2026-03-02T04:00:00.000Z",
        ...overrides,
      };
    };

    it("keeps an officer by id and by user name (any case); unknown ones are undefined", async () => {
      const repo = await makePort();
      const record = officer();
      await repo.put(record);
      expect(await repo.get(record.officerId)).toEqual(record);
      expect(await repo.byUsername(record.username.toUpperCase())).toEqual(record);
      expect(await repo.get("nobody")).toBeUndefined();
      expect(await repo.byUsername("nobody")).toBeUndefined();
    });

    it("a write replaces the record: disabled and new roles are read at once", async () => {
      const repo = await makePort();
      const record = officer();
      await repo.put(record);
      await repo.put({ ...record, disabled: true, roles: ["leader", "specialist"] });
      expect(await repo.get(record.officerId)).toMatchObject({ disabled: true, roles: ["leader", "specialist"] });
    });

    it("lists one agency's officers by user name", async () => {
      const repo = await makePort();
      const agency = `${AGENCY}-${Date.now()}`;
      const b = officer({ agencyCode: agency, username: `b${Date.now()}` });
      const a = officer({ agencyCode: agency, username: `a${Date.now()}` });
      await repo.put(b);
      await repo.put(a);
      await repo.put(officer({ agencyCode: OTHER_AGENCY }));
      expect((await repo.listByAgency(agency)).map((o) => o.username)).toEqual([a.username, b.username]);
    });
  });
}
