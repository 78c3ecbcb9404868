"use client";

import { LazyDetails } from "@/components/ui/lazy-details";
import { SetPriceForm } from "@/components/prices/set-price-form";
import { NotesForm } from "./notes-form";

/** The per-row "Set price" and "Edit" panels, mounted only when opened (their summaries are styled by the table). */
export function RowEditors({ id, wallet, externalId, cryptoAssets, currency, label, description }: { id: string; wallet: string; externalId: string; cryptoAssets: string[]; currency: string; label: string | null; description: string | null }) {
  return (
    <>
      {cryptoAssets.length > 0 && (
        <LazyDetails summary="Set price" className="text-left" summaryClassName="">
          {() => cryptoAssets.map((asset) => <SetPriceForm key={asset} account={wallet} externalId={externalId} asset={asset} currency={currency} />)}
        </LazyDetails>
      )}
      <LazyDetails summary="Edit" className="text-left" summaryClassName="">
        {() => <NotesForm transactionId={id} label={label} description={description} />}
      </LazyDetails>
    </>
  );
}
