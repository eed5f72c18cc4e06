"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { CardFooter } from "@/components/ui/card";
import { FormError, TextField } from "@/components/ui/form-field";
import { applyFieldErrors } from "@/lib/http/action-result";
import { changePasswordSchema, updateProfileSchema, type ChangePasswordInput, type UpdateProfileInput } from "@/lib/users/schemas";
import { changePasswordAction, updateProfileAction } from "./actions";

function Saved({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="status" className="mr-auto text-sm text-green-700">
      {message}
    </p>
  );
}

export function ProfileForm({ name }: { name: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const { register, handleSubmit, setError: setFieldError, formState: { errors } } = useForm<UpdateProfileInput>({
    resolver: zodResolver(updateProfileSchema),
    defaultValues: { name },
  });
  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setError(null);
      setSaved(null);
      const r = await updateProfileAction(values);
      if (r.ok) setSaved("Saved.");
      else setError(applyFieldErrors(r, ["name"] as const, setFieldError));
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <div className="space-y-4 px-5 py-4">
        <FormError message={error} />
        <TextField label="Name" autoComplete="name" error={errors.name?.message} {...register("name")} />
      </div>
      <CardFooter>
        <Saved message={saved} />
        <Button type="submit" loading={pending}>Save</Button>
      </CardFooter>
    </form>
  );
}

export function ChangePasswordForm() {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const { register, handleSubmit, reset, setError: setFieldError, formState: { errors } } = useForm<ChangePasswordInput>({
    resolver: zodResolver(changePasswordSchema),
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });
  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setError(null);
      setSaved(null);
      const r = await changePasswordAction(values);
      if (r.ok) {
        reset();
        const n = r.data.otherSessionsRevoked;
        setSaved(`Password changed.${n ? ` Signed out ${n} other ${n === 1 ? "session" : "sessions"}.` : ""}`);
      } else setError(applyFieldErrors(r, ["currentPassword", "newPassword", "confirmPassword"] as const, setFieldError));
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <div className="space-y-4 px-5 py-4">
        <FormError message={error} />
        <TextField label="Current password" type="password" autoComplete="current-password" error={errors.currentPassword?.message} {...register("currentPassword")} />
        <TextField label="New password" type="password" autoComplete="new-password" hint="At least 12 characters. A few unrelated words make a strong one." error={errors.newPassword?.message} {...register("newPassword")} />
        <TextField label="Confirm new password" type="password" autoComplete="new-password" error={errors.confirmPassword?.message} {...register("confirmPassword")} />
      </div>
      <CardFooter>
        <Saved message={saved} />
        <Button type="submit" loading={pending}>Change password</Button>
      </CardFooter>
    </form>
  );
}
