import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { listImports } from "@/lib/db/imports";
import { listWallets } from "@/lib/db/wallets";
import { SUPPORTED_FORMATS } from "@/lib/importers";
import { maxUploadBytes } from "@/lib/uploads/guard";
import { Card, PageHeader } from "@/components/ui/card";
import { UploadWizard } from "@/components/imports/upload-wizard";
import { ImportsList } from "@/components/imports/imports-list";

export const metadata: Metadata = { title: "Imports" };

export default async function ImportsPage() {
  const user = await requireUser();
  const [imports, wallets] = await Promise.all([listImports(user.id), listWallets(user.id)]);
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
      </div>
    </>
  );
}
