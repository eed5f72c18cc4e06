import { afterAll } from "vitest";
import { disconnect } from "@/lib/db/client";

afterAll(async () => {
  await disconnect();
});
