import { env } from "@/lib/env";

/** The SCIM base URL to give an identity provider, and the prefix of every `meta.location`. */
export const scimBaseUrl = () => `${env().APP_URL.replace(/\/+$/, "")}/scim/v2`;
