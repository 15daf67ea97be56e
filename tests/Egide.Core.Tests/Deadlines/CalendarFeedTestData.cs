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
}
