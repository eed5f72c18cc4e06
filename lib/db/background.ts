// Services start tracked background work (a run started without Inngest) through this re-export: the
// database client itself stays inside lib/db, and disconnect() still waits for the work to finish.
export { runInBackground } from "./client";
