import { describe, expect, it } from "vitest";
import { offsetFromHeader, parseDateTime, parseMonthNameDateTime } from "./dates";

describe("parseDateTime", () => {
  it.each([
    ["2024-01-03 09:12:44 UTC", 0, "2024-01-03T09:12:44.000Z"],
    ["2024-01-08T14:02:11.204Z", 0, "2024-01-08T14:02:11.204Z"],
    ["2024-01-03 10:11:12.4821", 0, "2024-01-03T10:11:12.482Z"],
    ["2019/05/11 10:27:17", 480, "2019-05-11T02:27:17.000Z"],
    ["24-03-01 00:00:00", 0, "2024-03-01T00:00:00.000Z"],
    ["2024-01-11 22:15:04", 480, "2024-01-11T14:15:04.000Z"],
    ["2024-01-11 22:15:04+02:00", 480, "2024-01-11T20:15:04.000Z"],
    ["2024-02-29", 0, "2024-02-29T00:00:00.000Z"],
  ])("%s (offset %i) → %s", (raw, offset, iso) => {
    expect(parseDateTime(raw, offset)?.toISOString()).toBe(iso);
  });

  it.each(["2024-13-45 25:61:00 UTC", "2023-02-29 00:00:00", "2024-01-01 24:00:00", "yesterday", "", "2024-01-01 10:00:00 CET", "01/02/2024 10:00"])("rejects %j", (raw) => {
    expect(parseDateTime(raw)).toBeNull();
  });
});

describe("offsetFromHeader", () => {
  it.each([
    ["Filled Time(UTC+08:00)", 480],
    ["Time(UTC-05:00)", -300],
    ["Time(UTC)", 0],
    ["Date(UTC)", 0],
    ["Date & Time(UTC+1)", 60],
    ["Filled Time", null],
  ])("%s → %s", (header, want) => {
    expect(offsetFromHeader(header)).toBe(want);
  });
});

describe("parseMonthNameDateTime (Bitstamp legacy)", () => {
  it.each([
    ["Jan. 28, 2022, 12:13 AM", "2022-01-28T00:13:00.000Z"],
    ["Jan. 30, 2022, 11:40 AM", "2022-01-30T11:40:00.000Z"],
    ["Sept. 3, 2021, 9 p.m.", "2021-09-03T21:00:00.000Z"],
    ["March 1, 2021, noon", "2021-03-01T12:00:00.000Z"],
    ["Dec. 31, 2021, 12:00 PM", "2021-12-31T12:00:00.000Z"],
  ])("%s", (raw, iso) => {
    expect(parseMonthNameDateTime(raw)?.toISOString()).toBe(iso);
  });

  it.each(["Foo. 1, 2022, 1:00 AM", "Feb. 30, 2022, 1:00 AM", "Jan. 1, 2022, 13:00 PM", "2022-01-01"])("rejects %j", (raw) => {
    expect(parseMonthNameDateTime(raw)).toBeNull();
  });
});
