"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import type { ExchangeCatalogEntry } from "@/lib/exchanges/catalog";
import { connectExchangeAction, type VerifyResultDto } from "@/app/(app)/connections/actions";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { VerifyFailure } from "./verify-failure";

type Step = "pick" | "instructions" | "credentials";
const STEPS: { id: Step | "verify"; label: string }[] = [
  { id: "pick", label: "Exchange" },
  { id: "instructions", label: "Create a read-only key" },
  { id: "credentials", label: "Paste the key" },
  { id: "verify", label: "Verify" },
];

export function ConnectWizard({ exchanges, initial, limitations = {} }: { exchanges: ExchangeCatalogEntry[]; initial?: string; limitations?: Partial<Record<string, readonly { id: string; message: string }[]>> }) {
  const router = useRouter();
  const [exchange, setExchange] = useState<ExchangeCatalogEntry | null>(exchanges.find((e) => e.id === initial) ?? null);
  const [step, setStep] = useState<Step>(exchange ? "instructions" : "pick");
  const [values, setValues] = useState<Record<string, string>>({});
  const [verifying, setVerifying] = useState(false);
  const [result, setResult] = useState<VerifyResultDto | null>(null);

  const current = verifying || result ? "verify" : step;

  async function verify() {
    if (!exchange) return;
    setVerifying(true);
    setResult(null);
    const out = await connectExchangeAction({
      exchange: exchange.id,
      label: values.label?.trim() || exchange.name,
      apiKey: values.apiKey ?? "",
      secret: values.secret ?? "",
      password: values.password || undefined,
    });
    setVerifying(false);
    if (out.ok) {
      router.push(`/connections?connected=${encodeURIComponent(out.connectionId)}`);
      router.refresh();
      return;
    }
    setResult(out);
  }

  return (
    <div className="space-y-6">
      <ol className="flex flex-wrap gap-2 text-xs font-medium" aria-label="Steps">
        {STEPS.map((s, i) => (
          <li key={s.id} aria-current={current === s.id ? "step" : undefined} className={`rounded-full px-3 py-1 ${current === s.id ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-600"}`}>
            {i + 1}. {s.label}
          </li>
        ))}
      </ol>

      {step === "pick" && (
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {exchanges.map((e) => (
            <button
              key={e.id}
              type="button"
              onClick={() => {
                setExchange(e);
                setStep("instructions");
              }}
              className="rounded-xl bg-white px-4 py-5 text-left shadow-sm ring-1 ring-slate-200 transition hover:ring-brand-500 focus-visible:outline-2 focus-visible:outline-brand-500"
            >
              <span className="block text-base font-semibold text-slate-900">{e.name}</span>
              <span className="mt-1 block text-xs text-slate-500">{e.readOnlyCheck.method === "report" ? "Permissions read from the exchange" : "Permissions proven by refused probes"}</span>
            </button>
          ))}
        </div>
      )}

      {exchange && step === "instructions" && (
        <div className="space-y-4">
          <h2 className="text-lg font-semibold">Create a read-only {exchange.name} API key</h2>
          <ol className="list-decimal space-y-1.5 pl-5 text-sm text-slate-700">
            {exchange.steps.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
          <div className="grid gap-3 sm:grid-cols-2">
            <div className="rounded-lg bg-emerald-50 p-3 text-sm ring-1 ring-emerald-200">
              <p className="font-medium text-emerald-900">Tick</p>
              <ul className="mt-1 list-disc pl-5 text-emerald-900">
                {exchange.tick.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
            </div>
            <div className="rounded-lg bg-red-50 p-3 text-sm ring-1 ring-red-200">
              <p className="font-medium text-red-900">Leave off</p>
              <ul className="mt-1 list-disc pl-5 text-red-900">
                {exchange.leaveOff.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
            </div>
          </div>
          {exchange.notes.length > 0 && (
            <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600">
              {exchange.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          {(limitations[exchange.id]?.length ?? 0) > 0 && (
            <div className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="sync-limitations">
              <p className="font-medium">Not in the API sync (import these as CSV):</p>
              <ul className="mt-1 list-disc pl-5">
                {limitations[exchange.id]?.map((l) => (
                  <li key={l.id}>{l.message}</li>
                ))}
              </ul>
            </div>
          )}
          <p className="text-sm text-slate-600">
            <span className="font-medium text-slate-800">How Lotwise checks it:</span> {exchange.readOnlyCheck.description}
          </p>
          <p className="text-xs text-slate-500">
            Key page: <span className="font-mono">{exchange.keyPageUrl}</span>
          </p>
          <div className="flex gap-3">
            <Button type="button" variant="secondary" onClick={() => setStep("pick")}>
              Back
            </Button>
            <Button type="button" onClick={() => setStep("credentials")}>
              I have a read-only key
            </Button>
          </div>
        </div>
      )}

      {exchange && step === "credentials" && (
        <form
          className="max-w-xl space-y-4"
          autoComplete="off"
          onSubmit={(e) => {
            e.preventDefault();
            void verify();
          }}
        >
          <h2 className="text-lg font-semibold">Paste your {exchange.name} key</h2>
          <Field label="Name for this connection" name="label" value={values.label ?? exchange.name} onChange={(v) => setValues((s) => ({ ...s, label: v }))} />
          {exchange.fields.map((f) => (
            <Field
              key={f.name}
              label={f.label}
              name={f.name}
              help={f.help}
              secret={f.name !== "apiKey"}
              multiline={f.multiline}
              value={values[f.name] ?? ""}
              error={result && !result.ok ? result.fieldErrors?.[f.name]?.[0] : undefined}
              onChange={(v) => setValues((s) => ({ ...s, [f.name]: v }))}
            />
          ))}
          <p className="text-xs text-slate-500">The key is checked by this server, encrypted before it is stored, and never sent back to your browser.</p>
          {verifying && <Alert tone="info">Asking {exchange.name} what this key may do…</Alert>}
          {result && !result.ok && <VerifyFailure result={result} />}
          <div className="flex gap-3">
            <Button type="button" variant="secondary" onClick={() => setStep("instructions")} disabled={verifying}>
              Back
            </Button>
            <Button type="submit" disabled={verifying}>
              {verifying ? "Verifying…" : "Verify and connect"}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}

function Field(props: { label: string; name: string; value: string; onChange(v: string): void; help?: string; secret?: boolean; multiline?: boolean; error?: string }) {
  const cls = "mt-1 block w-full rounded-md bg-white px-3 py-2 font-mono text-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-500";
  return (
    <label className="block text-sm">
      <span className="font-medium text-slate-700">{props.label}</span>
      {props.multiline ? (
        <textarea aria-label={props.label} name={props.name} rows={5} spellCheck={false} className={cls} value={props.value} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input aria-label={props.label} name={props.name} type={props.secret ? "password" : "text"} spellCheck={false} autoComplete="off" className={cls} value={props.value} onChange={(e) => props.onChange(e.target.value)} />
      )}
      {props.help && !props.error && <span className="mt-1 block text-xs text-slate-500">{props.help}</span>}
      {props.error && <span className="mt-1 block text-xs text-red-600">{props.error}</span>}
    </label>
  );
}
