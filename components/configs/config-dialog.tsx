"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { useForm, useWatch } from "react-hook-form";
import { configFormSchema, type ConfigFormInput, type ConfigFormOutput } from "@/lib/configs/schemas";
import type { ConfigDto } from "@/lib/configs/dto";
import { applyFieldErrors } from "@/lib/http/action-result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogFooter, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { FormError, TextField, TextareaField } from "@/components/ui/form-field";
import type { ConfigActions } from "./types";

const FIELDS = ["name", "value", "isSecret"] as const;

export type ConfigDialogMode = "create" | "edit" | "override";

const TITLES: Record<ConfigDialogMode, string> = { create: "New config", edit: "Edit config", override: "Override global config" };

function initial(mode: ConfigDialogMode, item?: ConfigDto): ConfigFormInput {
  if (!item || mode === "create") return { name: "", value: "", isSecret: false };
  // A secret's value never reaches the browser: editing one means typing a new value.
  return { name: item.name, value: item.isSecret ? "" : JSON.stringify(item.value, null, 2), isSecret: item.isSecret };
}

/**
 * Create, edit or override a config. The value is JSON text validated as you type with the API's
 * own schema (configFormSchema); secrets are write-only.
 */
export function ConfigDialog({ mode, item, action, trigger, scopeNote }: {
  mode: ConfigDialogMode;
  item?: ConfigDto;
  action: ConfigActions["create"];
  trigger: ReactNode;
  scopeNote?: ReactNode;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError, reset, control } = useForm<ConfigFormInput, unknown, ConfigFormOutput>({
    resolver: zodResolver(configFormSchema),
    mode: "onChange",
    defaultValues: initial(mode, item),
  });
  const { errors, isSubmitting } = formState;
  const isSecret = useWatch({ control, name: "isSecret" });

  function onOpenChange(next: boolean) {
    if (isSubmitting) return;
    setOpen(next);
    if (!next) {
      reset(initial(mode, item));
      setFormError(null);
    }
  }

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    // The action re-parses with the same schema: send what the inputs hold.
    const r = await action({ name: values.name, value: JSON.stringify(values.value), isSecret: values.isSecret });
    if (!r.ok) {
      setFormError(applyFieldErrors(r, FIELDS, setError));
      return;
    }
    setOpen(false);
    reset(initial(mode, r.data));
    router.refresh();
  });

  const secretEdit = mode !== "create" && item?.isSecret;

  return (
    <DialogRoot open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent
        title={TITLES[mode]}
        description={mode === "override"
          ? `This organization gets its own “${item?.name}”; the global item stays as it is for everyone else.`
          : "A named JSON value. Secret values are encrypted at rest and never shown again."}
        size="lg"
        hideClose={isSubmitting}
      >
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          {scopeNote}
          <TextField
            label="Name"
            required
            autoComplete="off"
            spellCheck={false}
            placeholder="billing.plan"
            readOnly={mode !== "create"}
            autoFocus={mode === "create"}
            className={mode === "create" ? "font-mono" : "bg-slate-50 font-mono text-slate-600"}
            hint="Lower-case letters, digits, dots, underscores and hyphens."
            error={errors.name?.message}
            {...register("name")}
          />
          <TextareaField
            label="Value (JSON)"
            required
            rows={6}
            spellCheck={false}
            autoFocus={mode !== "create"}
            className="font-mono text-xs"
            placeholder={'"pro"  ·  42  ·  true  ·  {"seats": 25}'}
            hint={secretEdit ? "The current value is secret and is never shown. Enter the new value." : 'Any JSON value: a string needs double quotes, e.g. "hello".'}
            error={errors.value?.message}
            {...register("value")}
          />
          <label className="flex items-start gap-2.5 text-sm text-slate-700">
            <input type="checkbox" className="mt-0.5 size-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600" {...register("isSecret")} />
            <span>
              <span className="font-medium text-slate-900">Secret</span>
              <span className="block text-slate-500">Encrypted at rest; reads, lists and the audit log show ******** instead of the value.</span>
            </span>
          </label>
          {item?.isSecret && !isSecret && mode !== "create" ? (
            <Alert tone="warning" title="This will store the value in plain text">Unticking Secret makes the new value readable by everyone who can read configs.</Alert>
          ) : null}
          <FormError message={formError} />
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary" disabled={isSubmitting}>Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={isSubmitting}>{mode === "create" ? "Create config" : mode === "override" ? "Save override" : "Save"}</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
