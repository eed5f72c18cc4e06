import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { isProduction } from "@/lib/env";
import { listOutbox } from "@/lib/mail/outbox";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Button } from "@/components/ui/button";
import { clearOutboxAction } from "./actions";

export const metadata = { title: "Development outbox" };
export const dynamic = "force-dynamic";

const TIME = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
const URL_RE = /(https?:\/\/[^\s<>"]+)/g;

/** Plain text with its links made clickable (the accept links are the point of this page). */
function Linkified({ text }: { text: string }) {
  const parts: ReactNode[] = text.split(URL_RE).map((part, i) =>
    i % 2 === 1 ? <a key={i} href={part} className="break-all text-indigo-600 underline hover:text-indigo-500">{part}</a> : part,
  );
  return <pre className="overflow-x-auto font-sans text-sm whitespace-pre-wrap text-slate-700">{parts}</pre>;
}

/**
 * Development only (404 in production): mail Gatehouse would have sent, when SMTP_URL is unset.
 * Unauthenticated on purpose, like a local MailHog: it exists so a developer can follow invitation links.
 */
export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  if (isProduction()) notFound();
  const { to } = await searchParams;
  const messages = await listOutbox({ to });
  return (
    <main className="mx-auto max-w-4xl px-4 py-10">
      <PageHeader
        title="Development outbox"
        description={<>Mail is stored here because SMTP_URL is not set. Newest first{to ? <>, to addresses containing “{to}”</> : null}. This page does not exist in production.</>}
        actions={messages.length ? <form action={clearOutboxAction}><Button type="submit" variant="secondary" size="sm">Clear outbox</Button></form> : null}
      />
      {messages.length === 0 ? (
        <Card><EmptyState title="No mail yet" text="Invite someone: the invitation email appears here, with its accept link." /></Card>
      ) : (
        <ol className="space-y-4" aria-label="Messages">
          {messages.map((m) => (
            <li key={m.id}>
              <Card aria-label={`Mail to ${m.to}`}>
                <CardHeader title={m.subject} description={<>To <span className="font-medium text-slate-700">{m.to}</span> · <time dateTime={m.createdAt}>{TIME.format(new Date(m.createdAt))} UTC</time></>} />
                <div className="px-5 py-4"><Linkified text={m.text} /></div>
              </Card>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
