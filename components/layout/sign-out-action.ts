"use server";

import { signOut } from "@/lib/auth/auth";

/** Signs out through Auth.js: lib/auth/auth.ts's signOut event revokes the server-side session row too. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
