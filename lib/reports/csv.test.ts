import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { csvCell, csvRow, CsvWriter, neutralise, toCsv } from "./csv";

describe("csv formula-injection neutralisation", () => {
  it.each([
    { name: "formula", cell: "=SUM(A1:A9)", out: "'=SUM(A1:A9)" },
    { name: "plus", cell: "+1+cmd|' /C calc'!A0", out: "'+1+cmd|' /C calc'!A0" },
    { name: "minus text", cell: "-2+3", out: "'-2+3" },
    { name: "at", cell: "@SUM(1)", out: "'@SUM(1)" },
    { name: "tab", cell: "\t=1", out: "'\t=1" },
    { name: "CR (quoted too)", cell: "\r=1", out: "\"'\r=1\"" },
    { name: "HYPERLINK with comma and quotes", cell: '=HYPERLINK("http://x","y")', out: '"\'=HYPERLINK(""http://x"",""y"")"' },
    { name: "negative number text stays a number", cell: "-120.50", out: "-120.50" },
    { name: "integer text", cell: "42", out: "42" },
    { name: "exponent is not plain: escaped", cell: "-1e5", out: "'-1e5" },
    { name: "plain text", cell: "0.5 BTC", out: "0.5 BTC" },
    { name: "formula char later is fine", cell: "BTC=1", out: "BTC=1" },
    { name: "lone minus", cell: "-", out: "'-" },
  ])("$name", ({ cell, out }) => {
    expect(csvCell(cell)).toBe(out);
  });

  it("keeps Decimal and number cells bare, negative included", () => {
    expect(csvCell(new Decimal("-120.5"))).toBe("-120.5");
    expect(csvCell(new Decimal("1e-9"))).toBe("0.000000001");
    expect(csvCell(new Decimal("-0"))).toBe("0");
    expect(csvCell(-3)).toBe("-3");
    expect(() => csvCell(Number.NaN)).toThrow(RangeError);
  });

  it("writes empty, boolean and null cells", () => {
    expect(csvRow([null, undefined, "", true, false])).toBe(",,,true,false");
  });

  it("neutralise leaves numeric text alone", () => {
    expect(neutralise("-0.01")).toBe("-0.01");
    expect(neutralise("@x")).toBe("'@x");
  });
});

describe("csv RFC 4180", () => {
  it("quotes commas, quotes and line breaks", () => {
    expect(csvRow(["a,b", 'say "hi"', "two\nlines", "plain"])).toBe('"a,b","say ""hi""","two\nlines",plain');
  });

  it("ends every line with CRLF by default, LF on request", () => {
    expect(toCsv(["A", "B"], [["1", "x"]])).toBe("A,B\r\n1,x\r\n");
    expect(toCsv(["A", "B"], [["1", "x"]], { eol: "\n" })).toBe("A,B\n1,x\n");
  });

  it("writes comment lines raw, so comment-aware readers skip them", () => {
    const w = new CsvWriter({ eol: "\n" });
    w.comment("meta | a");
    w.comment('x, "y"\nz');
    expect(w.toString()).toBe("# meta | a\n# x, 'y' z\n");
  });
});
