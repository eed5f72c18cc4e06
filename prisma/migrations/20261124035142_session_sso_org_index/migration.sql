-- CreateIndex
CREATE INDEX "session_ssoOrgId_revokedAt_idx" ON "session"("ssoOrgId", "revokedAt");
