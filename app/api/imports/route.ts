import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { z } from "zod";
import { getCurrentUser } from "@/lib/auth/session";
import { parseLedgerStream, SUPPORTED_FORMATS } from "@/lib/importers";
import { commitImport } from "@/lib/db/imports";
import { findColumnMapping } from "@/lib/db/column-mappings";
import { guardUpload, maxUploadBytes, tooLargeMessage, UploadRejected } from "@/lib/uploads/guard";
import { MAX_ERRORS_SHOWN, type ImportEvent } from "@/lib/uploads/events";
import { log } from "@/lib/log";
import { importFailureMessage } from "@/lib/db/errors";
import { enqueueRecompute, enqueueWarmPrices } from "@/lib/jobs/queue";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Query = z.object({
  account: z.string().trim().min(1, "Pick or name an account").max(64),
  fileName: z.string().trim().min(1).max(255),
  mappingId: z.string().max(64).optional(),
});

const json = (status: number, body: unknown) => Response.json(body, { status, headers: { "cache-control": "no-store" } });

/**
 * Receives one CSV as the raw request body and streams NDJSON progress back: the file is parsed as
 * it arrives (never held as one string), then stored in one database transaction, or not at all.
 */
export async function POST(request: Request) {
  const user = await getCurrentUser();
  if (!user) return json(401, { error: "Sign in to import files." });
  const query = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return json(400, { error: z.flattenError(query.error).fieldErrors });
  const limit = maxUploadBytes();
  const declared = Number.parseInt(request.headers.get("content-length") ?? "", 10);
  if (Number.isFinite(declared) && declared > limit) return json(413, { error: tooLargeMessage(limit) });
  if (!request.body) return json(400, { error: "No file was sent." });

  const { account, fileName, mappingId } = query.data;
  const mapping = mappingId ? await findColumnMapping(user.id, mappingId) : null;
  if (mappingId && !mapping) return json(404, { error: "That column mapping no longer exists." });
  const body = request.body;
  const encoder = new TextEncoder();

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: ImportEvent) => controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      let lastSent = 0;
      try {
        const outcome = await parseLedgerStream(guardUpload(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), { maxBytes: limit }), {
          account,
          mapping: mapping?.mapping,
          onProgress: ({ bytes, rows }) => {
            const now = Date.now();
            if (now - lastSent < 150) return;
            lastSent = now;
            send({ type: "progress", phase: "parsing", bytes, rows });
          },
        });
        if (!outcome.ok) {
          send({ type: "rejected", format: outcome.format, headers: outcome.headers, errors: outcome.errors.slice(0, MAX_ERRORS_SHOWN), totalErrors: outcome.errors.length });
          return;
        }
        send({ type: "progress", phase: "saving", rows: outcome.entries.length });
        const exchange = SUPPORTED_FORMATS.find((f) => f.id === outcome.format.id)?.exchange ?? null;
        const summary = await commitImport(user.id, {
          walletName: account,
          exchange,
          fileName,
          format: outcome.format.id,
          rowsRead: outcome.rowsRead,
          skippedRows: outcome.skipped.length,
          entries: outcome.entries,
        });
        send({ type: "done", summary: { ...summary, formatName: outcome.format.name, account } });
        // New rows may need market prices; the worker fetches them off the request path.
        if (summary.created > 0) {
          // The rows are stored and the user told so: a queue hiccup now must not turn that into a failure.
          try {
            await enqueueWarmPrices(user.id);
            await enqueueRecompute(user.id);
          } catch (e) {
            log.warn({ err: e }, "could not queue the price warm-up and recompute after an import");
          }
        }
      } catch (e) {
        if (e instanceof UploadRejected) {
          send({ type: "failed", message: e.message });
        } else {
          log.error({ err: e, userId: user.id }, "import failed");
          send({ type: "failed", message: importFailureMessage(e) });
        }
      } finally {
        controller.close();
      }
    },
  });
  return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" } });
}
