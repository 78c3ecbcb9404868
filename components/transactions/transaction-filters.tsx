import { TX_KINDS } from "@/lib/ledger/types";
import { buttonClass } from "@/components/ui/button";

export interface FilterValues {
  wallet?: string;
  asset?: string;
  kind?: string;
  from?: string;
  to?: string;
  q?: string;
  sort?: string;
  ignored?: string;
  warning?: string;
}

const control = "mt-1 block rounded-md bg-white px-2 py-1.5 text-sm ring-1 ring-slate-300";

/** A plain GET form: filters live in the URL, so they survive reloads and can be shared or bookmarked. */
export function TransactionFilters({ values, wallets, assets }: { values: FilterValues; wallets: { id: string; name: string }[]; assets: string[] }) {
  return (
    <form method="get" className="mb-4 flex flex-wrap items-end gap-3 rounded-xl bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200" aria-label="Filter transactions">
      <label>
        <span className="font-medium text-slate-700">Account</span>
        <select name="wallet" defaultValue={values.wallet ?? ""} className={control}>
          <option value="">All</option>
          {wallets.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span className="font-medium text-slate-700">Asset</span>
        <select name="asset" defaultValue={values.asset ?? ""} className={control}>
          <option value="">All</option>
          {assets.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span className="font-medium text-slate-700">Type</span>
        <select name="kind" defaultValue={values.kind ?? ""} className={control}>
          <option value="">All</option>
          {TX_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span className="font-medium text-slate-700">From</span>
        <input type="date" name="from" defaultValue={values.from} className={control} />
      </label>
      <label>
        <span className="font-medium text-slate-700">To</span>
        <input type="date" name="to" defaultValue={values.to} className={control} />
      </label>
      <label>
        <span className="font-medium text-slate-700">Search</span>
        <input type="search" name="q" defaultValue={values.q} placeholder="description, hash, id" className={control} />
      </label>
      <label>
        <span className="font-medium text-slate-700">Order</span>
        <select name="sort" defaultValue={values.sort ?? "newest"} className={control}>
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
          <option value="value">Largest value first</option>
        </select>
      </label>
      <label className="flex items-center gap-1.5 pb-2">
        <input type="checkbox" name="ignored" value="1" defaultChecked={values.ignored === "1"} />
        <span className="text-slate-700">Show ignored</span>
      </label>
      <label className="flex items-center gap-1.5 pb-2">
        <input type="checkbox" name="warning" value="1" defaultChecked={values.warning === "1"} />
        <span className="text-slate-700">With a warning</span>
      </label>
      <button type="submit" className={buttonClass("secondary")}>
        Apply
      </button>
    </form>
  );
}
