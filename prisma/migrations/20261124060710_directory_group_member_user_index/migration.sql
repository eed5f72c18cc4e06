-- DropIndex
DROP INDEX "directory_group_member_orgId_directoryUserId_idx";

-- CreateIndex
CREATE INDEX "directory_group_member_directoryUserId_idx" ON "directory_group_member"("directoryUserId");
