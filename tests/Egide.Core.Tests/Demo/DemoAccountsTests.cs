using Egide.Core.Account;
using Egide.Core.Demo;
using Egide.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Core.Tests.Demo;

public sealed class DemoAccountsTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SeedAsync_AfterDemoData_PeopleWithWorkingPasswordsSecondFactorsAndMemberships(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(database.Configuration).Build())
            .AddLogging()
            .AddEgideCore()
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var ct = TestContext.Current.CancellationToken;
        await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync(ct);

        var accounts = await scope.ServiceProvider.GetRequiredService<DemoAccounts>().SeedAsync(ct);

        var users = scope.ServiceProvider.GetRequiredService<UserManager<EgideUser>>();
        Assert.Equal(5, accounts.Count);
        Assert.Equal(accounts.Count, accounts.Select(a => a.Password).Distinct().Count());
        foreach (var account in accounts)
        {
            var user = (await users.FindByEmailAsync(account.Email))!;
            Assert.True(await users.CheckPasswordAsync(user, account.Password), account.Email);
            Assert.Equal(account.TotpSecret is not null, user.TwoFactorEnabled);
            if (account.TotpSecret is not null)
            {
                Assert.Equal(account.TotpSecret, await users.GetAuthenticatorKeyAsync(user));
            }
        }
        var db = scope.ServiceProvider.GetRequiredService<Egide.Core.Data.EgideDb>();
        var claire = await db.Users.SingleAsync(u => u.Email == "claire.vasseur@cdg62.example", ct);
        Assert.Equal(5, await db.Memberships.CountAsync(m => m.UserId == claire.Id && m.Roles == OrganizationRoles.Dpo, ct));
        var referent = await db.Users.SingleAsync(u => u.Email == "marie.delcourt@saint-laurent-blangy.example", ct);
        Assert.Equal(OrganizationRoles.PrivacyReferent | OrganizationRoles.Admin, (await db.Memberships.SingleAsync(m => m.UserId == referent.Id, ct)).Roles);

        // Once people exist, seeding again creates nobody.
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<DemoAccounts>().SeedAsync(ct));
    }
}
