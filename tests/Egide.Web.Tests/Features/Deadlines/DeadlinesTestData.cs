using Egide.Core.Privacy.Breaches;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Requests;
using Egide.Testing;
using Xunit;

namespace Egide.Web.Tests.Features.Deadlines;

/// <summary>
/// Requests, breaches and alerts written straight through the context: their own pages and use cases are built
/// elsewhere, and these tests look at deadlines only.
/// </summary>
public static class DeadlinesTestData
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task AlertAsync(TestDatabase database, Guid organization, string subject, DateTime raisedAt, bool resolved = false)
    {
        await using var db = database.CreateDb();
        db.UseOrganization(organization);
        db.RegisterAlerts.Add(new RegisterAlert
        {
            OrganizationId = organization,
            RuleCode = RegisterRules.All[0].Code,
            SubjectKey = "test:" + subject,
            SubjectName = subject,
            Message = "Constat",
            Article = "RGPD, art. 30",
            RaisedAt = raisedAt,
            ResolvedAt = resolved ? raisedAt.AddDays(1) : null,
        });
        await db.SaveChangesAsync(Ct);
    }
}
