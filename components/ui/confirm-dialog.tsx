"use client";

import { useId, useState, useTransition, type ReactNode } from "react";
import { Button, type ButtonVariant } from "./button";
import { DialogContent, DialogFooter, DialogRoot, DialogTrigger } from "./dialog";
import { FormError, Input } from "./form-field";

/** What onConfirm may return: an ActionResult-like object keeps the dialog open and shows the message. */
export type ConfirmOutcome = void | { ok: true } | { ok: false; message: string };

export type ConfirmDialogProps = {
  /** The element that opens the dialog (rendered via Radix `asChild`, so pass a button). */
  trigger?: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  variant?: Extract<ButtonVariant, "primary" | "destructive">;
  /**
   * Typed confirmation: the confirm button stays disabled until the user types exactly this text
   * (e.g. the organization's name). Comparison is exact, including case.
   */
  confirmText?: string;
  /** Receives what the user typed ("" without confirmText), so the server can check it too. */
  onConfirm: (typed: string) => Promise<ConfirmOutcome> | ConfirmOutcome;
};

/** A yes/no dialog for consequential actions; closes on success, shows the error otherwise. */
export function ConfirmDialog({ trigger, open: openProp, onOpenChange, title, description, children, confirmLabel, cancelLabel = "Cancel", variant = "destructive", confirmText, onConfirm }: ConfirmDialogProps) {
  const [openState, setOpenState] = useState(false);
  const open = openProp ?? openState;
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const typedId = useId();

  function setOpen(next: boolean) {
    if (pending) return;
    if (!next) {
      setTyped("");
      setError(null);
    }
    setOpenState(next);
    onOpenChange?.(next);
  }

  const matches = confirmText === undefined || typed === confirmText;

  function confirm() {
    if (!matches) return;
    setError(null);
    startTransition(async () => {
      try {
        const r = await onConfirm(typed);
        if (r && r.ok === false) setError(r.message);
        else setOpen(false);
      } catch {
        setError("Something went wrong. Try again.");
      }
    });
  }

  return (
    <DialogRoot open={open} onOpenChange={setOpen}>
      {trigger ? <DialogTrigger asChild>{trigger}</DialogTrigger> : null}
      <DialogContent title={title} description={description} size="sm" hideClose={pending} onEscapeKeyDown={(e) => pending && e.preventDefault()}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            confirm();
          }}
          className="space-y-4"
        >
          {children ? <div className="text-sm text-slate-600">{children}</div> : null}
          {confirmText !== undefined ? (
            <div className="space-y-1.5">
              <label htmlFor={typedId} className="block text-sm text-slate-700">
                Type <span className="rounded bg-slate-100 px-1 py-0.5 font-mono text-slate-900 select-all">{confirmText}</span> to confirm
              </label>
              <Input id={typedId} autoComplete="off" autoCorrect="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus />
            </div>
          ) : null}
          <FormError message={error} />
          <DialogFooter>
            <Button variant="secondary" onClick={() => setOpen(false)} disabled={pending}>
              {cancelLabel}
            </Button>
            <Button type="submit" variant={variant} loading={pending} disabled={!matches}>
              {confirmLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
