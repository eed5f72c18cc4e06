export const metadata = { title: "Sign in" };

export default function LoginPage() {
  return (
    <main className="mx-auto mt-24 max-w-sm rounded-lg border bg-white p-8 shadow-sm">
      <h1 className="text-xl font-semibold">Sign in to Gatehouse</h1>
    </main>
  );
}
