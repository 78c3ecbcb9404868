import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { listImports } from "@/lib/db/imports";
import { listWallets } from "@/lib/db/wallets";
import { SUPPORTED_FORMATS } from "@/lib/importers";
import { maxUploadBytes } from "@/lib/uploads/guard";
import { Card, PageHeader } from "@/components/ui/card";
import { UploadWizard } from "@/components/imports/upload-wizard";
import { ImportsList } from "@/components/imports/imports-list";
import { PriceCsvForm } from "@/components/prices/price-csv-form";
import { listManualPrices } from "@/lib/db/manual-prices";
import { deletePriceAction } from "./price-actions";

export const metadata: Metadata = { title: "Imports" };

export default async function ImportsPage() {
  const user = await requireUser();
  const [imports, wallets, prices] = await Promise.all([listImports(user.id), listWallets(user.id), listManualPrices(user.id)]);
  const formatNames = Object.fromEntries(SUPPORTED_FORMATS.map((f) => [f.id, `${f.exchange}: ${f.name}`]));
  const exchanges = [...new Set(SUPPORTED_FORMATS.map((f) => f.exchange))].filter((e) => e !== "Universal");
  return (
    <>
      <PageHeader title="Imports" description="Upload the CSV exports your exchanges give you. Re-uploading a file or an overlapping export never creates duplicates." />
      <div className="space-y-6">
        <Card
          title="Upload a file"
          description={`Recognised: ${exchanges.join(", ")}, and the universal template.`}
          actions={
            <a href="/api/imports/template" className="whitespace-nowrap text-sm font-medium text-brand-600 hover:underline" download>
              Download the universal template
            </a>
          }
        >
          <UploadWizard wallets={wallets.map((w) => w.name)} maxBytes={maxUploadBytes()} />
        </Card>
        <section>
          <h2 className="mb-3 text-base font-semibold text-slate-900">Past imports</h2>
          {imports.length === 0 ? (
            <p className="text-sm text-slate-500">No imports yet. Each file you import is listed here and can be undone.</p>
          ) : (
            <ImportsList imports={imports} formatNames={formatNames} />
          )}
        </section>
        <Card title="Prices" description="Your own prices win over market prices and are marked manual in every report. Upload a CSV with the columns Date, Asset, Currency, Price (e.g. 2024-03-01,XYZ,USD,0.42).">
          <PriceCsvForm />
          {prices.length > 0 && (
            <table className="mt-4 min-w-full text-sm" data-testid="manual-prices">
              <thead className="text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="py-1.5 pr-4">Date (UTC)</th>
                  <th className="py-1.5 pr-4">Asset</th>
                  <th className="py-1.5 pr-4 text-right">Price</th>
                  <th className="py-1.5 pr-4">Source</th>
                  <th className="py-1.5">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {prices.slice(0, 200).map((p) => (
                  <tr key={p.id}>
                    <td className="tabular py-1.5 pr-4">{p.time.slice(0, 16).replace("T", " ")}</td>
                    <td className="py-1.5 pr-4">{p.asset}</td>
                    <td className="tabular py-1.5 pr-4 text-right">
                      {p.price} {p.currency}
                    </td>
                    <td className="py-1.5 pr-4 text-slate-500">{p.note ?? "manual"}</td>
                    <td className="py-1.5 text-right">
                      <form action={deletePriceAction}>
                        <input type="hidden" name="priceId" value={p.id} />
                        <button type="submit" className="text-xs font-medium text-red-700 hover:underline">
                          Remove
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </>
  );
}
