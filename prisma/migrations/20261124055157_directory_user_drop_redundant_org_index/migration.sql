-- DropIndex
DROP INDEX "directory_user_orgId_idx";
