using Egide.Core.Data;
using Egide.Core.Demo;
using Egide.Core.Privacy.Register;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Demo;

public sealed class DemoRegistersTests
{
    private static readonly string[] Bodies = [DemoRegisters.Departement, DemoRegisters.SaintLaurentBlangy, DemoRegisters.Achicourt, DemoRegisters.Ccas];

    private static async Task<int> SeedAsync(TestDatabase database, TimeProvider clock)
    {
        await using var db = database.CreateDb(clock);
        return await new DemoRegisters(db, database.Settings, clock).SeedAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<Dictionary<string, Guid>> DemoBodiesAsync(TestDatabase database, TimeProvider clock)
    {
        await using var db = database.CreateDb(clock);
        await new DemoData(db, clock).SeedAsync(TestContext.Current.CancellationToken);
        return await db.Organizations.Where(o => Bodies.Contains(o.Name)).ToDictionaryAsync(o => o.Name, o => o.Id, TestContext.Current.CancellationToken);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SeedAsync_DemoBodies_ValidVariedRegistersWithAlertsInEachBody(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var clock = TestClock.At(2026, 11, 23, 9);
        var bodies = await DemoBodiesAsync(database, clock);
        Assert.Equal(4, bodies.Count);

        var added = await SeedAsync(database, clock);

        await using var db = database.CreateDb(clock);
        var all = await db.ProcessingActivities.IgnoreQueryFilters([Tenancy.FilterName]).AsNoTracking().ToListAsync(ct);
        Assert.Equal(added, all.Count);
        foreach (var (name, id) in bodies)
        {
            db.UseOrganization(id);
            var activities = await db.ProcessingActivities.AsNoTracking().ToListAsync(ct);
            Assert.True(activities.Count > 0, name);
            var catalogs = await RegisterCatalogs.LoadAsync(db, ct);
            var processors = (await db.Processors.AsNoTracking().Select(p => p.Id).ToListAsync(ct)).ToHashSet();
            foreach (var activity in activities)
            {
                var errors = ActivityValidation.Check(ActivityInput.Of(activity), catalogs, processors);
                Assert.True(errors.IsEmpty, $"{name} {activity.Reference}: {(errors.IsEmpty ? "" : errors.ToFailure().FirstMessage)}");
                Assert.Equal(activity.Version, await db.ActivityVersions.CountAsync(v => v.ActivityId == activity.Id, ct));
            }
            // Every link to a processor stays in the body's own register of processors.
            Assert.All(await db.ActivityProcessors.AsNoTracking().ToListAsync(ct), l => Assert.Contains(l.ProcessorId, processors));
        }

        // The three bodies of the issue each show a validated entry and one with an open alert.
        foreach (var name in new[] { DemoRegisters.Departement, DemoRegisters.SaintLaurentBlangy, DemoRegisters.Achicourt })
        {
            db.UseOrganization(bodies[name]);
            var validated = await db.ProcessingActivities.AsNoTracking().Where(a => a.Status == ActivityStatus.Validated).ToListAsync(ct);
            Assert.NotEmpty(validated);
            Assert.All(validated, a => Assert.NotNull(a.ValidatedBy));
            Assert.Contains(await db.ProcessingActivities.Select(a => a.Status).ToListAsync(ct), s => s == ActivityStatus.Draft);
            Assert.True(await db.RegisterAlerts.AnyAsync(r => r.ResolvedAt == null && r.ActivityId != null, ct), name);
        }

        // A few non-conformities made on purpose, the rest compliant.
        var alerts = await db.RegisterAlerts.IgnoreQueryFilters([Tenancy.FilterName]).AsNoTracking().Where(r => r.ResolvedAt == null).ToListAsync(ct);
        Assert.Contains(alerts, a => a.RuleCode == RegisterRules.Codes.RetentionMissing);
        Assert.Contains(alerts, a => a.RuleCode == RegisterRules.Codes.TransferWithoutSafeguard && a.ActivityId != null);
        Assert.Contains(alerts, a => a.RuleCode == RegisterRules.Codes.ProcessorWithoutContract);
        Assert.Contains(alerts, a => a.RuleCode == RegisterRules.Codes.ProcessorClausesMissing);
        var withAlert = alerts.Where(a => a.ActivityId != null).Select(a => a.ActivityId).ToHashSet();
        Assert.Contains(all, a => a.Status == ActivityStatus.Validated && !withAlert.Contains(a.Id));
        Assert.Contains(all, a => a.HasSpecialData);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SeedAsync_SecondTime_AddsNothing(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var clock = TestClock.At(2026, 11, 23, 9);
        await DemoBodiesAsync(database, clock);
        var first = await SeedAsync(database, clock);
        int versions, processors, alerts;
        await using (var db = database.CreateDb(clock))
        {
            versions = await db.ActivityVersions.IgnoreQueryFilters([Tenancy.FilterName]).CountAsync(ct);
            processors = await db.Processors.IgnoreQueryFilters([Tenancy.FilterName]).CountAsync(ct);
            alerts = await db.RegisterAlerts.IgnoreQueryFilters([Tenancy.FilterName]).CountAsync(ct);
        }

        var second = await SeedAsync(database, clock);

        Assert.True(first > 0);
        Assert.Equal(0, second);
        await using (var db = database.CreateDb(clock))
        {
            Assert.Equal(first, await db.ProcessingActivities.IgnoreQueryFilters([Tenancy.FilterName]).CountAsync(ct));
            Assert.Equal(versions, await db.ActivityVersions.IgnoreQueryFilters([Tenancy.FilterName]).CountAsync(ct));
            Assert.Equal(processors, await db.Processors.IgnoreQueryFilters([Tenancy.FilterName]).CountAsync(ct));
            Assert.Equal(alerts, await db.RegisterAlerts.IgnoreQueryFilters([Tenancy.FilterName]).CountAsync(ct));
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SeedAsync_RowsStayInTheirOwnOrganisation(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var clock = TestClock.At(2026, 11, 23, 9);
        var bodies = await DemoBodiesAsync(database, clock);

        await SeedAsync(database, clock);

        await using var db = database.CreateDb(clock);
        var activities = await db.ProcessingActivities.IgnoreQueryFilters([Tenancy.FilterName]).AsNoTracking().ToListAsync(ct);
        var processors = await db.Processors.IgnoreQueryFilters([Tenancy.FilterName]).AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.OrganizationId, ct);
        foreach (var activity in activities)
        {
            // Each entry names its controller: the body it was written for.
            var controller = activity.Content.Controller!.Name;
            var owner = bodies.Single(b => controller.StartsWith(b.Key, StringComparison.Ordinal)).Value;
            Assert.Equal(owner, activity.OrganizationId);
            Assert.All(activity.Content.Recipients.Where(r => r.ProcessorId is not null), r => Assert.Equal(owner, processors[r.ProcessorId!.Value]));
        }
        Assert.All(await db.ActivityVersions.IgnoreQueryFilters([Tenancy.FilterName]).AsNoTracking().ToListAsync(ct),
            v => Assert.Equal(activities.Single(a => a.Id == v.ActivityId).OrganizationId, v.OrganizationId));
        Assert.All(await db.ActivityProcessors.IgnoreQueryFilters([Tenancy.FilterName]).AsNoTracking().ToListAsync(ct), l =>
        {
            Assert.Equal(activities.Single(a => a.Id == l.ActivityId).OrganizationId, l.OrganizationId);
            Assert.Equal(processors[l.ProcessorId], l.OrganizationId);
        });
        Assert.All(await db.RegisterAlerts.IgnoreQueryFilters([Tenancy.FilterName]).AsNoTracking().ToListAsync(ct), a =>
            Assert.Equal(a.ActivityId is { } id ? activities.Single(x => x.Id == id).OrganizationId : processors[a.ProcessorId!.Value], a.OrganizationId));
        Assert.Equal(bodies.Values.Order(), activities.Select(a => a.OrganizationId).Distinct().Order());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SeedAsync_BodyWithARegisterAlready_LeftAsItIs(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var clock = TestClock.At(2026, 11, 23, 9);
        var bodies = await DemoBodiesAsync(database, clock);
        await using (var db = database.CreateDb(clock))
        {
            db.UseOrganization(bodies[DemoRegisters.Achicourt]);
            var own = await new CreateProcessingActivity.Handler(db, database.Settings, clock).Handle(
                new ActivityInput { Reference = "X-1", Name = "Fiche existante" },
                new RegisterActor(null, "Sandrine Lemoine", Egide.Core.Account.OrganizationRoles.PrivacyReferent), ct);
            Assert.True(own.IsSuccess);
        }

        await SeedAsync(database, clock);

        await using (var db = database.CreateDb(clock))
        {
            db.UseOrganization(bodies[DemoRegisters.Achicourt]);
            Assert.Equal("X-1", Assert.Single(await db.ProcessingActivities.Select(a => a.Reference).ToListAsync(ct)));
            Assert.Empty(await db.Processors.ToListAsync(ct));
            db.UseOrganization(bodies[DemoRegisters.SaintLaurentBlangy]);
            Assert.NotEmpty(await db.ProcessingActivities.ToListAsync(ct));
        }
    }
}
