import { redirect } from "next/navigation";
import { currentPrincipal } from "@/lib/auth/require";
import { LoginForm } from "./login-form";

export const metadata = { title: "Sign in" };

// Auth.js sends errors to pages.error (this page) as ?error=<type>.
const AUTH_ERRORS: Record<string, string> = {
  CredentialsSignin: "Your sign-in could not be completed. Enter your email and password again.",
  Configuration: "Sign-in is not configured correctly on the server. Contact your administrator.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  if (await currentPrincipal()) redirect("/");
  const { error } = await searchParams;
  const initialError = error ? (AUTH_ERRORS[error] ?? "Sign-in failed. Try again.") : null;
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center text-center">
          <span className="flex size-11 items-center justify-center rounded-xl bg-indigo-600 text-white shadow-sm">
            <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
              <path d="M4 21V9l8-5 8 5v12" />
              <path d="M9 21v-6a3 3 0 016 0v6" />
            </svg>
          </span>
          <h1 className="mt-5 text-2xl font-semibold tracking-tight text-slate-900">Sign in to Gatehouse</h1>
          <p className="mt-1.5 text-sm text-slate-500">Manage organizations, members and access.</p>
        </div>
        <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
          <LoginForm initialError={initialError} />
        </div>
        <p className="mt-6 text-center text-xs text-slate-500">
          Locked out? An owner of your organization can help, or use one of your recovery codes.
        </p>
      </div>
    </main>
  );
}
