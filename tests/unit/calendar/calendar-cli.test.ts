import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runCli } from "../../../functions/cli/main";

let out: string[];
let err: string[];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, "log").mockImplementation((line: unknown) => void out.push(String(line)));
  vi.spyOn(console, "error").mockImplementation((line: unknown) => void err.push(String(line)));
});
afterEach(() => vi.restoreAllMocks());

describe("npm run cli -- calendar check", () => {
  it("names 2027 as a year without an announced schedule, and exits 1", async () => {
    const code = await runCli(["calendar", "check", "--from", "2025", "--to", "2027"]);
    expect(code).toBe(1);
    const result = JSON.parse(out.at(-1)!);
    expect(result.withoutAnnouncedSchedule).toEqual([2027]);
    expect(result.years.map((y: { year: number; status: string }) => [y.year, y.status])).toEqual([
      [2025, "announced"],
      [2026, "announced"],
      [2027, "provisional"],
    ]);
    expect(err.join("\n")).toMatch(/2027 +PROVISIONAL/);
  });

  it("names years with no data file at all as computed", async () => {
    const code = await runCli(["calendar", "check", "--from", "2028", "--to", "2029"]);
    expect(code).toBe(1);
    expect(JSON.parse(out.at(-1)!).years.map((y: { status: string }) => y.status)).toEqual(["computed", "computed"]);
  });

  it("exits 0 when every year in the range is announced", async () => {
    expect(await runCli(["calendar", "check", "--from", "2026", "--to", "2026"])).toBe(0);
    expect(JSON.parse(out.at(-1)!).withoutAnnouncedSchedule).toEqual([]);
  });

  it("refuses a bad year or a backwards range with usage (exit 2)", async () => {
    expect(await runCli(["calendar", "check", "--from", "26"])).toBe(2);
    expect(await runCli(["calendar", "check", "--from", "2027", "--to", "2026"])).toBe(2);
    expect(await runCli(["calendar", "check", "--from", "2300"])).toBe(2);
    expect(await runCli(["calendar", "nope"])).toBe(2);
    expect(err.join("\n")).toContain("usage:");
  });
});
