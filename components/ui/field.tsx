import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

const control =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-500 aria-[invalid=true]:ring-red-400";

interface FieldProps {
  label: string;
  name: string;
  error?: string[] | string;
  hint?: ReactNode;
}

function errorText(error: FieldProps["error"]) {
  return Array.isArray(error) ? error[0] : error;
}

export function TextField({ label, name, error, hint, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const message = errorText(error);
  return (
    <div className="space-y-1.5">
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input id={name} name={name} className={control} aria-invalid={message ? true : undefined} aria-describedby={message ? `${name}-error` : undefined} {...input} />
      {hint && !message && <p className="text-xs text-slate-500">{hint}</p>}
      {message && (
        <p id={`${name}-error`} className="text-xs text-red-600">
          {message}
        </p>
      )}
    </div>
  );
}

export function SelectField({ label, name, error, hint, children, ...select }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const message = errorText(error);
  return (
    <div className="space-y-1.5">
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select id={name} name={name} className={control} aria-invalid={message ? true : undefined} {...select}>
        {children}
      </select>
      {hint && !message && <p className="text-xs text-slate-500">{hint}</p>}
      {message && <p className="text-xs text-red-600">{message}</p>}
    </div>
  );
}
