using System.Text.RegularExpressions;
using Egide.Core.Account;
using Egide.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Core.Tests.Cli;

public sealed partial class UserCommandsTests
{
    private const string Email = "marie.delcourt@saint-laurent-blangy.example";
    private const string Name = "Marie Delcourt";
    private const string Passphrase = "cheval agrafe batterie correcte";
    private const string Blangy = "Commune de Saint-Laurent-Blangy";
    private const string BlangySiren = "216207530";
    private const string PasswordLabel = "Mot de passe (affiché une seule fois) : ";

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_WithoutPassword_PrintsTheIdAndAGeneratedPasswordThatSignsIn(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await CliRunner.RunAsync(database, "user", "create", "--email", "Marie.Delcourt@Saint-Laurent-Blangy.example", "--name", Name);

        result.AssertSuccess();
        Assert.Equal(2, result.OutLines.Count);
        var id = Guid.Parse(result.OutLines[0]);
        Assert.StartsWith(PasswordLabel, result.OutLines[1], StringComparison.Ordinal);
        var password = result.OutLines[1][PasswordLabel.Length..];
        Assert.Matches(GeneratedPassword(), password);
        await using var services = Services(database);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<EgideUser>>();
        var user = await users.FindByIdAsync(id.ToString());
        Assert.NotNull(user);
        Assert.Equal(Email, user.Email);
        Assert.Equal(Name, user.DisplayName);
        Assert.False(user.IsPlatformAdmin);
        Assert.True(await users.CheckPasswordAsync(user, password));
        Assert.False(await users.CheckPasswordAsync(user, Passphrase));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_PasswordStdin_SavesThatPasswordAndNeverPrintsIt(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await CliRunner.RunWithInputAsync(Passphrase + "\n", database,
            "user", "create", "--email", Email, "--name", Name, "--password-stdin", "--platform-admin");

        result.AssertSuccess();
        var id = Guid.Parse(Assert.Single(result.OutLines));
        Assert.DoesNotContain("Mot de passe", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Passphrase, result.Out, StringComparison.Ordinal);
        await using var services = Services(database);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<EgideUser>>();
        var user = await users.FindByIdAsync(id.ToString());
        Assert.NotNull(user);
        Assert.True(user.IsPlatformAdmin);
        Assert.True(await users.CheckPasswordAsync(user, Passphrase));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_WeakPasswordStdin_ExitsTwoWithOneLineNamingTheOptionAndSavesNoUser(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        // A common word with a year; eleven characters; an empty line; nothing at all.
        var common = await CreateWithInputAsync(database, "motdepasse2026\n");
        var short11 = await CreateWithInputAsync(database, "Kp7-wq2-Zr9\n");
        var emptyLine = await CreateWithInputAsync(database, "\n");
        var nothing = await CreateWithInputAsync(database, "");

        var commonLine = common.AssertOneErrorLine();
        Assert.StartsWith("egide: --password-stdin : ", commonLine, StringComparison.Ordinal);
        Assert.Contains("trop courant", commonLine, StringComparison.Ordinal);
        Assert.DoesNotContain("motdepasse2026", commonLine, StringComparison.Ordinal);
        var shortLine = short11.AssertOneErrorLine();
        Assert.StartsWith("egide: --password-stdin : ", shortLine, StringComparison.Ordinal);
        Assert.Contains("au moins 12 caractères", shortLine, StringComparison.Ordinal);
        Assert.DoesNotContain("Kp7-wq2-Zr9", shortLine, StringComparison.Ordinal);
        Assert.Contains("--password-stdin", emptyLine.AssertOneErrorLine(), StringComparison.Ordinal);
        Assert.Contains("--password-stdin", nothing.AssertOneErrorLine(), StringComparison.Ordinal);
        Assert.Empty(common.Out + short11.Out + emptyLine.Out + nothing.Out);
        await using var db = database.CreateDb();
        Assert.Equal(0, await db.Users.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_DuplicateEmailInAnotherCase_ExitsTwoWithOneLineAndKeepsOneUser(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        (await CreateUserAsync(database, Email)).AssertSuccess();

        var result = await CliRunner.RunAsync(database, "user", "create", "--email", Email.ToUpperInvariant(), "--name", "Marie Delcourt-Bis");

        var line = result.AssertOneErrorLine();
        Assert.Equal($"egide: --email : Un compte existe déjà avec l'adresse {Email}.", line);
        Assert.Empty(result.Out);
        await using var db = database.CreateDb();
        Assert.Equal(Name, Assert.Single(await db.Users.Select(u => u.DisplayName).ToListAsync(TestContext.Current.CancellationToken)));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_InvalidEmailAndBlankName_ReportsBothOnOneLine(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await CliRunner.RunAsync(database, "user", "create", "--email", "pas-une-adresse", "--name", " ");

        var line = result.AssertOneErrorLine();
        Assert.Contains("--email : « pas-une-adresse » n'est pas une adresse électronique valide.", line, StringComparison.Ordinal);
        Assert.Contains("--name : Le nom est obligatoire", line, StringComparison.Ordinal);
        await using var db = database.CreateDb();
        Assert.Equal(0, await db.Users.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AddMembership_ByEmailAndSirenWithTwoRoles_SavesOneMembershipWithBothRoles(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var userId = Guid.Parse((await CreateUserAsync(database, Email)).OutLines[0]);
        var organizationId = await CreateBlangyAsync(database);

        var result = await CliRunner.RunAsync(database,
            "user", "add-membership", "--user", "Marie.DELCOURT@saint-laurent-blangy.example", "--org", "216 207 530", "--roles", "dpo, Controller");

        result.AssertSuccess();
        Assert.Equal($"Rôles de {Name} ({Email}) dans {Blangy} : DPO, Responsable de traitement.", Assert.Single(result.OutLines));
        await using var db = database.CreateDb();
        var membership = await db.Memberships.SingleAsync(ct);
        Assert.Equal(userId, membership.UserId);
        Assert.Equal(organizationId, membership.OrganizationId);
        Assert.Equal(OrganizationRoles.Dpo | OrganizationRoles.Controller, membership.Roles);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AddMembership_FurtherRoleByIds_KeepsTheRolesAlreadyHeld(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var userId = (await CreateUserAsync(database, Email)).OutLines[0];
        var organizationId = (await CreateBlangyAsync(database)).ToString();
        (await CliRunner.RunAsync(database, "user", "add-membership", "--user", Email, "--org", BlangySiren, "--roles", "dpo")).AssertSuccess();

        // The SIREN in words without quotes, as "org show" takes it, and the person by id.
        var bySirenWords = await CliRunner.RunAsync(database, "user", "add-membership", "--user", userId, "--org", "216", "207", "530", "--roles", "READER");
        var byIds = await CliRunner.RunAsync(database, "user", "add-membership", "--user", userId, "--org", organizationId, "--roles", "ciso");

        bySirenWords.AssertSuccess();
        byIds.AssertSuccess();
        Assert.EndsWith(" : DPO, Lecteur.", Assert.Single(bySirenWords.OutLines), StringComparison.Ordinal);
        Assert.EndsWith(" : DPO, RSSI, Lecteur.", Assert.Single(byIds.OutLines), StringComparison.Ordinal);
        await using var db = database.CreateDb();
        var membership = await db.Memberships.SingleAsync(ct);
        Assert.Equal(OrganizationRoles.Dpo | OrganizationRoles.Reader | OrganizationRoles.Ciso, membership.Roles);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AddMembership_UnknownRole_ExitsTwoWithOneLineListingTheAcceptedRoles(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        (await CreateUserAsync(database, Email)).AssertSuccess();
        await CreateBlangyAsync(database);

        var result = await CliRunner.RunAsync(database, "user", "add-membership", "--user", Email, "--org", BlangySiren, "--roles", "dpo,maire");
        var none = await CliRunner.RunAsync(database, "user", "add-membership", "--user", Email, "--org", BlangySiren, "--roles", ",");

        var line = result.AssertOneErrorLine();
        Assert.Contains("rôle inconnu « maire »", line, StringComparison.Ordinal);
        foreach (var role in OrganizationRoleNames.All)
        {
            Assert.Contains($"{role} ({role.French()})", line, StringComparison.Ordinal);
        }
        Assert.Contains("egide user add-membership --help", line, StringComparison.Ordinal);
        Assert.Contains("au moins un rôle", none.AssertOneErrorLine(), StringComparison.Ordinal);
        await AssertNoMembershipAsync(database);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AddMembership_UnknownUserOrOrganization_ExitsTwoWithOneLineEach(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        (await CreateUserAsync(database, Email)).AssertSuccess();
        await CreateBlangyAsync(database);

        var unknownEmail = await CliRunner.RunAsync(database, "user", "add-membership", "--user", "personne@ailleurs.example", "--org", BlangySiren, "--roles", "dpo");
        var unknownId = await CliRunner.RunAsync(database, "user", "add-membership", "--user", Guid.NewGuid().ToString(), "--org", BlangySiren, "--roles", "dpo");
        var unknownSiren = await CliRunner.RunAsync(database, "user", "add-membership", "--user", Email, "--org", "200 068 500", "--roles", "dpo");
        var unknownOrgId = await CliRunner.RunAsync(database, "user", "add-membership", "--user", Email, "--org", Guid.NewGuid().ToString(), "--roles", "dpo");

        Assert.StartsWith("egide: --user : personne introuvable : « personne@ailleurs.example »", unknownEmail.AssertOneErrorLine(), StringComparison.Ordinal);
        Assert.StartsWith("egide: --user : personne introuvable", unknownId.AssertOneErrorLine(), StringComparison.Ordinal);
        Assert.StartsWith("egide: --org : organisme introuvable : « 200 068 500 »", unknownSiren.AssertOneErrorLine(), StringComparison.Ordinal);
        Assert.StartsWith("egide: --org : organisme introuvable", unknownOrgId.AssertOneErrorLine(), StringComparison.Ordinal);
        Assert.Empty(unknownEmail.Out + unknownId.Out + unknownSiren.Out + unknownOrgId.Out);
        await AssertNoMembershipAsync(database);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_WithOrg_ShowsOnlyItsMembersWithTheirRolesInFrench(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        (await CreateUserAsync(database, Email)).AssertSuccess();
        (await CliRunner.RunWithInputAsync(Passphrase + "\n", database,
            "user", "create", "--email", "admin@egide.example", "--name", "Paul Admin", "--password-stdin", "--platform-admin")).AssertSuccess();
        await CreateBlangyAsync(database);
        var emptyBefore = await CliRunner.RunAsync(database, "user", "list", "--org", BlangySiren);
        (await CliRunner.RunAsync(database, "user", "add-membership", "--user", Email, "--org", BlangySiren, "--roles", "dpo,controller")).AssertSuccess();

        var members = await CliRunner.RunAsync(database, "user", "list", "--org", "216 207 530");
        var everyone = await CliRunner.RunAsync(database, "user", "list");

        emptyBefore.AssertSuccess();
        Assert.Equal($"{Blangy} : aucun membre.", Assert.Single(emptyBefore.OutLines));
        members.AssertSuccess();
        Assert.Equal(4, members.OutLines.Count); // header, rule, one member, count
        Assert.StartsWith("Courriel", members.OutLines[0], StringComparison.Ordinal);
        Assert.Contains("Rôles", members.OutLines[0], StringComparison.Ordinal);
        var member = members.OutLines[2];
        Assert.StartsWith(Email, member, StringComparison.Ordinal);
        Assert.Contains(Name, member, StringComparison.Ordinal);
        Assert.Contains("DPO, Responsable de traitement", member, StringComparison.Ordinal);
        Assert.Matches(@"\snon\s+désactivée$", member);
        Assert.DoesNotContain("admin@egide.example", members.Out, StringComparison.Ordinal);
        Assert.Equal($"{Blangy} : 1 membre.", members.OutLines[3]);

        everyone.AssertSuccess();
        Assert.Equal(5, everyone.OutLines.Count);
        Assert.DoesNotContain("Rôles", everyone.OutLines[0], StringComparison.Ordinal);
        Assert.Matches(@"^admin@egide\.example\s+Paul Admin\s+oui\s+désactivée$", everyone.OutLines[2]);
        Assert.Matches($@"^{Regex.Escape(Email)}\s+{Name}\s+non\s+désactivée$", everyone.OutLines[3]);
        Assert.Equal("2 personnes.", everyone.OutLines[4]);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_NoUser_SaysSo(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await CliRunner.RunAsync(database, "user", "list");

        result.AssertSuccess();
        Assert.Equal("Aucune personne enregistrée.", Assert.Single(result.OutLines));
    }

    [Fact]
    public async Task Help_OfUserAndItsCommands_IsInFrenchAndNamesEveryOption()
    {
        var user = await CliRunner.RunAsync("user", "--help");
        var create = await CliRunner.RunAsync("user", "create", "--help");
        var addMembership = await CliRunner.RunAsync("user", "add-membership", "--help");
        var list = await CliRunner.RunAsync("user", "list", "--help");

        user.AssertSuccess();
        foreach (var command in new[] { "create", "add-membership", "list" })
        {
            Assert.Contains(user.OutLines, line => line.StartsWith(command + " ", StringComparison.Ordinal));
        }
        create.AssertSuccess();
        foreach (var option in new[] { "--email", "--name", "--password-stdin", "--platform-admin" })
        {
            Assert.Contains(option, create.Out, StringComparison.Ordinal);
        }
        Assert.Contains("affiché une seule fois", create.Out, StringComparison.Ordinal);
        addMembership.AssertSuccess();
        foreach (var option in new[] { "--user", "--org", "--roles", "PrivacyReferent", "Référent RGPD" })
        {
            Assert.Contains(option, addMembership.Out, StringComparison.Ordinal);
        }
        list.AssertSuccess();
        Assert.Contains("--org", list.Out, StringComparison.Ordinal);
        Assert.Contains("Obligatoire", create.Out + addMembership.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_MissingEmailAndName_ExitsTwoWithOneFrenchLine()
    {
        var result = await CliRunner.RunAsync("user", "create", "--platform-admin");

        var line = result.AssertOneErrorLine();
        Assert.Contains("l'option --email est obligatoire", line, StringComparison.Ordinal);
        Assert.Contains("l'option --name est obligatoire", line, StringComparison.Ordinal);
    }

    /// <summary>Identity on the test's database, registered as the web app and the CLI register it.</summary>
    private static ServiceProvider Services(TestDatabase database) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(database.Configuration).Build())
        .AddEgideCore()
        .AddLogging()
        .BuildServiceProvider();

    private static Task<CliResult> CreateUserAsync(TestDatabase database, string email) =>
        CliRunner.RunAsync(database, "user", "create", "--email", email, "--name", Name);

    private static Task<CliResult> CreateWithInputAsync(TestDatabase database, string input) =>
        CliRunner.RunWithInputAsync(input, database, "user", "create", "--email", Email, "--name", Name, "--password-stdin");

    private static async Task<Guid> CreateBlangyAsync(TestDatabase database)
    {
        var result = await CliRunner.RunAsync(database, "org", "create", "--kind", "commune", "--name", Blangy, "--siren", BlangySiren);
        result.AssertSuccess();
        return Guid.Parse(result.OutLines[0]);
    }

    private static async Task AssertNoMembershipAsync(TestDatabase database)
    {
        await using var db = database.CreateDb();
        Assert.Equal(0, await db.Memberships.CountAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Four groups of five letters and digits, as CreateUser generates them.</summary>
    [GeneratedRegex("^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$")]
    private static partial Regex GeneratedPassword();
}
