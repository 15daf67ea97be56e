using Egide.Core.Account;
using Egide.Core.Data;
using Egide.Core.Organizations;
using Egide.Core.Privacy.Breaches;
using Egide.Core.Privacy.Requests;
using Xunit;

namespace Egide.Testing;

/// <summary>
/// Rights requests, breaches and members written straight through the context, as their own use cases would leave
/// them: the deadline tests do not depend on the pages and handlers that record them.
/// </summary>
public static class DeadlineData
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<Guid> OrganizationAsync(TestDatabase database, string name)
    {
        await using var db = database.CreateDb();
        var result = await new CreateOrganization.Handler(db, TimeProvider.System)
            .Handle(new OrganizationInput { Kind = OrganizationKind.Commune, Name = name }, Ct);
        Assert.True(result.IsSuccess, result.Failure?.ToString());
        return result.Value;
    }

    /// <summary>A person holding <paramref name="roles"/> in the organisation; returns the address given.</summary>
    public static async Task<string> MemberAsync(TestDatabase database, Guid organization, string email, OrganizationRoles roles, string? name = null)
    {
        await using var db = database.CreateDb();
        var user = new EgideUser { Email = email, UserName = email, DisplayName = name ?? "Personne " + email.Split('@')[0] };
        db.Users.Add(user);
        db.Memberships.Add(new Membership { UserId = user.Id, OrganizationId = organization, Roles = roles });
        await db.SaveChangesAsync(Ct);
        return email;
    }

    public static async Task<RightsRequest> RequestAsync(
        TestDatabase database, Guid organization, string reference, DateOnly dueDate,
        RightsRequestStatus status = RightsRequestStatus.Received, RightsRequestKind kind = RightsRequestKind.Access,
        string requester = "Jeanne Martin")
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
            Status = status,
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
            CreatedByName = "Bruno Petit",
            Version = 1,
        };
        db.RightsRequests.Add(request);
        await db.SaveChangesAsync(Ct);
        return request;
    }

    /// <summary>Moves a request's due date, as an extension does (art. 12(3)).</summary>
    public static async Task ExtendAsync(TestDatabase database, Guid organization, Guid request, int months)
    {
        await using var db = database.CreateDb();
        db.UseOrganization(organization);
        var row = await db.RightsRequests.FindAsync([request], Ct) ?? throw new InvalidOperationException("No such request.");
        row.ExtensionMonths = months;
        row.DueDate = row.DueDate.AddMonths(months);
        row.Version++;
        await db.SaveChangesAsync(Ct);
    }

    public static async Task<DataBreach> BreachAsync(
        TestDatabase database, Guid organization, string reference, DateTime awareAtUtc,
        NotificationDecision decision = NotificationDecision.Pending, DateTime? closedAt = null,
        string title = "Courriel envoyé au mauvais destinataire", bool notified = false)
    {
        await using var db = database.CreateDb();
        db.UseOrganization(organization);
        var breach = new DataBreach
        {
            OrganizationId = organization,
            Reference = reference,
            Title = title,
            AwareAt = awareAtUtc,
            Decision = decision,
            ClosedAt = closedAt,
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
            CreatedByName = "Bruno Petit",
            Version = 1,
        };
        db.DataBreaches.Add(breach);
        if (notified)
        {
            AddNotification(db, organization, breach.Id, awareAtUtc.AddHours(20));
        }
        await db.SaveChangesAsync(Ct);
        return breach;
    }

    /// <summary>Records the CNIL notification of a breach: its clock stops.</summary>
    public static async Task NotifyAsync(TestDatabase database, Guid organization, Guid breach, DateTime notifiedAtUtc)
    {
        await using var db = database.CreateDb();
        db.UseOrganization(organization);
        AddNotification(db, organization, breach, notifiedAtUtc);
        await db.SaveChangesAsync(Ct);
    }

    private static void AddNotification(Egide.Core.Data.EgideDb db, Guid organization, Guid breach, DateTime notifiedAtUtc) =>
        db.BreachNotifications.Add(new BreachNotification
        {
            OrganizationId = organization,
            BreachId = breach,
            Kind = NotificationKind.Initial,
            NotifiedAt = notifiedAtUtc,
            CnilReference = "NOT-2026-0001",
            Content = "Notification initiale",
            RecordedAt = notifiedAtUtc,
            RecordedByName = "Bruno Petit",
        });
}
