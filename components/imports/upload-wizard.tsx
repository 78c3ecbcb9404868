"use client";

import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { previewImportAction, saveColumnMappingAction, type PreviewResult } from "@/app/(app)/imports/actions";
import type { ImportSummaryDto } from "@/lib/uploads/events";
import type { RowIssue } from "@/lib/ledger/types";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { readFileHead, uploadFile } from "./upload-client";
import { describeBinary, notCsvMessage } from "@/lib/uploads/binary";
import { RowIssues } from "./row-issues";
import { ColumnMapper } from "./column-mapper";
import { ImportSummaryView } from "./import-summary";
import { PreviewTable } from "./preview-table";
import { ProgressBar } from "./progress-bar";

type Stage =
  | { name: "pick"; error?: string }
  | { name: "preview"; file: File; head: string; preview: PreviewResult }
  | { name: "importing"; file: File; label: string; fraction: number | null }
  | { name: "done"; summary: ImportSummaryDto }
  | { name: "rejected"; file: File; errors: RowIssue[]; total: number; format?: { name: string } }
  | { name: "failed"; message: string };

const NEW_ACCOUNT = "__new__";
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function UploadWizard({ wallets: savedWallets, maxBytes }: { wallets: string[]; maxBytes: number }) {
  const router = useRouter();
  // Accounts created by imports in this visit count at once, before the page's refreshed list arrives.
  const [created, setCreated] = useState<string[]>([]);
  const wallets = [...new Set([...savedWallets, ...created])].sort((a, b) => a.localeCompare(b));
  const [stage, setStage] = useState<Stage>({ name: "pick" });
  const [accountChoice, setAccountChoice] = useState<string>(NEW_ACCOUNT);
  const [newAccount, setNewAccount] = useState("");
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const account = accountChoice === NEW_ACCOUNT ? newAccount.trim() : accountChoice;

  async function choose(file: File) {
    if (file.size > maxBytes) return setStage({ name: "pick", error: `${file.name} is ${mb(file.size)}, over the ${mb(maxBytes)} upload limit. Split it by date range.` });
    const binary = describeBinary(new Uint8Array(await file.slice(0, 4096).arrayBuffer()));
    if (binary) return setStage({ name: "pick", error: `${file.name}: ${notCsvMessage(binary)}` });
    const head = await readFileHead(file);
    const preview = await previewImportAction({ head });
    if (preview.status === "ok") {
      const suggested = preview.format.exchange;
      const existing = wallets.find((w) => w.toLowerCase() === suggested.toLowerCase());
      setAccountChoice(existing ?? NEW_ACCOUNT);
      if (!existing) setNewAccount(suggested);
    }
    setStage({ name: "preview", file, head, preview });
  }

  async function saveMapping(file: File, head: string, headers: string[], name: string, mapping: Record<string, string>) {
    const saved = await saveColumnMappingAction({ name, headers, mapping });
    if (!saved.ok) return saved.error;
    const preview = await previewImportAction({ head, mappingId: saved.id });
    if (preview.status === "ok") {
      setAccountChoice(NEW_ACCOUNT);
      setNewAccount(name);
    }
    setStage({ name: "preview", file, head, preview });
    return null;
  }

  async function runImport(file: File, mappingId: string | null) {
    setStage({ name: "importing", file, label: "Uploading…", fraction: 0 });
    await uploadFile(file, { account, mappingId }, {
      onUploadProgress: (sent, total) => setStage((s) => (s.name === "importing" && s.label.startsWith("Upload") ? { ...s, label: `Uploading… ${mb(sent)} of ${mb(total)}`, fraction: total ? sent / total : null } : s)),
      onEvent: (event) => {
        if (event.type === "progress" && event.phase === "parsing") setStage({ name: "importing", file, label: `Reading rows… ${event.rows.toLocaleString("en-US")} so far`, fraction: file.size ? event.bytes / file.size : null });
        else if (event.type === "progress") setStage({ name: "importing", file, label: `Saving ${event.rows.toLocaleString("en-US")} transactions…`, fraction: null });
        else if (event.type === "done") {
          setStage({ name: "done", summary: event.summary });
          if (account) setCreated((c) => (c.includes(account) ? c : [...c, account]));
          router.refresh();
        } else if (event.type === "rejected") setStage({ name: "rejected", file, errors: event.errors, total: event.totalErrors, format: event.format });
        else setStage({ name: "failed", message: event.message });
      },
    });
  }

  const reset = () => setStage({ name: "pick" });

  if (stage.name === "pick") {
    return (
      <div className="space-y-3">
        {stage.error && <Alert tone="error">{stage.error}</Alert>}
        <div
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            const file = e.dataTransfer.files[0];
            if (file) void choose(file);
          }}
          className={`flex flex-col items-center justify-center rounded-xl border-2 border-dashed px-6 py-10 text-center transition ${dragging ? "border-brand-500 bg-brand-50" : "border-slate-300 bg-white"}`}
        >
          <p className="text-sm font-medium text-slate-800">Drop a CSV export here</p>
          <p className="mt-1 text-xs text-slate-500">or</p>
          <label className="mt-2 cursor-pointer rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700 focus-within:outline-2 focus-within:outline-brand-500">
            Choose a file
            <input
              ref={inputRef}
              type="file"
              accept=".csv,text/csv"
              className="sr-only"
              aria-label="CSV file"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void choose(file);
                e.target.value = "";
              }}
            />
          </label>
          <p className="mt-3 text-xs text-slate-500">Up to {mb(maxBytes)}. Nothing is stored until you confirm.</p>
        </div>
      </div>
    );
  }

  if (stage.name === "preview") {
    const { preview, file, head } = stage;
    if (preview.status === "unknown-format") {
      return (
        <div className="space-y-4">
          <FileLine file={file} onReset={reset} />
          <ColumnMapper headers={preview.headers} message={preview.message} onSave={(name, mapping) => saveMapping(file, head, preview.headers, name, mapping)} />
        </div>
      );
    }
    if (preview.status === "invalid") {
      return (
        <div className="space-y-4">
          <FileLine file={file} onReset={reset} />
          <Alert tone="error">{preview.message}</Alert>
          {preview.issues.length > 0 && <RowIssues issues={preview.issues} />}
        </div>
      );
    }
    return (
      <div className="space-y-5">
        <FileLine file={file} onReset={reset} />
        <p className="text-sm text-slate-700">
          Detected format: <strong data-testid="detected-format">{preview.format.name}</strong>
        </p>
        {preview.issues.length > 0 && (
          <div className="space-y-2">
            <Alert tone="warning">The first rows already have problems. The import will list every bad row and store nothing until they are fixed.</Alert>
            <RowIssues issues={preview.issues} />
          </div>
        )}
        {preview.rows.length > 0 && <PreviewTable rows={preview.rows} />}
        <div className="flex flex-wrap items-end gap-3">
          <label className="block text-sm">
            <span className="font-medium text-slate-700">Account</span>
            <select aria-label="Account" className="mt-1 block rounded-md bg-white px-3 py-2 text-sm ring-1 ring-slate-300" value={accountChoice} onChange={(e) => setAccountChoice(e.target.value)}>
              {wallets.map((w) => (
                <option key={w} value={w}>
                  {w}
                </option>
              ))}
              <option value={NEW_ACCOUNT}>New account…</option>
            </select>
          </label>
          {accountChoice === NEW_ACCOUNT && (
            <label className="block text-sm">
              <span className="font-medium text-slate-700">New account name</span>
              <input aria-label="New account name" className="mt-1 block rounded-md px-3 py-2 text-sm ring-1 ring-slate-300" value={newAccount} maxLength={64} onChange={(e) => setNewAccount(e.target.value)} />
            </label>
          )}
          <Button type="button" disabled={!account} onClick={() => void runImport(file, preview.mappingId)}>
            Import {file.name}
          </Button>
        </div>
      </div>
    );
  }

  if (stage.name === "importing") {
    return (
      <div className="space-y-3" aria-live="polite">
        <p className="text-sm font-medium text-slate-800">{stage.file.name}</p>
        <ProgressBar fraction={stage.fraction} label={stage.label} />
      </div>
    );
  }

  if (stage.name === "done") {
    return (
      <div className="space-y-4">
        <ImportSummaryView summary={stage.summary} />
        <Button type="button" variant="secondary" onClick={reset}>
          Import another file
        </Button>
      </div>
    );
  }

  if (stage.name === "rejected") {
    return (
      <div className="space-y-4">
        <Alert tone="error">
          <p className="font-medium">
            {stage.file.name} was not imported: {stage.total} {stage.total === 1 ? "problem" : "problems"}
            {stage.format ? ` in this ${stage.format.name} file` : ""}. Nothing from this file was stored.
          </p>
        </Alert>
        <RowIssues issues={stage.errors} total={stage.total} />
        <Button type="button" variant="secondary" onClick={reset}>
          Upload a corrected file
        </Button>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <Alert tone="error">{stage.message}</Alert>
      <Button type="button" variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}

function FileLine({ file, onReset }: { file: File; onReset(): void }) {
  return (
    <div className="flex items-center justify-between gap-3 rounded-lg bg-slate-50 px-3 py-2 text-sm ring-1 ring-slate-200">
      <span className="truncate font-medium text-slate-800">
        {file.name} <span className="font-normal text-slate-500">({mb(file.size)})</span>
      </span>
      <button type="button" className="text-sm font-medium text-brand-600 hover:underline" onClick={onReset}>
        Choose another file
      </button>
    </div>
  );
}
