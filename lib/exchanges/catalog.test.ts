import { describe, expect, it } from "vitest";
import { EXCHANGE_CATALOG, EXCHANGE_IDS, isExchangeId } from "./catalog";
import { FAILURE_CODES, failureMessage } from "./errors";

describe("exchange catalog", () => {
  it.each(EXCHANGE_IDS)("%s has complete wizard text", (id) => {
    const e = EXCHANGE_CATALOG[id];
    expect(e.id).toBe(id);
    expect(e.steps.length).toBeGreaterThan(1);
    expect(e.tick.length).toBeGreaterThan(0);
    expect(e.leaveOff.length).toBeGreaterThan(0);
    expect(e.keyPageUrl).toMatch(/^https:\/\//);
    expect(e.fields.map((f) => f.name)).toEqual(e.needsPassphrase ? ["apiKey", "secret", "password"] : ["apiKey", "secret"]);
    expect(e.readOnlyCheck.description).not.toBe("");
  });

  it("asks for a passphrase exactly on OKX and KuCoin", () => {
    expect(EXCHANGE_IDS.filter((id) => EXCHANGE_CATALOG[id].needsPassphrase)).toEqual(["okx", "kucoin"]);
  });

  it("uses probes only where no report exists", () => {
    expect(EXCHANGE_IDS.filter((id) => EXCHANGE_CATALOG[id].readOnlyCheck.method === "probe")).toEqual(["kraken", "bitstamp"]);
  });

  it("isExchangeId", () => {
    expect(isExchangeId("kraken")).toBe(true);
    expect(isExchangeId("ftx")).toBe(false);
    expect(isExchangeId(undefined)).toBe(false);
  });

  it.each(FAILURE_CODES.flatMap((code) => EXCHANGE_IDS.map((id) => ({ code, id }))))("$code has a message for $id", ({ code, id }) => {
    const m = failureMessage(code, id);
    expect(m.title).not.toBe("");
    expect(m.message).toContain(EXCHANGE_CATALOG[id].name);
  });
});
