import type { MailMessage } from "@/lib/mail/service";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The invitation email; the link is the only copy of the token outside the recipient's mailbox. */
export function invitationEmail(p: { to: string; orgId: string; orgName: string; role: string; invitedBy: string; acceptUrl: string; expiresAt: Date }): MailMessage {
  const expires = p.expiresAt.toUTCString();
  const subject = `You are invited to join ${p.orgName} on Gatehouse`;
  const text = [
    `${p.invitedBy} invited you to join ${p.orgName} on Gatehouse as ${p.role}.`,
    "",
    "Accept the invitation:",
    p.acceptUrl,
    "",
    `The link works once and expires on ${expires}. If you did not expect this email, ignore it.`,
  ].join("\n");
  const html = `<p>${esc(p.invitedBy)} invited you to join <strong>${esc(p.orgName)}</strong> on Gatehouse as <strong>${esc(p.role)}</strong>.</p>
<p><a href="${esc(p.acceptUrl)}">Accept the invitation</a></p>
<p style="color:#555">The link works once and expires on ${esc(expires)}. If you did not expect this email, ignore it.</p>`;
  return { to: p.to, subject, text, html, orgId: p.orgId, devHint: p.acceptUrl };
}
