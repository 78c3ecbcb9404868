"use client";

import { useActionState, useState } from "react";
import { saveSettingsAction, type SettingsState } from "@/app/(app)/settings/actions";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import { allowedMethods, BASE_CURRENCIES, COST_BASIS_METHODS, JURISDICTIONS, methodNote, type JurisdictionId } from "@/lib/settings/options";

export interface SettingsValues {
  jurisdiction: JurisdictionId;
  baseCurrency: string;
  costBasisMethod: string;
  timeZone: string;
  autoSync: boolean;
}

export function SettingsForm({ initial, timeZones }: { initial: SettingsValues; timeZones: string[] }) {
  const [state, action, pending] = useActionState<SettingsState, FormData>(saveSettingsAction, {});
  const [jurisdiction, setJurisdiction] = useState<JurisdictionId>(initial.jurisdiction);
  const methods = allowedMethods(jurisdiction);
  const note = methodNote(jurisdiction);
  return (
    <form action={action} className="grid max-w-xl gap-5">
      {state.ok && <Alert tone="success">Settings saved.</Alert>}
      <SelectField label="Tax jurisdiction" name="jurisdiction" value={jurisdiction} onChange={(e) => setJurisdiction(e.target.value as JurisdictionId)} error={state.fieldErrors?.jurisdiction}>
        {JURISDICTIONS.map((j) => (
          <option key={j.id} value={j.id}>
            {j.name}
          </option>
        ))}
      </SelectField>
      <SelectField label="Base currency" name="baseCurrency" defaultValue={initial.baseCurrency} error={state.fieldErrors?.baseCurrency} hint="Values, gains and reports are shown in this currency.">
        {BASE_CURRENCIES.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </SelectField>
      <SelectField
        key={jurisdiction}
        label="Cost-basis method"
        name="costBasisMethod"
        defaultValue={methods.includes(initial.costBasisMethod as never) ? initial.costBasisMethod : methods[0]}
        error={state.fieldErrors?.costBasisMethod}
        hint={note ?? "How lots are picked when you sell. The Reports page compares methods side by side."}
      >
        {COST_BASIS_METHODS.filter((m) => methods.includes(m.id)).map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </SelectField>
      <SelectField label="Time zone" name="timeZone" defaultValue={initial.timeZone} error={state.fieldErrors?.timeZone} hint="Holding periods and tax years follow your local date.">
        {timeZones.map((tz) => (
          <option key={tz} value={tz}>
            {tz}
          </option>
        ))}
      </SelectField>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="autoSync" defaultChecked={initial.autoSync} className="mt-0.5" />
        <span>
          <span className="font-medium text-slate-700">Sync connected exchanges daily</span>
          <span className="block text-xs text-slate-500">Each connection fetches its new history once a day. &quot;Sync now&quot; works either way.</span>
        </span>
      </label>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save settings"}
        </Button>
      </div>
    </form>
  );
}
