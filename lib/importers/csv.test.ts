import { describe, expect, it } from "vitest";
import { type CsvRecord, CsvSyntaxError, readCsv } from "./csv";

async function records(chunks: (string | Buffer)[]): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of readCsv((async function* () { yield* chunks; })())) out.push(r);
  return out;
}

describe("readCsv", () => {
  it("strips a BOM, accepts CRLF and a missing final newline, keeps true line numbers", async () => {
    const rs = await records(["\uFEFFa,b\r\n1,2\r\n\r\n3,4"]);
    expect(rs).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["1", "2"] },
      { line: 3, cells: [""] },
      { line: 4, cells: ["3", "4"] },
    ]);
  });

  it("numbers a record by the line it starts on when a quoted cell spans lines", async () => {
    const rs = await records(['a,b\n"x\ny",1\n2,3\n']);
    expect(rs.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it("reassembles UTF-8 characters split across chunks and rows split across chunks", async () => {
    const bytes = Buffer.from("name,amount\nWährung,€1\n");
    const oneByteChunks = [...bytes].map((b) => Buffer.from([b]));
    const rs = await records(oneByteChunks);
    expect(rs[1]?.cells).toEqual(["Währung", "€1"]);
  });

  it("tolerates short rows (rotki's 6-field Binance rows) and stray quotes inside cells", async () => {
    const rs = await records(['a,b,c\n1,2\n3,4"x,5\n']);
    expect(rs.map((r) => r.cells)).toEqual([["a", "b", "c"], ["1", "2"], ["3", '4"x', "5"]]);
  });

  it("reports a quote never closed as a syntax error at the line the record starts", async () => {
    await expect(records(['a,b\n1,2\n3,"4\n5,6\n'])).rejects.toEqual(expect.objectContaining({ line: 3 }));
    await expect(records(['a,b\n1,"2\n'])).rejects.toBeInstanceOf(CsvSyntaxError);
  });

  it("starts at the header row found by isHeader, keeping file line numbers", async () => {
    const text = '\nTransactions\nUser,"Jane, Doe",uuid\nID,Timestamp,Asset\n1,2024,BTC\n';
    const out: CsvRecord[] = [];
    for await (const r of readCsv((async function* () { yield text; })(), { isHeader: (cells) => cells[0] === "ID" })) out.push(r);
    expect(out).toEqual([
      { line: 4, cells: ["ID", "Timestamp", "Asset"] },
      { line: 5, cells: ["1", "2024", "BTC"] },
    ]);
    const none: CsvRecord[] = [];
    for await (const r of readCsv((async function* () { yield text; })(), { isHeader: () => false })) none.push(r);
    expect(none.map((r) => r.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it("reports bytes read as chunks arrive", async () => {
    const seen: number[] = [];
    for await (const _ of readCsv((async function* () { yield "a,b\n"; yield Buffer.from("1,€\n"); })(), { onBytes: (b) => seen.push(b) })) void _;
    expect(seen).toEqual([4, 10]);
  });
});
