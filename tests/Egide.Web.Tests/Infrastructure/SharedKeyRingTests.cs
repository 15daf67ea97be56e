using System.Net;
using Egide.Core.Configuration;
using Egide.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Xunit;

namespace Egide.Web.Tests.Infrastructure;

/// <summary>
/// Two instances of Egide behind one address, on one database: a person signed in on the first is signed in on the
/// second, and a form served by one is accepted by the other (antiforgery), because the key ring is in the database.
/// </summary>
public sealed class SharedKeyRingTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SignedInOnOneInstance_SignedInOnTheOther_AndItsFormsAccepted(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // On PostgreSQL the second instance has a data folder of its own, as on another machine.
        var otherFolder = provider == Db.Postgres ? Directory.CreateTempSubdirectory("egide-test-other-").FullName : null;
        try
        {
            await using var first = new EgideWebFactory(database);
            await using var second = new EgideWebFactory(database,
                settings: otherFolder is null ? null : new Dictionary<string, string?> { [EgideSettings.DataKey] = otherFolder });
            var person = await TestAccounts.CreateAsync(first.Services, "dpo@arras.example");
            var browser = new CookieContainer();
            using var onFirst = first.CreateDefaultClient(new CookieContainerHandler(browser));
            using var onSecond = second.CreateDefaultClient(new CookieContainerHandler(browser));

            await onFirst.SignInAsync(person);
            var page = await HtmlPage.GetAsync(onSecond, "/compte");

            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal("Personne dpo", page.Document.QuerySelector("header a[href='/compte']")!.TextContent.Trim());
            var served = await HtmlPage.GetAsync(onFirst, "/compte");
            using var signedOut = await served.SubmitAsync(onSecond, new Dictionary<string, string>(), "form[action='/deconnexion']");
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
            using var after = await onFirst.GetAsync(new Uri("/compte", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.StartsWith("/connexion", after.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        }
        finally
        {
            if (otherFolder is not null)
            {
                Directory.Delete(otherFolder, recursive: true);
            }
        }
    }
}
