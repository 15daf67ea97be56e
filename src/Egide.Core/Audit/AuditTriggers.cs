namespace Egide.Core.Audit;

/// <summary>
/// The database refuses to update or delete audit entries, whoever asks (defence in depth: the chain makes
/// tampering visible, the triggers make the honest mistake impossible). Used by the AuditTrail migrations;
/// kept here so that regenerated migrations can carry them over in one line each.
/// Note for SQLite: a migration that rebuilds the AuditEntries table drops its triggers; run
/// <see cref="Sqlite"/> again after such a rebuild.
/// </summary>
public static class AuditTriggers
{
    public const string Message = "audit trail is append-only";

    public const string Sqlite = """
        CREATE TRIGGER "AuditEntries_NoUpdate" BEFORE UPDATE ON "AuditEntries"
        BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
        CREATE TRIGGER "AuditEntries_NoDelete" BEFORE DELETE ON "AuditEntries"
        BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
        """;

    public const string DropSqlite = """
        DROP TRIGGER IF EXISTS "AuditEntries_NoUpdate";
        DROP TRIGGER IF EXISTS "AuditEntries_NoDelete";
        """;

    public const string Postgres = """
        CREATE FUNCTION egide_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit trail is append-only';
        END;
        $$;
        CREATE TRIGGER "AuditEntries_NoUpdateOrDelete" BEFORE UPDATE OR DELETE ON "AuditEntries"
            FOR EACH ROW EXECUTE FUNCTION egide_audit_append_only();
        CREATE TRIGGER "AuditEntries_NoTruncate" BEFORE TRUNCATE ON "AuditEntries"
            FOR EACH STATEMENT EXECUTE FUNCTION egide_audit_append_only();
        """;

    public const string DropPostgres = """
        DROP TRIGGER IF EXISTS "AuditEntries_NoTruncate" ON "AuditEntries";
        DROP TRIGGER IF EXISTS "AuditEntries_NoUpdateOrDelete" ON "AuditEntries";
        DROP FUNCTION IF EXISTS egide_audit_append_only();
        """;
}
