import { verifyDomain } from "./functions/verify-domain";
import { recheckOrgDomains, scheduleDomainRechecks } from "./functions/recheck-domains";

export const functions = [verifyDomain, scheduleDomainRechecks, recheckOrgDomains];
