import { describe, expect, it } from "vitest";
import { dbFailureKind, importFailureMessage, type DbFailureKind } from "./errors";

/** Errors in the shapes they reach lib/db callers (captured from Prisma 6.19 + @prisma/adapter-pg and pg 8). */
const prismaError = (code: string, message: string, meta?: object) => Object.assign(new Error(message), { name: "PrismaClientKnownRequestError", code, meta, clientVersion: "6.19.3" });
const adapterCause = (cause: object) => ({ driverAdapterError: Object.assign(new Error(String((cause as { message?: string }).message ?? "")), { name: "DriverAdapterError", cause }) });
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: "FATAL" });
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: "connect", errno: -111 });

describe("dbFailureKind", () => {
  it.each<{ name: string; error: unknown; kind: DbFailureKind }>([
    {
      name: "Postgres fast shutdown inside a raw query (P2010 with the adapter's 57P01)",
      error: prismaError("P2010", "Raw query failed. Code: `57P01`. Message: `terminating connection due to administrator command`", adapterCause({ originalCode: "57P01", kind: "postgres", code: "57P01", severity: "FATAL", message: "terminating connection due to administrator command" })),
      kind: "unavailable",
    },
    { name: "P2010 known only by its message", error: prismaError("P2010", "Raw query failed. Code: `57P02`. Message: `terminating connection because of crash of another server process`"), kind: "unavailable" },
    { name: "server not reachable (P1001)", error: prismaError("P1001", "Can't reach database server at `127.0.0.1:5432`"), kind: "unavailable" },
    { name: "connection closed by the server (P1017)", error: prismaError("P1017", "Server has closed the connection."), kind: "unavailable" },
    { name: "adapter kind ConnectionClosed", error: { cause: { kind: "ConnectionClosed" } }, kind: "unavailable" },
    { name: "raw pg: the database system is starting up (57P03)", error: pgError("57P03", "the database system is starting up"), kind: "unavailable" },
    { name: "raw pg: connection failure class 08", error: pgError("08006", "connection failure"), kind: "unavailable" },
    { name: "socket refused", error: socketError("ECONNREFUSED"), kind: "unavailable" },
    { name: "socket reset", error: socketError("ECONNRESET"), kind: "unavailable" },
    { name: "pg's plain Error when the socket closes", error: new Error("Connection terminated unexpectedly"), kind: "unavailable" },
    { name: "pool wait timed out (P2024)", error: prismaError("P2024", "Timed out fetching a new connection from the connection pool."), kind: "timeout" },
    { name: "interactive transaction expired (P2028)", error: prismaError("P2028", "Transaction API error: Transaction already closed: A commit cannot be executed on an expired transaction."), kind: "timeout" },
    { name: "statement_timeout (57014)", error: pgError("57014", "canceling statement due to statement timeout"), kind: "timeout" },
    { name: "write conflict (P2034)", error: prismaError("P2034", "Transaction failed due to a write conflict or a deadlock. Please retry your transaction"), kind: "conflict" },
    { name: "deadlock (40P01)", error: pgError("40P01", "deadlock detected"), kind: "conflict" },
    { name: "numeric overflow (adapter ValueOutOfRange)", error: prismaError("P2020", "Value out of range for the type."), kind: "out-of-range" },
    { name: "unique violation is not a database outage", error: prismaError("P2002", "Unique constraint failed on the fields: (`email`)"), kind: "unknown" },
    { name: "a bug in our code", error: new TypeError("Cannot read properties of undefined (reading 'id')"), kind: "unknown" },
    { name: "not an Error at all", error: "boom", kind: "unknown" },
    { name: "nothing", error: undefined, kind: "unknown" },
  ])("$name → $kind", ({ error, kind }) => {
    expect(dbFailureKind(error)).toBe(kind);
  });

  it("survives cyclic causes", () => {
    const a: { cause?: unknown; message: string } = { message: "a" };
    a.cause = { cause: a, message: "b" };
    expect(dbFailureKind(a)).toBe("unknown");
  });
});

describe("importFailureMessage", () => {
  it("names the cause, says nothing was stored, and never echoes the raw error", () => {
    const raw = prismaError("P2010", "Raw query failed. Code: `57P01`. Message: `terminating connection due to administrator command`");
    const message = importFailureMessage(raw);
    expect(message).toBe(
      "The database stopped answering while this file was being saved (it may be restarting or unreachable), so nothing from this file was stored. Upload it again once Lotwise is back; if this keeps happening, check that the database is running.",
    );
    for (const e of [raw, prismaError("P2024", "x"), prismaError("P2034", "x"), prismaError("P2020", "x"), new Error("secret-ish detail")]) {
      const m = importFailureMessage(e);
      expect(m).toMatch(/nothing from this file was stored/);
      expect(m).not.toMatch(/P\d{4}|57P01|terminating|secret-ish|Raw query/);
    }
  });
});
