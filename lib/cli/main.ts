import { createInterface } from "node:readline";
import { run } from "./program";
import type { CliIo } from "./io";

function prompt(question: string): Promise<string | null> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    let answered = false;
    rl.on("close", () => { if (!answered) resolve(null); });
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolve(answer);
    });
  });
}

const io: CliIo = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  // The CLI is a client: its settings (GATEHOUSE_URL, GATEHOUSE_API_KEY) are not the server's lib/env.ts.
  env: process.env,
  fetch: (input, init) => fetch(input, init),
  prompt,
};

const code = await run(process.argv.slice(2), io);
// `admin` commands leave a database pool open; exit once the output is flushed instead of waiting for it.
const flushed = (s: NodeJS.WriteStream) => new Promise<void>((resolve) => s.write("", () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
