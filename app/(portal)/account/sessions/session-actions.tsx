"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { revokeOtherSessionsAction, revokeSessionAction } from "../actions";

export function RevokeSessionButton({ id, device, isCurrent }: { id: string; device: string; isCurrent: boolean }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={<Button variant="secondary" size="sm">{isCurrent ? "Sign out" : "Revoke"}</Button>}
      title={isCurrent ? "Sign out of this device?" : `Revoke the session on ${device}?`}
      description={isCurrent ? "You will need to sign in again here." : "That device is signed out on its next request."}
      confirmLabel={isCurrent ? "Sign out" : "Revoke"}
      onConfirm={async () => {
        const r = await revokeSessionAction({ id });
        if (r.ok && isCurrent) router.replace("/login");
        return r;
      }}
    />
  );
}

export function RevokeOthersButton({ count }: { count: number }) {
  const [done, setDone] = useState<string | null>(null);
  return (
    <div className="flex items-center gap-3">
      {done ? <p role="status" className="text-sm text-green-700">{done}</p> : null}
      <ConfirmDialog
        trigger={<Button variant="secondary" disabled={count === 0}>Sign out all other sessions</Button>}
        title="Sign out all other sessions?"
        description="Every other browser and device signed in to your account is signed out on its next request. This one stays signed in."
        confirmLabel="Sign out others"
        onConfirm={async () => {
          const r = await revokeOtherSessionsAction({});
          if (r.ok) setDone(`Signed out ${r.data} ${r.data === 1 ? "session" : "sessions"}.`);
          return r;
        }}
      />
    </div>
  );
}
