import type { ImportEvent } from "@/lib/uploads/events";

/** Bytes read from the start of a file for detection and preview, cut back to the last line end. */
export async function readFileHead(file: File, bytes = 256 * 1024): Promise<string> {
  const text = await file.slice(0, bytes).text();
  if (file.size <= bytes) return text;
  const cut = Math.max(text.lastIndexOf("\n"), 0);
  return text.slice(0, cut);
}

export interface UploadCallbacks {
  onUploadProgress(sent: number, total: number): void;
  onEvent(event: ImportEvent): void;
}

/**
 * Sends the file as the raw request body with XMLHttpRequest, which (unlike fetch) reports upload
 * progress, and reads the NDJSON events as they arrive.
 */
export function uploadFile(file: File, params: { account: string; mappingId: string | null }, cb: UploadCallbacks): Promise<void> {
  return new Promise((resolve) => {
    const qs = new URLSearchParams({ account: params.account, fileName: file.name });
    if (params.mappingId) qs.set("mappingId", params.mappingId);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/imports?${qs}`);
    xhr.setRequestHeader("content-type", "text/csv");
    let consumed = 0;
    const drain = () => {
      const text = xhr.responseText;
      let nl = text.indexOf("\n", consumed);
      while (nl >= 0) {
        const line = text.slice(consumed, nl).trim();
        consumed = nl + 1;
        if (line) cb.onEvent(JSON.parse(line) as ImportEvent);
        nl = text.indexOf("\n", consumed);
      }
    };
    xhr.upload.onprogress = (e) => cb.onUploadProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onprogress = drain;
    xhr.onload = () => {
      if (xhr.getResponseHeader("content-type")?.includes("ndjson")) drain();
      else {
        let message = `The server refused the upload (HTTP ${xhr.status}).`;
        try {
          const body = JSON.parse(xhr.responseText) as { error?: unknown };
          if (typeof body.error === "string") message = body.error;
        } catch {
          // keep the generic message
        }
        cb.onEvent({ type: "failed", message });
      }
      resolve();
    };
    xhr.onerror = () => {
      cb.onEvent({ type: "failed", message: "The connection to the server was lost during the upload. Nothing was stored; try again." });
      resolve();
    };
    xhr.send(file);
  });
}
