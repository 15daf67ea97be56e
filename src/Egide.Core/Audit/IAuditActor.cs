namespace Egide.Core.Audit;

/// <summary>
/// Who is acting, as the audit trail records it. The CLI acts as <see cref="SystemAuditActor.Cli"/>; the web
/// application registers its own (the signed-in person once accounts exist). Read when a change is saved.
/// </summary>
public interface IAuditActor
{
    /// <summary>The person's account, when there is one.</summary>
    Guid? UserId { get; }

    /// <summary>A name an auditor can read ("système", the person's name or e-mail address).</summary>
    string Name { get; }

    /// <summary>Through what: "web", "api-token:&lt;id&gt;", "cli"…</summary>
    string? Via { get; }
}

/// <summary>Egide itself acting, not a person: the command line, start-up tasks, background jobs.</summary>
public sealed class SystemAuditActor(string via) : IAuditActor
{
    public const string SystemName = "système";

    /// <summary>The default actor of the command line (and of contexts made without one, as in tests).</summary>
    public static readonly SystemAuditActor Cli = new("cli");

    public Guid? UserId => null;

    public string Name => SystemName;

    public string? Via { get; } = via;
}
