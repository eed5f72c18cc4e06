// Test-only: a real DNS server on loopback (dns2) that answers TXT queries from an in-memory zone.
// Point the app at it with DNS_SERVERS=127.0.0.1:<port>.
import dns2 from "dns2";

const { Packet } = dns2;
// RFC 1035 §4.1.1 (Packet.RCODE exists at runtime but not in dns2's types)
const RCODE_SERVFAIL = 2;
const RCODE_NXDOMAIN = 3;

export type TestDnsServer = {
  port: number;
  /** Replaces the TXT records at name; each value is one record (a string[] is one record split into character-strings). */
  setTxt(name: string, ...values: (string | string[])[]): void;
  removeTxt(name: string): void;
  /** Answer SERVFAIL for name, or never answer (the resolver times out). */
  fail(name: string, how: "servfail" | "timeout"): void;
  reset(): void;
  queries: string[];
  close(): Promise<void>;
};

export async function startDnsServer(port = Number(process.env.TEST_DNS_PORT ?? 5308)): Promise<TestDnsServer> {
  const zone = new Map<string, string[][]>();
  const failures = new Map<string, "servfail" | "timeout">();
  const queries: string[] = [];
  const key = (n: string) => n.toLowerCase().replace(/\.$/, "");

  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const q = request.questions[0];
      const name = key(q?.name ?? "");
      queries.push(name);
      const failure = failures.get(name);
      if (failure === "timeout") return;
      if (failure === "servfail") {
        response.header.rcode = RCODE_SERVFAIL;
      } else if (!zone.has(name)) {
        response.header.rcode = RCODE_NXDOMAIN;
      } else if (q!.type === Packet.TYPE.TXT) {
        for (const data of zone.get(name)!) response.answers.push({ name: q!.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 1, data } as never);
      }
      send(response);
    },
  });
  await server.listen({ udp: { port, address: "127.0.0.1" } });

  return {
    port,
    setTxt(name, ...values) {
      zone.set(key(name), values.map((v) => (Array.isArray(v) ? v : [v])));
    },
    removeTxt(name) {
      zone.delete(key(name));
    },
    fail(name, how) {
      failures.set(key(name), how);
    },
    reset() {
      zone.clear();
      failures.clear();
      queries.length = 0;
    },
    queries,
    close: async () => {
      await server.close();
    },
  };
}
