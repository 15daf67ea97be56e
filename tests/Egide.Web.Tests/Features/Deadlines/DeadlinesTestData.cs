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

    public static async Task<RightsRequest> RequestAsync(
        TestDatabase database, Guid organization, string reference, DateOnly dueDate,
        RightsRequestKind kind = RightsRequestKind.Access, string requester = "Jeanne Martin")
    {
        await using var db = database.CreateDb();
        db.UseOrganization(organization);
        var request = new RightsRequest
        {
            OrganizationId = organization,
            Reference = reference,
            Kind = kind,
            RequesterName = requester,
            Channel = RequestChannel.Email,
            ReceivedOn = dueDate.AddMonths(-1),
            DueDate = dueDate,
            Status = RightsRequestStatus.Received,
            CreatedAt = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc),
            UpdatedAt = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc),
            CreatedByName = "Référent des tests",
            Version = 1,
        };
        db.RightsRequests.Add(request);
        await db.SaveChangesAsync(Ct);
        return request;
    }

    public static async Task<DataBreach> BreachAsync(
        TestDatabase database, Guid organization, string reference, DateTime awareAt, string title = "Courriel envoyé au mauvais destinataire",
        NotificationDecision decision = NotificationDecision.Pending, bool notified = false)
    {
        await using var db = database.CreateDb();
        db.UseOrganization(organization);
        var breach = new DataBreach
        {
            OrganizationId = organization,
            Reference = reference,
            Title = title,
            AwareAt = awareAt,
            Decision = decision,
            CreatedAt = awareAt,
            UpdatedAt = awareAt,
            CreatedByName = "Référent des tests",
            Version = 1,
        };
        db.DataBreaches.Add(breach);
        if (notified)
        {
            db.BreachNotifications.Add(new BreachNotification
            {
                OrganizationId = organization, BreachId = breach.Id, Kind = NotificationKind.Complete, NotifiedAt = awareAt.AddHours(20),
                Content = "Notification", RecordedAt = awareAt.AddHours(20), RecordedByName = "Référent des tests",
            });
        }
        await db.SaveChangesAsync(Ct);
        return breach;
    }

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
