using Egide.Core.Data;
using Egide.Core.Demo;
using Egide.Core.Privacy.Register;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Web.Tests.Infrastructure;

/// <summary>The first start with demo data: organisations, then their registers and casework, then the people.</summary>
public sealed class DemoStartupTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task FirstStart_Demo_RegistersFilledWithoutMailingTheirAlerts(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database, demoData: true);
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        await using var db = database.CreateDb();
        var blangy = await db.Organizations.Where(o => o.Name == DemoRegisters.SaintLaurentBlangy).Select(o => o.Id).SingleAsync(ct);
        db.UseOrganization(blangy);
        Assert.Contains(await db.ProcessingActivities.Select(a => a.Status).ToListAsync(ct), s => s == ActivityStatus.Validated);
        Assert.True(await db.RegisterAlerts.AnyAsync(a => a.ResolvedAt == null, ct));
        // The casework is the Département's and Achicourt's, not Saint-Laurent-Blangy's.
        Assert.False(await db.RightsRequests.AnyAsync(ct));
        var departement = await db.Organizations.Where(o => o.Name == DemoRegisters.Departement).Select(o => o.Id).SingleAsync(ct);
        db.UseOrganization(departement);
        Assert.True(await db.RightsRequests.AnyAsync(ct));
        Assert.True(await db.DataBreaches.AnyAsync(b => b.ClosedAt == null, ct));
        // Seeded before the demo people exist: no demo controller is mailed about the demo's own alerts.
        Assert.Empty(await db.OutboxMessages.IgnoreQueryFilters([Tenancy.FilterName]).ToListAsync(ct));
    }
}
