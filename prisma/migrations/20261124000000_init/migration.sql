-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "organization" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "domain" TEXT,
    "isProvider" BOOLEAN NOT NULL DEFAULT false,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "deactivatedAt" TIMESTAMP(3),
    "defaultRole" TEXT NOT NULL DEFAULT 'member',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "passwordHash" TEXT,
    "mfaSecretEnc" TEXT,
    "mfaPendingEnc" TEXT,
    "mfaEnabledAt" TIMESTAMP(3),
    "mfaLastUsedStep" INTEGER,
    "isPlatformAdmin" BOOLEAN NOT NULL DEFAULT false,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "lastOrgId" UUID,
    "lastLoginAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recovery_code" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "recovery_code_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "activeOrgId" UUID,
    "source" TEXT NOT NULL DEFAULT 'password',
    "ssoOrgId" UUID,
    "ssoConnectionId" UUID,
    "accessTokenEnc" TEXT,
    "refreshTokenEnc" TEXT,
    "idTokenEnc" TEXT,
    "tokenExpiresAt" TIMESTAMP(3),
    "mfaVerifiedAt" TIMESTAMP(3),
    "ip" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "membership" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "source" TEXT NOT NULL DEFAULT 'manual',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "role" (
    "id" UUID NOT NULL,
    "orgId" UUID,
    "scopeKey" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "permissions" TEXT[],
    "rank" INTEGER NOT NULL DEFAULT 10,
    "isSystem" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "role_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "config" (
    "id" UUID NOT NULL,
    "orgId" UUID,
    "scopeKey" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" JSONB,
    "valueEnc" TEXT,
    "isSecret" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "config_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "oauth_connection" (
    "id" UUID NOT NULL,
    "orgId" UUID,
    "scopeKey" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "clientSecretEnc" TEXT,
    "scopes" TEXT[],
    "issuer" TEXT,
    "authorizationUrl" TEXT,
    "tokenUrl" TEXT,
    "userinfoUrl" TEXT,
    "jwksUrl" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "oauth_connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" UUID NOT NULL,
    "orgId" UUID,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "scopes" TEXT[],
    "createdById" UUID,
    "expiresAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "disabledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" UUID NOT NULL,
    "orgId" UUID,
    "orgName" TEXT,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "targetLabel" TEXT,
    "before" JSONB,
    "after" JSONB,
    "ip" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "login_attempt" (
    "id" UUID NOT NULL,
    "email" TEXT,
    "ip" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "login_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invitation" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "invitedById" UUID,
    "invitedByLabel" TEXT,
    "acceptedAt" TIMESTAMP(3),
    "acceptedUserId" UUID,
    "revokedAt" TIMESTAMP(3),
    "lastSentAt" TIMESTAMP(3),
    "sendCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verified_domain" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "domain" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "verificationToken" TEXT NOT NULL,
    "verificationStartedAt" TIMESTAMP(3),
    "verifiedAt" TIMESTAMP(3),
    "lastCheckedAt" TIMESTAMP(3),
    "checkAttempts" INTEGER NOT NULL DEFAULT 0,
    "failureReason" TEXT,
    "recordMissingSince" TIMESTAMP(3),
    "routingEnabled" BOOLEAN NOT NULL DEFAULT false,
    "autoJoinEnabled" BOOLEAN NOT NULL DEFAULT false,
    "autoJoinRole" TEXT NOT NULL DEFAULT 'member',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "verified_domain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_message" (
    "id" UUID NOT NULL,
    "orgId" UUID,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scim_token" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "scopes" TEXT[],
    "createdById" UUID,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scim_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "directory_user" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "userId" UUID,
    "userName" TEXT NOT NULL,
    "userNameLower" TEXT NOT NULL,
    "externalId" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "displayName" TEXT,
    "givenName" TEXT,
    "familyName" TEXT,
    "emails" JSONB NOT NULL DEFAULT '[]',
    "phoneNumbers" JSONB NOT NULL DEFAULT '[]',
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "profile" JSONB NOT NULL DEFAULT '{}',
    "passwordHash" TEXT,
    "source" TEXT NOT NULL DEFAULT 'scim',
    "membershipSuspended" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "directory_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "directory_group" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "displayName" TEXT NOT NULL,
    "displayNameLower" TEXT NOT NULL,
    "externalId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "directory_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "directory_group_member" (
    "orgId" UUID NOT NULL,
    "groupId" UUID NOT NULL,
    "directoryUserId" UUID NOT NULL,
    "display" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "directory_group_member_pkey" PRIMARY KEY ("groupId","directoryUserId")
);

-- CreateTable
CREATE TABLE "identity_mapping_set" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "attributeRoleMappings" JSONB NOT NULL DEFAULT '[]',
    "attributeTeamMappings" JSONB NOT NULL DEFAULT '[]',
    "attributeBusinessUnitMappings" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "identity_mapping_set_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "team" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "externalId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "team_membership" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "team_membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "business_unit" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "externalId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "business_unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "business_unit_membership" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "businessUnitId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "business_unit_membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scim_request_log" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "tokenId" UUID,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "resourceType" TEXT,
    "resourceId" TEXT,
    "status" INTEGER NOT NULL,
    "scimType" TEXT,
    "detail" TEXT,
    "quirks" TEXT[],
    "durationMs" INTEGER NOT NULL,
    "requestBody" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scim_request_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sso_connection" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "secretsEnc" TEXT,
    "scopes" TEXT[],
    "userIdField" TEXT NOT NULL DEFAULT 'sub',
    "rolesField" TEXT,
    "teamIdsField" TEXT,
    "endpoints" JSONB,
    "endpointsFetchedAt" TIMESTAMP(3),
    "verifiedAt" TIMESTAMP(3),
    "lastVerifyResult" JSONB,
    "testSignInAt" TIMESTAMP(3),
    "testSignInUserId" UUID,
    "testSignInEmail" TEXT,
    "lastTestResult" JSONB,
    "lastTestAt" TIMESTAMP(3),
    "requireSso" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sso_connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sso_login_failure" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "connectionId" UUID,
    "traceId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT,
    "email" TEXT,
    "claims" JSONB,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sso_login_failure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sso_attribute_sample" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "attributes" JSONB NOT NULL,
    "groups" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sso_attribute_sample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_identity" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "lastClaims" JSONB,
    "lastLoginAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sso_used_nonce" (
    "key" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sso_used_nonce_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "organization_slug_key" ON "organization"("slug");

-- CreateIndex
CREATE INDEX "organization_name_idx" ON "organization"("name");

-- CreateIndex
CREATE INDEX "organization_createdAt_id_idx" ON "organization"("createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "user_email_key" ON "user"("email");

-- CreateIndex
CREATE INDEX "recovery_code_userId_idx" ON "recovery_code"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "session_tokenHash_key" ON "session"("tokenHash");

-- CreateIndex
CREATE INDEX "session_userId_idx" ON "session"("userId");

-- CreateIndex
CREATE INDEX "membership_orgId_idx" ON "membership"("orgId");

-- CreateIndex
CREATE INDEX "membership_userId_idx" ON "membership"("userId");

-- CreateIndex
CREATE INDEX "membership_orgId_role_idx" ON "membership"("orgId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "membership_orgId_id_key" ON "membership"("orgId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "membership_orgId_userId_key" ON "membership"("orgId", "userId");

-- CreateIndex
CREATE INDEX "role_orgId_idx" ON "role"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "role_scopeKey_name_key" ON "role"("scopeKey", "name");

-- CreateIndex
CREATE UNIQUE INDEX "role_orgId_id_key" ON "role"("orgId", "id");

-- CreateIndex
CREATE INDEX "config_orgId_idx" ON "config"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "config_scopeKey_name_key" ON "config"("scopeKey", "name");

-- CreateIndex
CREATE UNIQUE INDEX "config_orgId_id_key" ON "config"("orgId", "id");

-- CreateIndex
CREATE INDEX "oauth_connection_orgId_idx" ON "oauth_connection"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "oauth_connection_scopeKey_name_key" ON "oauth_connection"("scopeKey", "name");

-- CreateIndex
CREATE UNIQUE INDEX "oauth_connection_orgId_id_key" ON "oauth_connection"("orgId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_keyHash_key" ON "api_key"("keyHash");

-- CreateIndex
CREATE INDEX "api_key_orgId_idx" ON "api_key"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_orgId_id_key" ON "api_key"("orgId", "id");

-- CreateIndex
CREATE INDEX "audit_event_orgId_createdAt_idx" ON "audit_event"("orgId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "audit_event_createdAt_idx" ON "audit_event"("createdAt" DESC);

-- CreateIndex
CREATE INDEX "audit_event_orgId_action_idx" ON "audit_event"("orgId", "action");

-- CreateIndex
CREATE INDEX "audit_event_orgId_actorId_idx" ON "audit_event"("orgId", "actorId");

-- CreateIndex
CREATE INDEX "login_attempt_email_createdAt_idx" ON "login_attempt"("email", "createdAt");

-- CreateIndex
CREATE INDEX "login_attempt_ip_createdAt_idx" ON "login_attempt"("ip", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "invitation_tokenHash_key" ON "invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "invitation_orgId_idx" ON "invitation"("orgId");

-- CreateIndex
CREATE INDEX "invitation_orgId_status_createdAt_idx" ON "invitation"("orgId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "invitation_orgId_email_idx" ON "invitation"("orgId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "invitation_orgId_id_key" ON "invitation"("orgId", "id");

-- CreateIndex
CREATE INDEX "verified_domain_orgId_idx" ON "verified_domain"("orgId");

-- CreateIndex
CREATE INDEX "verified_domain_domain_idx" ON "verified_domain"("domain");

-- CreateIndex
CREATE INDEX "verified_domain_status_idx" ON "verified_domain"("status");

-- CreateIndex
CREATE UNIQUE INDEX "verified_domain_orgId_id_key" ON "verified_domain"("orgId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "verified_domain_orgId_domain_key" ON "verified_domain"("orgId", "domain");

-- CreateIndex
CREATE INDEX "outbox_message_createdAt_idx" ON "outbox_message"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "scim_token_tokenHash_key" ON "scim_token"("tokenHash");

-- CreateIndex
CREATE INDEX "scim_token_orgId_idx" ON "scim_token"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "scim_token_orgId_id_key" ON "scim_token"("orgId", "id");

-- CreateIndex
CREATE INDEX "directory_user_orgId_externalId_idx" ON "directory_user"("orgId", "externalId");

-- CreateIndex
CREATE INDEX "directory_user_orgId_idx" ON "directory_user"("orgId");

-- CreateIndex
CREATE INDEX "directory_user_orgId_createdAt_id_idx" ON "directory_user"("orgId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "directory_user_orgId_updatedAt_idx" ON "directory_user"("orgId", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "directory_user_orgId_id_key" ON "directory_user"("orgId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "directory_user_orgId_userNameLower_key" ON "directory_user"("orgId", "userNameLower");

-- CreateIndex
CREATE UNIQUE INDEX "directory_user_orgId_userId_key" ON "directory_user"("orgId", "userId");

-- CreateIndex
CREATE INDEX "directory_group_orgId_externalId_idx" ON "directory_group"("orgId", "externalId");

-- CreateIndex
CREATE INDEX "directory_group_orgId_idx" ON "directory_group"("orgId");

-- CreateIndex
CREATE INDEX "directory_group_orgId_createdAt_id_idx" ON "directory_group"("orgId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "directory_group_orgId_updatedAt_idx" ON "directory_group"("orgId", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "directory_group_orgId_id_key" ON "directory_group"("orgId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "directory_group_orgId_displayNameLower_key" ON "directory_group"("orgId", "displayNameLower");

-- CreateIndex
CREATE INDEX "directory_group_member_orgId_directoryUserId_idx" ON "directory_group_member"("orgId", "directoryUserId");

-- CreateIndex
CREATE UNIQUE INDEX "identity_mapping_set_orgId_key" ON "identity_mapping_set"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "identity_mapping_set_orgId_id_key" ON "identity_mapping_set"("orgId", "id");

-- CreateIndex
CREATE INDEX "team_orgId_idx" ON "team"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "team_orgId_id_key" ON "team"("orgId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "team_orgId_name_key" ON "team"("orgId", "name");

-- CreateIndex
CREATE INDEX "team_membership_orgId_userId_idx" ON "team_membership"("orgId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "team_membership_orgId_id_key" ON "team_membership"("orgId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "team_membership_teamId_userId_source_key" ON "team_membership"("teamId", "userId", "source");

-- CreateIndex
CREATE INDEX "business_unit_orgId_idx" ON "business_unit"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "business_unit_orgId_id_key" ON "business_unit"("orgId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "business_unit_orgId_name_key" ON "business_unit"("orgId", "name");

-- CreateIndex
CREATE INDEX "business_unit_membership_orgId_userId_idx" ON "business_unit_membership"("orgId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "business_unit_membership_orgId_id_key" ON "business_unit_membership"("orgId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "business_unit_membership_businessUnitId_userId_source_key" ON "business_unit_membership"("businessUnitId", "userId", "source");

-- CreateIndex
CREATE INDEX "scim_request_log_orgId_createdAt_idx" ON "scim_request_log"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "scim_request_log_createdAt_idx" ON "scim_request_log"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "scim_request_log_orgId_id_key" ON "scim_request_log"("orgId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "sso_connection_orgId_key" ON "sso_connection"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "sso_connection_orgId_id_key" ON "sso_connection"("orgId", "id");

-- CreateIndex
CREATE INDEX "sso_login_failure_orgId_createdAt_idx" ON "sso_login_failure"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "sso_login_failure_traceId_idx" ON "sso_login_failure"("traceId");

-- CreateIndex
CREATE INDEX "sso_login_failure_createdAt_idx" ON "sso_login_failure"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "sso_login_failure_orgId_id_key" ON "sso_login_failure"("orgId", "id");

-- CreateIndex
CREATE INDEX "sso_attribute_sample_orgId_createdAt_idx" ON "sso_attribute_sample"("orgId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "sso_attribute_sample_orgId_id_key" ON "sso_attribute_sample"("orgId", "id");

-- CreateIndex
CREATE INDEX "user_identity_orgId_idx" ON "user_identity"("orgId");

-- CreateIndex
CREATE INDEX "user_identity_userId_idx" ON "user_identity"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "user_identity_orgId_id_key" ON "user_identity"("orgId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "user_identity_connectionId_subject_key" ON "user_identity"("connectionId", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "user_identity_connectionId_userId_key" ON "user_identity"("connectionId", "userId");

-- CreateIndex
CREATE INDEX "sso_used_nonce_expiresAt_idx" ON "sso_used_nonce"("expiresAt");

-- AddForeignKey
ALTER TABLE "recovery_code" ADD CONSTRAINT "recovery_code_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role" ADD CONSTRAINT "role_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "config" ADD CONSTRAINT "config_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oauth_connection" ADD CONSTRAINT "oauth_connection_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verified_domain" ADD CONSTRAINT "verified_domain_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scim_token" ADD CONSTRAINT "scim_token_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "directory_user" ADD CONSTRAINT "directory_user_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "directory_group" ADD CONSTRAINT "directory_group_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "directory_group_member" ADD CONSTRAINT "directory_group_member_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "directory_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "directory_group_member" ADD CONSTRAINT "directory_group_member_directoryUserId_fkey" FOREIGN KEY ("directoryUserId") REFERENCES "directory_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "identity_mapping_set" ADD CONSTRAINT "identity_mapping_set_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team" ADD CONSTRAINT "team_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_membership" ADD CONSTRAINT "team_membership_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "business_unit" ADD CONSTRAINT "business_unit_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "business_unit_membership" ADD CONSTRAINT "business_unit_membership_businessUnitId_fkey" FOREIGN KEY ("businessUnitId") REFERENCES "business_unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sso_connection" ADD CONSTRAINT "sso_connection_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_identity" ADD CONSTRAINT "user_identity_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_identity" ADD CONSTRAINT "user_identity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_identity" ADD CONSTRAINT "user_identity_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "sso_connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

