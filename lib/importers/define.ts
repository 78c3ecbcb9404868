import { type ColumnDef, type ColumnSpec, Columns } from "./header";
import type { ImportContext, Importer, RowHandler } from "./types";

export interface ImporterDef<K extends string> {
  id: string;
  name: string;
  exchange: string;
  /** Columns that identify the export; all must be present. Keep it to names unique to it. */
  signature: readonly ColumnSpec[];
  /** Columns the parser reads; a missing non-optional one refuses the file, naming it. */
  columns: Record<K, ColumnDef>;
  open(cols: Columns<K>, ctx: ImportContext): RowHandler;
}

/** One export version = one importer: detected by its header set, parsed row by row. */
export function defineImporter<K extends string>(def: ImporterDef<K>): Importer {
  return {
    id: def.id,
    name: def.name,
    exchange: def.exchange,
    detect: (header) => def.signature.every((spec) => header.has(spec)),
    missing: (header) => Columns.missing(header, def.columns),
    open: (header, ctx) => def.open(new Columns(header, def.columns), ctx),
  };
}
