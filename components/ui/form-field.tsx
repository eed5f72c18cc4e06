import { useId, type ComponentProps, type ReactNode } from "react";
import { cn } from "./cn";

// Field primitives that take react-hook-form's `register(...)` spread (React 19 passes `ref` as a prop).
// <TextField label="Name" error={errors.name?.message} {...register("name")} />

const CONTROL =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 " +
  "placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 focus:outline-none " +
  "disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500 " +
  "aria-[invalid=true]:ring-red-400 aria-[invalid=true]:focus:ring-red-500";

export type FieldShellProps = {
  id: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  /** Optional trailing text next to the label, e.g. "Optional". */
  aside?: ReactNode;
  className?: string;
  children: ReactNode;
};

/** Label, control, hint and error text. The control must use `id` and describedBy(id, …) itself. */
export function FormField({ id, label, error, hint, required, aside, className, children }: FieldShellProps) {
  return (
    <div className={cn("space-y-1.5", className)}>
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">
          {label}
          {required ? <span className="ml-0.5 text-red-600" aria-hidden="true">*</span> : null}
        </label>
        {aside ? <span className="text-xs text-slate-500">{aside}</span> : null}
      </div>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-600" aria-live="polite">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** aria-describedby for a control inside <FormField id>: the error when there is one, else the hint. */
export function describedBy(id: string, error?: string, hint?: ReactNode): string | undefined {
  if (error) return `${id}-error`;
  if (hint) return `${id}-hint`;
  return undefined;
}

type Shared = { label: ReactNode; error?: string; hint?: ReactNode; aside?: ReactNode; fieldClassName?: string };

function useFieldId(id: string | undefined, name: string | undefined) {
  const auto = useId();
  return id ?? (name ? `field-${name}-${auto.replace(/:/g, "")}` : `field-${auto.replace(/:/g, "")}`);
}

export type InputProps = ComponentProps<"input"> & { invalid?: boolean };
export function Input({ className, invalid, ...rest }: InputProps) {
  return <input aria-invalid={invalid || undefined} className={cn(CONTROL, className)} {...rest} />;
}

export type SelectProps = ComponentProps<"select"> & { invalid?: boolean };
export function Select({ className, invalid, ...rest }: SelectProps) {
  return <select aria-invalid={invalid || undefined} className={cn(CONTROL, "pr-8", className)} {...rest} />;
}

export type TextareaProps = ComponentProps<"textarea"> & { invalid?: boolean };
export function Textarea({ className, invalid, ...rest }: TextareaProps) {
  return <textarea aria-invalid={invalid || undefined} className={cn(CONTROL, "min-h-20", className)} {...rest} />;
}

export function TextField({ label, error, hint, aside, fieldClassName, id, required, ...rest }: Shared & ComponentProps<"input">) {
  const fid = useFieldId(id, rest.name);
  return (
    <FormField id={fid} label={label} error={error} hint={hint} aside={aside} required={required} className={fieldClassName}>
      <Input id={fid} required={required} invalid={!!error} aria-describedby={describedBy(fid, error, hint)} {...rest} />
    </FormField>
  );
}

export function SelectField({ label, error, hint, aside, fieldClassName, id, required, children, ...rest }: Shared & ComponentProps<"select">) {
  const fid = useFieldId(id, rest.name);
  return (
    <FormField id={fid} label={label} error={error} hint={hint} aside={aside} required={required} className={fieldClassName}>
      <Select id={fid} required={required} invalid={!!error} aria-describedby={describedBy(fid, error, hint)} {...rest}>
        {children}
      </Select>
    </FormField>
  );
}

export function TextareaField({ label, error, hint, aside, fieldClassName, id, required, ...rest }: Shared & ComponentProps<"textarea">) {
  const fid = useFieldId(id, rest.name);
  return (
    <FormField id={fid} label={label} error={error} hint={hint} aside={aside} required={required} className={fieldClassName}>
      <Textarea id={fid} required={required} invalid={!!error} aria-describedby={describedBy(fid, error, hint)} {...rest} />
    </FormField>
  );
}

/** A form-level error (e.g. a server error that belongs to no field). */
export function FormError({ message, className }: { message?: string | null; className?: string }) {
  if (!message) return null;
  return (
    <div role="alert" className={cn("rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-inset ring-red-200", className)}>
      {message}
    </div>
  );
}
