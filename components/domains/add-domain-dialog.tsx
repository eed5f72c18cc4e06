"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { applyFieldErrors } from "@/lib/http/action-result";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogFooter, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/form-field";
import { PlusIcon } from "@/components/ui/icons";
import type { DomainActions } from "./types";

// The full check (IDN to punycode, public mailbox list) runs on the server with lib/domains/schemas,
// which needs node:url; the browser only catches the obvious.
const formSchema = z.strictObject({
  domain: z.string().trim().min(1, "Enter a domain such as acme.com").max(253, "A domain is at most 253 characters")
    .refine((d) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(d) && !/[/?#@]/.test(d), "Enter just the domain (such as acme.com), without https://, a path or an @")
    .refine((d) => d.includes("."), "Enter a full domain with a dot, such as acme.com"),
});
type Input = z.infer<typeof formSchema>;

export function AddDomainDialog({ orgId, action }: { orgId: string; action: DomainActions["add"] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError, reset } = useForm<Input>({ resolver: zodResolver(formSchema), mode: "onTouched", defaultValues: { domain: "" } });
  const { errors, isSubmitting } = formState;

  function onOpenChange(next: boolean) {
    if (isSubmitting) return;
    setOpen(next);
    if (!next) {
      reset();
      setFormError(null);
    }
  }

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const r = await action(orgId, values);
    if (!r.ok) {
      setFormError(applyFieldErrors(r, ["domain"], setError));
      return;
    }
    setOpen(false);
    reset();
    router.refresh();
  });

  return (
    <DialogRoot open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button><PlusIcon /> Add domain</Button>
      </DialogTrigger>
      <DialogContent title="Add a domain" description="You will get a DNS TXT record to publish; once it is found, the domain is verified for this organization." hideClose={isSubmitting}>
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <TextField label="Domain" required autoComplete="off" autoCapitalize="none" spellCheck={false} placeholder="acme.com" autoFocus hint="Internationalised names are fine (they are stored as punycode). Public mailbox domains such as gmail.com cannot be added." error={errors.domain?.message} {...register("domain")} />
          <FormError message={formError} />
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary" disabled={isSubmitting}>Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={isSubmitting}>Add domain</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
