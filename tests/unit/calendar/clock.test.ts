import { describe, expect, it } from "vitest";
import {
  addWorkingTime,
  computeDueAt,
  resumeClock,
  workingMinutesBetween,
} from "../../../functions/core/calendar";

const at = (iso: string) => new Date(iso);
const workingDays = (receivedAt: string, processingDays: number) =>
  computeDueAt({ receivedAt: at(receivedAt), processingDays, unit: "working_days" }).toISOString();
const calendarDays = (receivedAt: string, processingDays: number) =>
  computeDueAt({ receivedAt: at(receivedAt), processingDays, unit: "calendar_days" }).toISOString();

describe("computeDueAt, working days", () => {
  it("received at 10:00 with 1 day is due at 10:00 the next working day", () => {
    // Act
    const due = workingDays("2026-03-10T10:00:00+07:00", 1);
    // Assert
    expect(due).toBe(at("2026-03-11T10:00:00+07:00").toISOString());
  });

  it("received Friday 16:50 with 1 day is due Monday 16:50 (10 min Friday + 470 min Monday around lunch)", () => {
    // Act
    const due = workingDays("2026-03-06T16:50:00+07:00", 1);
    // Assert
    expect(due).toBe(at("2026-03-09T16:50:00+07:00").toISOString());
  });

  it("received Friday 17:10 with 1 day starts Monday 07:00 and is due Monday 17:00, not Tuesday 07:00", () => {
    // Act
    const due = workingDays("2026-03-06T17:10:00+07:00", 1);
    // Assert
    expect(due).toBe(at("2026-03-09T17:00:00+07:00").toISOString());
  });

  it("received on a Saturday or at 06:30 starts at the next working morning", () => {
    // Act / Assert
    expect(workingDays("2026-03-07T09:00:00+07:00", 1)).toBe(at("2026-03-09T17:00:00+07:00").toISOString());
    expect(workingDays("2026-03-09T06:30:00+07:00", 1)).toBe(at("2026-03-09T17:00:00+07:00").toISOString());
  });

  it("received at lunch starts at 13:30", () => {
    // Act
    const due = workingDays("2026-03-09T12:00:00+07:00", 1);
    // Assert: 13:30–17:00 = 210 min, then 270 min on Tuesday from 07:00 = 11:30 (end of the morning, not 13:30)
    expect(due).toBe(at("2026-03-10T11:30:00+07:00").toISOString());
  });

  it("0 days is the end of the receipt working day (or of the next one after hours)", () => {
    // Act / Assert
    expect(workingDays("2026-03-10T10:00:00+07:00", 0)).toBe(at("2026-03-10T17:00:00+07:00").toISOString());
    expect(workingDays("2026-03-06T17:10:00+07:00", 0)).toBe(at("2026-03-09T17:00:00+07:00").toISOString());
  });

  it("Tết 2026: received the working day before the block (Fri 13/2, 10:00) with 3 days is due Wed 25/2 10:00", () => {
    // Act: 300 min on 13/2, the block 14–22/2 skipped, 480 on 23/2 and 24/2, 180 on 25/2
    const due = workingDays("2026-02-13T10:00:00+07:00", 3);
    // Assert
    expect(due).toBe(at("2026-02-25T10:00:00+07:00").toISOString());
  });

  it("Tết 2027: received Thu 4/2/2027 10:00 with 3 days is due Tue 16/2 10:00 (5/2–11/2 off, Fri 12/2 works)", () => {
    // Act
    const due = workingDays("2027-02-04T10:00:00+07:00", 3);
    // Assert
    expect(due).toBe(at("2027-02-16T10:00:00+07:00").toISOString());
  });

  it("30/4–1/5 2025: received Tue 29/4 14:00 with 2 days skips 30/4–4/5 and is due Tue 6/5 14:00", () => {
    // Act
    const due = workingDays("2025-04-29T14:00:00+07:00", 2);
    // Assert
    expect(due).toBe(at("2025-05-06T14:00:00+07:00").toISOString());
  });

  it("counts the make-up Saturday 26/4/2025: received Fri 25/4 16:00 with 1 day is due Sat 26/4 16:00", () => {
    // Act
    const due = workingDays("2025-04-25T16:00:00+07:00", 1);
    // Assert
    expect(due).toBe(at("2025-04-26T16:00:00+07:00").toISOString());
  });

  it("Hùng Kings' compensation and 30/4–1/5 2026: received Fri 24/4 09:00 with 3 days is due Mon 4/5 09:00", () => {
    // Act: 360 Fri; 25–27/4 off; 480 Tue 28; 480 Wed 29; 30/4–3/5 off; 120 on Mon 4/5
    const due = workingDays("2026-04-24T09:00:00+07:00", 3);
    // Assert
    expect(due).toBe(at("2026-05-04T09:00:00+07:00").toISOString());
  });

  it("National Day 2026: received Fri 21/8 10:00 with 3 days counts the make-up Saturday 22/8 and is due Tue 25/8 10:00", () => {
    // Act: 300 Fri; 480 Sat 22/8 (worked in place of Mon 31/8); 480 Mon 24; 180 on Tue 25 — without the make-up day,
    // Wed 26/8 10:00
    const due = workingDays("2026-08-21T10:00:00+07:00", 3);
    // Assert
    expect(due).toBe(at("2026-08-25T10:00:00+07:00").toISOString());
    // received on the swapped Monday 31/8, the clock starts on Thursday 3/9 07:00
    expect(workingDays("2026-08-31T10:00:00+07:00", 1)).toBe(at("2026-09-03T17:00:00+07:00").toISOString());
  });

  it("2/9 and its adjacent day: 2025 (1/9), 2026 (1/9), 2027 (3/9)", () => {
    // Act / Assert
    expect(workingDays("2025-08-29T15:00:00+07:00", 1)).toBe(at("2025-09-03T15:00:00+07:00").toISOString());
    expect(workingDays("2026-08-28T10:00:00+07:00", 1)).toBe(at("2026-09-03T10:00:00+07:00").toISOString());
    expect(workingDays("2027-09-01T10:00:00+07:00", 1)).toBe(at("2027-09-06T10:00:00+07:00").toISOString());
  });

  it("a computed year: received Thu 31/1/2030 10:00 with 1 day is due after Tết and its compensation, Fri 8/2", () => {
    // Act
    const due = workingDays("2030-01-31T10:00:00+07:00", 1);
    // Assert
    expect(due).toBe(at("2030-02-08T10:00:00+07:00").toISOString());
  });

  it("uses configured office hours", () => {
    // Arrange
    const officeHours = [
      { start: "08:00", end: "12:00" },
      { start: "13:00", end: "17:00" },
    ];
    const receivedAt = at("2026-03-09T07:30:00+07:00");
    // Act
    const custom = computeDueAt({ receivedAt, processingDays: 1, unit: "working_days" }, { officeHours });
    const standard = computeDueAt({ receivedAt, processingDays: 1, unit: "working_days" });
    // Assert
    expect(custom.toISOString()).toBe(at("2026-03-09T17:00:00+07:00").toISOString());
    expect(standard.toISOString()).toBe(at("2026-03-10T07:30:00+07:00").toISOString());
  });

  it("rejects a negative processing time and bad office hours", () => {
    // Act / Assert
    expect(() => workingDays("2026-03-10T10:00:00+07:00", -1)).toThrowError(
      expect.objectContaining({ code: "calendar.invalid_duration", kind: "malformed" }) as Error,
    );
    expect(() =>
      addWorkingTime(at("2026-03-10T10:00:00+07:00"), 60, { officeHours: [{ start: "13:00", end: "12:00" }] }),
    ).toThrowError(expect.objectContaining({ code: "calendar.invalid_office_hours" }) as Error);
  });
});

