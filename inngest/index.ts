import { verifyDomain } from "./functions/verify-domain";
import { recheckOrgDomains, scheduleDomainRechecks } from "./functions/recheck-domains";
import { runDirectorySync } from "./functions/directory-run";
import { reconcileOrgDirectory, scheduleDirectoryReconciliation } from "./functions/directory-reconcile";
import { checkOrgSessions, scheduleSessionChecks } from "./functions/session-check";

export const functions = [
  verifyDomain,
  scheduleDomainRechecks,
  recheckOrgDomains,
  runDirectorySync,
  scheduleDirectoryReconciliation,
  reconcileOrgDirectory,
  scheduleSessionChecks,
  checkOrgSessions,
];
