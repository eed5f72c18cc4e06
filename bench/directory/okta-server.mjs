// The Okta contract server with a generated population, in its own process so the engine's time and
// memory are measured alone. Prints `READY <issuerUrl>`; stdin `gen <n>` switches the generation.
//   npx tsx bench/directory/okta-server.mjs <users> <changedShare>
import { createInterface } from "node:readline";
import { createOktaContract } from "../../lib/directory/testing/contract/okta.ts";

const users = Number(process.argv[2] ?? 100_000);
const changedShare = Number(process.argv[3] ?? 0.01);
const okta = await createOktaContract({ apiToken: "bench-token", generate: { users, groups: 20, seed: 7, changedShare } });
console.log(`READY ${okta.issuerUrl}`);
createInterface({ input: process.stdin }).on("line", (line) => {
  const m = /^gen (\d+)$/.exec(line.trim());
  if (m) {
    okta.population.setGeneration(Number(m[1]));
    console.log(`GEN ${m[1]} requests=${okta.requestCount}`);
  } else if (line.trim() === "stats") console.log(`STATS requests=${okta.requestCount}`);
});
process.stdin.on("end", () => okta.close().then(() => process.exit(0)));
