"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/form-field";
import { totpCodeSchema, type TotpCodeInput } from "@/lib/auth/schemas";
import { applyFieldErrors, type ActionResult } from "@/lib/http/action-result";

/** One 6-digit code field and a submit button; the three security forms differ only in what they call. */
export function CodeForm<T>({ action, submitLabel, label = "6-digit code", variant = "primary", onDone }: {
  action: (input: TotpCodeInput) => Promise<ActionResult<T>>;
  submitLabel: string;
  label?: string;
  variant?: ButtonVariant;
  onDone: (data: T) => void;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const { register, handleSubmit, setError: setFieldError, reset, formState: { errors } } = useForm<TotpCodeInput>({
    resolver: zodResolver(totpCodeSchema),
    defaultValues: { code: "" },
  });
  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setError(null);
      const r = await action(values);
      if (r.ok) {
        reset();
        return onDone(r.data);
      }
      setError(applyFieldErrors(r, ["code"] as const, setFieldError));
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <FormError message={error} />
      <div className="flex flex-wrap items-start gap-3">
        <TextField
          label={label}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          placeholder="123456"
          fieldClassName="w-44"
          className="font-mono tracking-widest"
          error={errors.code?.message}
          {...register("code")}
        />
        <Button type="submit" variant={variant} loading={pending} className="mt-7">
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
