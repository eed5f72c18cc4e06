import { Inngest } from "inngest";

// v4 runs in cloud mode unless INNGEST_DEV=1 (a local Dev Server at http://127.0.0.1:8288).
// Cloud mode needs INNGEST_EVENT_KEY to send and INNGEST_SIGNING_KEY to serve (README "Environment").
export const inngest = new Inngest({ id: "gatehouse" });
