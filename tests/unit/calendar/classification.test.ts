import { describe, expect, it } from "vitest";
import {
  classifyResolution,
  newPromisedDate,
  workingDaysBetween,
} from "../../../functions/core/calendar";

const at = (iso: string) => new Date(iso);
const dueAt = at("2026-03-12T10:00:00+07:00");

describe("classifyResolution", () => {
  it("early: resolved on a Vietnam day before the due day", () => {
    // Act / Assert
    expect(classifyResolution({ resolvedAt: at("2026-03-11T16:00:00+07:00"), dueAt, supplementRequests: 0 })).toBe("early");
    // 23:30 on 11/3 in Vietnam is still 11/3
    expect(classifyResolution({ resolvedAt: at("2026-03-11T23:30:00+07:00"), dueAt, supplementRequests: 0 })).toBe("early");
  });

  it("on time: on the due day, at or before dueAt — by the Vietnam date, not the UTC date", () => {
    // Act / Assert
    expect(classifyResolution({ resolvedAt: at("2026-03-12T09:59:00+07:00"), dueAt, supplementRequests: 0 })).toBe("on_time");
    expect(classifyResolution({ resolvedAt: at("2026-03-12T10:00:00+07:00"), dueAt, supplementRequests: 1 })).toBe("on_time");
    // 00:30 on 12/3 in Vietnam is 11/3 in UTC: on the due day, so not early
    expect(classifyResolution({ resolvedAt: at("2026-03-11T17:30:00Z"), dueAt, supplementRequests: 0 })).toBe("on_time");
  });

  it("late: after dueAt", () => {
    // Act / Assert
    expect(classifyResolution({ resolvedAt: at("2026-03-12T10:01:00+07:00"), dueAt, supplementRequests: 0 })).toBe("late");
    expect(classifyResolution({ resolvedAt: at("2026-03-13T08:00:00+07:00"), dueAt, supplementRequests: 0 })).toBe("late");
  });

  it("late: more than one supplement request, even when resolved early", () => {
    // Act
    const result = classifyResolution({ resolvedAt: at("2026-03-10T09:00:00+07:00"), dueAt, supplementRequests: 2 });
    // Assert
    expect(result).toBe("late");
  });

  it("rejects a negative or fractional supplement count", () => {
    // Act / Assert
    expect(() => classifyResolution({ resolvedAt: dueAt, dueAt, supplementRequests: -1 })).toThrowError(
      expect.objectContaining({ code: "calendar.invalid_count" }) as Error,
    );
    expect(() => classifyResolution({ resolvedAt: dueAt, dueAt, supplementRequests: 1.5 })).toThrowError(
      expect.objectContaining({ code: "calendar.invalid_count" }) as Error,
    );
  });
});

describe("workingDaysBetween", () => {
  it("is working minutes / 480 as a decimal", () => {
    // Act: Mon 480 + Tue 480 + Wed 07:00–11:00 240 = 1200 min
    const days = workingDaysBetween(at("2026-03-09T07:00:00+07:00"), at("2026-03-11T11:00:00+07:00"));
    // Assert
    expect(days).toBe(2.5);
  });

  it("skips weekends and holidays: Fri 13/2/2026 13:30 to Mon 23/2 11:30 is one working day", () => {
    // Act
    const days = workingDaysBetween(at("2026-02-13T13:30:00+07:00"), at("2026-02-23T11:30:00+07:00"));
    // Assert
    expect(days).toBe(1);
  });
});

describe("newPromisedDate", () => {
  it("is the due date of the extra working days from now", () => {
    // Act / Assert
    expect(newPromisedDate(at("2026-03-09T14:00:00+07:00"), 2).toISOString()).toBe(
      at("2026-03-11T14:00:00+07:00").toISOString(),
    );
    // From Thu 30/4/2026 (a holiday): starts Mon 4/5 07:00, 1 day → Mon 4/5 17:00
    expect(newPromisedDate(at("2026-04-30T10:00:00+07:00"), 1).toISOString()).toBe(
      at("2026-05-04T17:00:00+07:00").toISOString(),
    );
  });
});
