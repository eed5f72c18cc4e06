-- CreateTable
CREATE TABLE "provisioning_config" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "provider" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "secretsEnc" TEXT,
    "teamIdsField" TEXT,
    "fileManaged" BOOLEAN NOT NULL DEFAULT false,
    "decommissionMaxShare" DOUBLE PRECISION NOT NULL DEFAULT 0.1,
    "decommissionMinCount" INTEGER NOT NULL DEFAULT 5,
    "verifiedAt" TIMESTAMP(3),
    "lastVerifyResult" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "provisioning_config_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "directory_account" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT,
    "directoryActive" BOOLEAN NOT NULL DEFAULT true,
    "department" TEXT,
    "orgUnit" TEXT,
    "groups" JSONB NOT NULL DEFAULT '[]',
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "hash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastRunId" UUID,
    "decommissionedAt" TIMESTAMP(3),
    "decommissionReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "directory_account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "directory_sync_run" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "trigger" TEXT NOT NULL DEFAULT 'portal',
    "filter" JSONB,
    "state" JSONB,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "skipped" JSONB NOT NULL DEFAULT '[]',
    "errors" JSONB NOT NULL DEFAULT '[]',
    "drift" JSONB NOT NULL DEFAULT '[]',
    "pending" JSONB,
    "error" TEXT,
    "createdById" UUID,
    "approvedById" UUID,
    "approvedAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "directory_sync_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "provisioning_config_orgId_key" ON "provisioning_config"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "provisioning_config_orgId_id_key" ON "provisioning_config"("orgId", "id");

-- CreateIndex
CREATE INDEX "directory_account_orgId_status_idx" ON "directory_account"("orgId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "directory_account_orgId_id_key" ON "directory_account"("orgId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "directory_account_orgId_externalId_key" ON "directory_account"("orgId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "directory_account_orgId_userId_key" ON "directory_account"("orgId", "userId");

-- CreateIndex
CREATE INDEX "directory_sync_run_orgId_createdAt_idx" ON "directory_sync_run"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "directory_sync_run_orgId_kind_status_idx" ON "directory_sync_run"("orgId", "kind", "status");

-- CreateIndex
CREATE UNIQUE INDEX "directory_sync_run_orgId_id_key" ON "directory_sync_run"("orgId", "id");

-- AddForeignKey
ALTER TABLE "provisioning_config" ADD CONSTRAINT "provisioning_config_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "directory_account" ADD CONSTRAINT "directory_account_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "directory_sync_run" ADD CONSTRAINT "directory_sync_run_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