describe("computeDueAt, calendar days", () => {
  it("an end on a Sunday rolls to Monday at 17:00", () => {
    // Act: Wed 4/3 + 4 = Sun 8/3
    const due = calendarDays("2026-03-04T10:00:00+07:00", 4);
    // Assert
    expect(due).toBe(at("2026-03-09T17:00:00+07:00").toISOString());
  });

  it("an end on a working day stays on it, holidays inside the span are counted", () => {
    // Act / Assert
    expect(calendarDays("2026-03-04T10:00:00+07:00", 6)).toBe(at("2026-03-10T17:00:00+07:00").toISOString());
    // Tue 10/2 + 5 = Sun 15/2, inside the Tết block: rolls to Mon 23/2
    expect(calendarDays("2026-02-10T10:00:00+07:00", 5)).toBe(at("2026-02-23T17:00:00+07:00").toISOString());
  });

  it("counts from the next working morning when received after hours", () => {
    // Act: received Fri 6/3 17:10 → receipt date Mon 9/3; + 2 = Wed 11/3
    const due = calendarDays("2026-03-06T17:10:00+07:00", 2);
    // Assert
    expect(due).toBe(at("2026-03-11T17:00:00+07:00").toISOString());
  });
});

describe("addWorkingTime and workingMinutesBetween", () => {
  it("ends at 11:30 rather than 13:30 when the morning is used up exactly", () => {
    // Act / Assert
    expect(addWorkingTime(at("2026-03-09T09:00:00+07:00"), 150).toISOString()).toBe(
      at("2026-03-09T11:30:00+07:00").toISOString(),
    );
    expect(addWorkingTime(at("2026-03-09T12:00:00+07:00"), 60).toISOString()).toBe(
      at("2026-03-09T14:30:00+07:00").toISOString(),
    );
  });

  it("counts only office hours on working days, signed", () => {
    // Act / Assert: Fri 13:30–17:00 (210) + Mon 07:00–11:30 (270)
    expect(workingMinutesBetween(at("2026-03-06T13:30:00+07:00"), at("2026-03-09T11:30:00+07:00"))).toBe(480);
    expect(workingMinutesBetween(at("2026-03-09T11:30:00+07:00"), at("2026-03-06T13:30:00+07:00"))).toBe(-480);
    expect(workingMinutesBetween(at("2026-03-09T11:45:00+07:00"), at("2026-03-09T13:15:00+07:00"))).toBe(0);
  });
});

