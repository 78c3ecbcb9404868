import { describe, expect, it } from "vitest";
import { allowedMethods, isValidTimeZone, timeZones } from "./options";

describe("settings options", () => {
  it("offers US lot-order methods but only FIFO elsewhere", () => {
    expect(allowedMethods("US")).toEqual(["FIFO", "LIFO", "HIFO"]);
    expect(allowedMethods("UK")).toEqual(["FIFO"]);
    expect(allowedMethods("DE")).toEqual(["FIFO"]);
  });

  it("validates IANA time zones", () => {
    expect(isValidTimeZone("Europe/London")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(timeZones()).toContain("UTC");
  });
});
