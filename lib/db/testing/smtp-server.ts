// Test-only: a real SMTP server on loopback (smtp-server) that keeps every delivered message.
// Point the app at it with SMTP_URL=smtp://127.0.0.1:<port>.
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { from: string; to: string[]; raw: string; subject: string; text: string; html: string };

export type TestSmtpServer = {
  port: number;
  messages: ReceivedMail[];
  /** Resolves with the first message (already received or arriving within timeoutMs) that matches. */
  waitFor(match: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Reject RCPT TO for these addresses with a 550, to exercise delivery failures. */
  rejectRecipient(address: string): void;
  reset(): void;
  close(): Promise<void>;
};

function decodeQuotedPrintable(s: string): string {
  const bytes = s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

function splitHead(part: string): { headers: Map<string, string>; body: string } {
  const at = part.search(/\r?\n\r?\n/);
  const head = at < 0 ? part : part.slice(0, at);
  const body = at < 0 ? "" : part.slice(at).replace(/^\r?\n\r?\n/, "");
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body };
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const enc = (headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  if (enc === "quoted-printable") return decodeQuotedPrintable(body);
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  return body;
}

/** Just enough MIME for tests: single-part or multipart/alternative text and html. */
export function parseMail(raw: string): Pick<ReceivedMail, "subject" | "text" | "html"> {
  const { headers, body } = splitHead(raw);
  const out = { subject: headers.get("subject") ?? "", text: "", html: "" };
  const ct = headers.get("content-type") ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(ct)?.[1];
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1).map((p) => p.replace(/^\r?\n/, "")).map(splitHead) : [{ headers, body }];
  for (const p of parts) {
    const type = (p.headers.get("content-type") ?? "text/plain").toLowerCase();
    if (type.startsWith("text/html")) out.html = decodeBody(p.headers, p.body);
    else if (type.startsWith("text/plain")) out.text = decodeBody(p.headers, p.body);
  }
  return out;
}

export async function startSmtpServer(port = Number(process.env.TEST_SMTP_PORT ?? 2508)): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const waiters: { match: (m: ReceivedMail) => boolean; resolve: (m: ReceivedMail) => void }[] = [];
  const rejected = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (rejected.has(address.address.toLowerCase())) return cb(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          ...parseMail(raw),
        };
        messages.push(mail);
        for (const w of [...waiters]) {
          if (w.match(mail)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(mail);
          }
        }
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    port,
    messages,
    waitFor(match, timeoutMs = 5000) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = { match, resolve: (m: ReceivedMail) => { clearTimeout(t); resolve(m); } };
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no matching mail within ${timeoutMs} ms (received ${messages.length})`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    rejectRecipient(address) {
      rejected.add(address.toLowerCase());
    },
    reset() {
      messages.length = 0;
      rejected.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