describe("resumeClock", () => {
  // Received Wed 11/3/2026 10:00 with 3 days: 300 Wed + 480 Thu + 480 Fri + 180 Mon → due Mon 16/3 10:00
  const receivedAt = at("2026-03-11T10:00:00+07:00");
  const dueAt = computeDueAt({ receivedAt, processingDays: 3, unit: "working_days" });
  // Paused on day 2 (Thu 12/3 15:00), over the weekend and 2 days, resumed Tue 17/3 08:00
  const pausedAt = at("2026-03-12T15:00:00+07:00");
  const resumedAt = at("2026-03-17T08:00:00+07:00");

  it("pause: the 780 working minutes left at the pause run again from the resumption", () => {
    // Arrange
    expect(dueAt.toISOString()).toBe(at("2026-03-16T10:00:00+07:00").toISOString());
    expect(workingMinutesBetween(pausedAt, dueAt)).toBe(780); // 120 Thu + 480 Fri + 180 Mon
    // Act: Tue 08:00–17:00 = 420, Wed 07:00–11:30 = 270, then 90 from 13:30
    const resumed = resumeClock({ dueAt, pausedAt, resumedAt, mode: "pause", processingDays: 3, unit: "working_days" });
    // Assert
    expect(resumed.toISOString()).toBe(at("2026-03-18T15:00:00+07:00").toISOString());
  });

  it("pause after the due time leaves nothing: due at the resumption (moved to office hours)", () => {
    // Act
    const resumed = resumeClock({
      dueAt,
      pausedAt: at("2026-03-16T15:00:00+07:00"),
      resumedAt: at("2026-03-21T09:00:00+07:00"), // a Saturday
      mode: "pause",
      processingDays: 3,
      unit: "working_days",
    });
    // Assert
    expect(resumed.toISOString()).toBe(at("2026-03-23T07:00:00+07:00").toISOString());
  });

  it("restart: the full 3 days from the resumption", () => {
    // Act: Tue 420, Wed 480, Thu 480, then 60 on Fri from 07:00
    const resumed = resumeClock({ dueAt, pausedAt, resumedAt, mode: "restart", processingDays: 3, unit: "working_days" });
    // Assert
    expect(resumed.toISOString()).toBe(at("2026-03-20T08:00:00+07:00").toISOString());
  });

  it("pause with calendar days: the calendar days left run again, rolled to a working day", () => {
    // Arrange: due Fri 20/3 17:00, paused Mon 16/3 (4 days left), resumed Wed 25/3
    const calendarDue = at("2026-03-20T17:00:00+07:00");
    // Act: Wed 25/3 + 4 = Sun 29/3 → Mon 30/3
    const resumed = resumeClock({
      dueAt: calendarDue,
      pausedAt: at("2026-03-16T10:00:00+07:00"),
      resumedAt: at("2026-03-25T09:00:00+07:00"),
      mode: "pause",
      processingDays: 10,
      unit: "calendar_days",
    });
    // Assert
    expect(resumed.toISOString()).toBe(at("2026-03-30T17:00:00+07:00").toISOString());
  });

  it("rejects a resumption before the pause", () => {
    // Act / Assert
    expect(() =>
      resumeClock({ dueAt, pausedAt: resumedAt, resumedAt: pausedAt, mode: "pause", processingDays: 3, unit: "working_days" }),
    ).toThrowError(expect.objectContaining({ code: "calendar.resume_before_pause", kind: "rule" }) as Error);
  });
});
