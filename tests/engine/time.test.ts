import { describe, expect, it } from "vitest";
import { addDays, isValidDailyTime, isValidTimeZone, localDateOf, localTimeOf, nextPostingInstant, openDailyDate, parseInstant, periodKeys, postingInstant } from "../../src/engine/time.js";

describe("local dates", () => {
  it("puts one instant on different dates in Asia/Shanghai and UTC", () => {
    const instant = new Date("2026-01-01T16:30:00Z");
    expect(localDateOf(instant, "UTC")).toBe("2026-01-01");
    expect(localDateOf(instant, "Asia/Shanghai")).toBe("2026-01-02");
    expect(localTimeOf(instant, "Asia/Shanghai")).toBe("00:30");
  });

  it("steps over the 23-hour spring-forward day in America/New_York", () => {
    // 2026-03-08 has 23 hours in New York: 24 h after 00:30 on the 8th is already 01:30 on the 9th.
    const start = new Date("2026-03-08T05:30:00Z");
    expect(localDateOf(start, "America/New_York")).toBe("2026-03-08");
    expect(localTimeOf(new Date(start.getTime() + 24 * 3_600_000), "America/New_York")).toBe("01:30");
    expect(addDays("2026-03-08", 1)).toBe("2026-03-09");
  });
});

describe("parseInstant", () => {
  it("reads zone-less times in the given zone and moves a skipped time forward", () => {
    expect(parseInstant("2026-03-08T02:30", "America/New_York")?.toISOString()).toBe("2026-03-08T07:30:00.000Z");
    expect(parseInstant("2026-03-07T02:30", "America/New_York")?.toISOString()).toBe("2026-03-07T07:30:00.000Z");
    expect(parseInstant("2026-01-02T09:00", "Asia/Shanghai")?.toISOString()).toBe("2026-01-02T01:00:00.000Z");
  });

  it("takes explicit offsets as they are and rejects nonsense", () => {
    expect(parseInstant("2026-01-02T09:00Z", "Asia/Shanghai")?.toISOString()).toBe("2026-01-02T09:00:00.000Z");
    expect(parseInstant("tomorrow", "UTC")).toBeUndefined();
  });
});

describe("periodKeys", () => {
  it("uses ISO weeks and months in the chat's zone", () => {
    // Sunday 2026-11-29 23:30 in UTC is already Monday 30 November (week 49) in Shanghai.
    const instant = new Date("2026-11-29T23:30:00Z");
    expect(periodKeys(instant, "UTC")).toEqual({ week: "2026-W48", month: "2026-11" });
    expect(periodKeys(instant, "Asia/Shanghai")).toEqual({ week: "2026-W49", month: "2026-11" });
    expect(periodKeys(new Date("2027-01-01T12:00:00Z"), "UTC")).toEqual({ week: "2026-W53", month: "2027-01" });
  });
});

describe("validation", () => {
  it("knows IANA zones and HH:MM times", () => {
    expect(isValidTimeZone("America/New_York")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(isValidDailyTime("09:00")).toBe(true);
    expect(isValidDailyTime("24:00")).toBe(false);
    expect(isValidDailyTime("9:00")).toBe(false);
  });
});

describe("posting instants", () => {
  it("is the local time on the date in the chat's zone", () => {
    expect(postingInstant("2026-03-02", "09:00", "Asia/Shanghai")).toEqual(new Date("2026-03-02T01:00:00Z"));
    expect(postingInstant("2026-07-01", "09:00", "Europe/London")).toEqual(new Date("2026-07-01T08:00:00Z"));
  });

  it("moves a time skipped by spring-forward to the next valid instant, and takes the first of a repeated time", () => {
    expect(postingInstant("2026-03-08", "02:30", "America/New_York")).toEqual(new Date("2026-03-08T07:00:00Z")); // 03:00 EDT
    expect(postingInstant("2026-03-08", "02:00", "America/New_York")).toEqual(new Date("2026-03-08T07:00:00Z"));
    expect(postingInstant("2026-11-01", "01:30", "America/New_York")).toEqual(new Date("2026-11-01T05:30:00Z")); // 01:30 EDT, not EST
  });

  it("finds the next posting instant at or after a moment", () => {
    expect(nextPostingInstant(new Date("2026-03-02T00:59:00Z"), "09:00", "Asia/Shanghai")).toEqual(new Date("2026-03-02T01:00:00Z"));
    expect(nextPostingInstant(new Date("2026-03-02T01:00:00Z"), "09:00", "Asia/Shanghai")).toEqual(new Date("2026-03-02T01:00:00Z"));
    expect(nextPostingInstant(new Date("2026-03-02T01:00:01Z"), "09:00", "Asia/Shanghai")).toEqual(new Date("2026-03-03T01:00:00Z"));
  });

  it("keeps yesterday's daily open until today's posting instant, also on DST days", () => {
    expect(openDailyDate(new Date("2026-03-08T06:59:00Z"), "America/New_York", "02:30")).toBe("2026-03-07");
    expect(openDailyDate(new Date("2026-03-08T07:00:00Z"), "America/New_York", "02:30")).toBe("2026-03-08");
    // The second 01:15 of fall-back day comes after the 01:30 post.
    expect(openDailyDate(new Date("2026-11-01T06:15:00Z"), "America/New_York", "01:30")).toBe("2026-11-01");
  });
});
