using Egide.Core.Account;
using Egide.Core.Organizations;
using Egide.Core.Privacy.Breaches;
using Egide.Core.Privacy.Requests;
using Egide.Testing;

namespace Egide.Core.Tests.Deadlines;

/// <summary>Requests, breaches and people written straight through the context (their own use cases are built elsewhere).</summary>
internal static class CalendarFeedTestData
{
    public static async Task<Guid> OrganizationAsync(TestDatabase database, TimeProvider clock, string name)
    {
        await using var db = database.CreateDb(clock);
        var created = await new CreateOrganization.Handler(db, clock)
            .Handle(new OrganizationInput { Kind = OrganizationKind.Commune, Name = name }, CancellationToken.None);
        return created.Value;
    }

    public static async Task<Guid> PersonAsync(TestDatabase database, Guid organization, OrganizationRoles roles, string name)
    {
        await using var db = database.CreateDb();
        var user = new EgideUser { UserName = name + "@test.example", Email = name + "@test.example", DisplayName = name };
        db.Users.Add(user);
        db.Memberships.Add(new Membership { UserId = user.Id, OrganizationId = organization, Roles = roles });
        await db.SaveChangesAsync();
        return user.Id;
    }

    public static async Task<RightsRequest> RequestAsync(
        TestDatabase database, Guid organization, string reference, DateOnly dueDate,
        RightsRequestStatus status = RightsRequestStatus.Received, string requester = "Jeanne Martin")
    {
        await using var db = database.CreateDb();
        db.UseOrganization(organization);
        var request = new RightsRequest
        {
            OrganizationId = organization,
            Reference = reference,
            Kind = RightsRequestKind.Access,
            RequesterName = requester,
            Channel = RequestChannel.Email,
            ReceivedOn = dueDate.AddMonths(-1),
            DueDate = dueDate,
            Status = status,
            CreatedAt = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc),
            UpdatedAt = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc),
            CreatedByName = "Référent des tests",
            Version = 1,
        };
        db.RightsRequests.Add(request);
        await db.SaveChangesAsync();
        return request;
    }

    public static async Task<DataBreach> BreachAsync(
        TestDatabase database, Guid organization, string reference, DateTime awareAt, string title = "Courriel envoyé au mauvais destinataire")
    {
        await using var db = database.CreateDb();
        db.UseOrganization(organization);
        var breach = new DataBreach
        {
            OrganizationId = organization,
            Reference = reference,
            Title = title,
            AwareAt = awareAt,
            CreatedAt = awareAt,
            UpdatedAt = awareAt,
            CreatedByName = "Référent des tests",
            Version = 1,
        };
        db.DataBreaches.Add(breach);
        await db.SaveChangesAsync();
        return breach;
    }
}
