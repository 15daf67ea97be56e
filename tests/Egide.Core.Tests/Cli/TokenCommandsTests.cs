using System.Globalization;
using System.Text;
using Egide.Core.Account;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Cli;

public sealed class TokenCommandsTests
{
    private const string Email = "marie.delcourt@saint-laurent-blangy.example";
    private const string OtherEmail = "paul.lefebvre@saint-laurent-blangy.example";
    private const string Blangy = "Commune de Saint-Laurent-Blangy";
    private const string BlangySiren = "216207530";
    private const string SecretLabel = "Jeton (affiché une seule fois) : ";

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_RoleHeld_PrintsASecretWhoseHashIsStoredAndTheSecretNowhere(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var userId = await CreatePersonAsync(database, Email);
        var organizationId = await CreateBlangyAsync(database);
        await AddMembershipAsync(database, Email, "dpo,reader");

        var result = await CliRunner.RunAsync(database,
            "token", "create", "--user", "Marie.Delcourt@Saint-Laurent-Blangy.example", "--org", "216 207 530",
            "--name", "  export nocturne  ", "--roles", "Reader");

        result.AssertSuccess();
        Assert.Equal(3, result.OutLines.Count);
        var id = Guid.Parse(result.OutLines[0]);
        Assert.StartsWith(SecretLabel, result.OutLines[1], StringComparison.Ordinal);
        var secret = result.OutLines[1][SecretLabel.Length..];
        Assert.StartsWith(ApiToken.SecretPrefix, secret, StringComparison.Ordinal);
        Assert.Matches("^egd_[A-Za-z0-9_-]{43}$", secret);

        await using var db = database.CreateDb();
        var token = await db.ApiTokens.AsNoTracking().SingleAsync(ct);
        Assert.Equal(id, token.Id);
        Assert.Equal(userId, token.UserId);
        Assert.Equal(organizationId, token.OrganizationId);
        Assert.Equal("export nocturne", token.Name);
        Assert.Equal(OrganizationRoles.Reader, token.Roles);
        Assert.Equal(ApiToken.Hash(secret), token.SecretHash);
        Assert.Null(token.RevokedAt);
        Assert.Null(token.LastUsedAt);
        Assert.Equal(TimeSpan.FromDays(90), token.ExpiresAt - token.CreatedAt);
        Assert.Equal($"Valable jusqu'au {FrenchFormat.DateAndTime(token.ExpiresAt)}.", result.OutLines[2]);

        // Every column of the row, read as the database holds it: the secret is in none of them.
        var randomPart = secret[ApiToken.SecretPrefix.Length..];
        var columns = await ReadApiTokenColumnsAsync(db);
        Assert.Contains(columns, c => c.Name == nameof(ApiToken.SecretHash));
        foreach (var (name, value) in columns)
        {
            var text = value is byte[] bytes
                ? Encoding.UTF8.GetString(bytes) + " " + Convert.ToHexString(bytes) + " " + Convert.ToBase64String(bytes)
                : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            Assert.False(text.Contains(randomPart, StringComparison.Ordinal), $"column {name} holds the secret");
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_ByIdsWithDays_SetsThatLifetime(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var userId = await CreatePersonAsync(database, Email);
        var organizationId = await CreateBlangyAsync(database);
        await AddMembershipAsync(database, Email, "dpo,reader");

        var result = await CliRunner.RunAsync(database,
            "token", "create", "--user", userId.ToString(), "--org", organizationId.ToString(),
            "--name", "tableau de bord", "--roles", "dpo,reader", "--days", "366");

        result.AssertSuccess();
        await using var db = database.CreateDb();
        var token = await db.ApiTokens.AsNoTracking().SingleAsync(ct);
        Assert.Equal(OrganizationRoles.Dpo | OrganizationRoles.Reader, token.Roles);
        Assert.Equal(TimeSpan.FromDays(366), token.ExpiresAt - token.CreatedAt);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_RolesNotHeld_ExitsTwoWithOneLineAndSavesNoToken(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CreatePersonAsync(database, Email);
        await CreateBlangyAsync(database);
        await AddMembershipAsync(database, Email, "reader");

        var notHeld = await CreateTokenAsync(database, Email, "dpo");
        var partlyHeld = await CreateTokenAsync(database, Email, "reader,ciso");

        var line = notHeld.AssertOneErrorLine();
        Assert.Equal(
            "egide: --roles : Les rôles du jeton doivent être pris parmi ceux de la personne dans l'organisme : Lecteur.", line);
        Assert.Equal(line, partlyHeld.AssertOneErrorLine());
        Assert.Empty(notHeld.Out + partlyHeld.Out);
        await AssertNoTokenAsync(database);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_NotAMember_ExitsTwoWithOneLineAndSavesNoToken(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CreatePersonAsync(database, Email);
        await CreateBlangyAsync(database);

        var result = await CreateTokenAsync(database, Email, "reader");

        var line = result.AssertOneErrorLine();
        Assert.Contains("n'est pas membre de cet organisme", line, StringComparison.Ordinal);
        Assert.Contains("egide user add-membership", line, StringComparison.Ordinal);
        Assert.Empty(result.Out);
        await AssertNoTokenAsync(database);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_DaysOutOfRangeOrNotANumber_ExitsTwoWithOneLineAndSavesNoToken(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CreatePersonAsync(database, Email);
        await CreateBlangyAsync(database);
        await AddMembershipAsync(database, Email, "reader");

        var zero = await CreateTokenAsync(database, Email, "reader", "--days", "0");
        var tooMany = await CreateTokenAsync(database, Email, "reader", "--days", "367");
        var words = await CreateTokenAsync(database, Email, "reader", "--days", "quatre-vingt-dix");

        const string outOfRange = "egide: --days : La durée de validité doit être comprise entre 1 et 366 jours.";
        Assert.Equal(outOfRange, zero.AssertOneErrorLine());
        Assert.Equal(outOfRange, tooMany.AssertOneErrorLine());
        var wordsLine = words.AssertOneErrorLine();
        Assert.Contains("--days : « quatre-vingt-dix » n'est pas un nombre entier", wordsLine, StringComparison.Ordinal);
        Assert.Contains("egide token create --help", wordsLine, StringComparison.Ordinal);
        Assert.Empty(zero.Out + tooMany.Out + words.Out);
        await AssertNoTokenAsync(database);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_UnknownUserOrOrganization_ExitsTwoWithOneLineEach(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CreatePersonAsync(database, Email);
        await CreateBlangyAsync(database);
        await AddMembershipAsync(database, Email, "reader");

        var unknownUser = await CreateTokenAsync(database, "personne@ailleurs.example", "reader");
        var unknownOrganization = await CliRunner.RunAsync(database,
            "token", "create", "--user", Email, "--org", "200 068 500", "--name", "export", "--roles", "reader");

        Assert.StartsWith("egide: --user : personne introuvable : « personne@ailleurs.example »",
            unknownUser.AssertOneErrorLine(), StringComparison.Ordinal);
        Assert.StartsWith("egide: --org : organisme introuvable : « 200 068 500 »",
            unknownOrganization.AssertOneErrorLine(), StringComparison.Ordinal);
        Assert.Empty(unknownUser.Out + unknownOrganization.Out);
        await AssertNoTokenAsync(database);
    }

    [Fact]
    public async Task Create_MissingOptions_ExitsTwoWithOneFrenchLineNamingEach()
    {
        var result = await CliRunner.RunAsync("token", "create", "--days", "30");

        var line = result.AssertOneErrorLine();
        foreach (var option in new[] { "--user", "--org", "--name", "--roles" })
        {
            Assert.Contains($"l'option {option} est obligatoire", line, StringComparison.Ordinal);
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Revoke_Twice_SetsRevokedAtOnceAndSaysTheSecondTimeItWasAlreadyRevoked(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        await CreatePersonAsync(database, Email);
        await CreateBlangyAsync(database);
        await AddMembershipAsync(database, Email, "reader");
        var created = await CreateTokenAsync(database, Email, "reader");
        created.AssertSuccess();
        var id = created.OutLines[0];

        var first = await CliRunner.RunAsync(database, "token", "revoke", id);
        await using var afterFirst = database.CreateDb();
        var revokedAt = (await afterFirst.ApiTokens.AsNoTracking().SingleAsync(ct)).RevokedAt;
        var second = await CliRunner.RunAsync(database, "token", "revoke", id);

        first.AssertSuccess();
        Assert.NotNull(revokedAt);
        Assert.Equal(
            $"Jeton « export » révoqué le {FrenchFormat.DateAndTime(revokedAt.Value)} : il ne donne plus accès à l'API.",
            Assert.Single(first.OutLines));
        second.AssertSuccess();
        Assert.Equal(
            $"Le jeton « export » était déjà révoqué, depuis le {FrenchFormat.DateAndTime(revokedAt.Value)} ; rien n'a changé.",
            Assert.Single(second.OutLines));
        await using var db = database.CreateDb();
        Assert.Equal(revokedAt, (await db.ApiTokens.AsNoTracking().SingleAsync(ct)).RevokedAt);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Revoke_UnknownOrMalformedId_ExitsTwoWithOneLine(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var unknownId = Guid.CreateVersion7().ToString();

        var unknown = await CliRunner.RunAsync(database, "token", "revoke", unknownId);
        var malformed = await CliRunner.RunAsync(database, "token", "revoke", "egd_pas-un-identifiant");

        Assert.Equal(
            $"egide: jeton introuvable : « {unknownId} » n'est l'identifiant d'aucun jeton enregistré (egide token list les affiche).",
            unknown.AssertOneErrorLine());
        var malformedLine = malformed.AssertOneErrorLine();
        Assert.Contains("« egd_pas-un-identifiant » n'est pas un identifiant de jeton", malformedLine, StringComparison.Ordinal);
        Assert.Contains("egide token revoke --help", malformedLine, StringComparison.Ordinal);
        Assert.Empty(unknown.Out + malformed.Out);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_ShowsEachTokenWithItsStateInFrenchAndNeverTheSecretOrItsHash(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        await CreatePersonAsync(database, Email);
        await CreatePersonAsync(database, OtherEmail);
        await CreateBlangyAsync(database);
        await AddMembershipAsync(database, Email, "dpo,reader");
        await AddMembershipAsync(database, OtherEmail, "reader");
        var active = await CreateTokenAsync(database, Email, "dpo,reader", "--name", "actif-dpo");
        var revoked = await CreateTokenAsync(database, Email, "reader", "--name", "revoque");
        var expired = await CreateTokenAsync(database, OtherEmail, "reader", "--name", "perime");
        foreach (var created in new[] { active, revoked, expired })
        {
            created.AssertSuccess();
        }
        (await CliRunner.RunAsync(database, "token", "revoke", revoked.OutLines[0])).AssertSuccess();
        var expiredId = Guid.Parse(expired.OutLines[0]);
        var activeId = Guid.Parse(active.OutLines[0]);
        var lastUsed = new DateTime(2026, 11, 20, 7, 30, 0, DateTimeKind.Utc);
        await using (var db = database.CreateDb())
        {
            // Time passing and the API using a token, as their rows record them.
            await db.ApiTokens.Where(t => t.Id == expiredId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)), ct);
            await db.ApiTokens.Where(t => t.Id == activeId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, lastUsed), ct);
        }

        var everyone = await CliRunner.RunAsync(database, "token", "list");
        var onePerson = await CliRunner.RunAsync(database, "token", "list", "--user", OtherEmail.ToUpperInvariant());

        everyone.AssertSuccess();
        Assert.Equal(6, everyone.OutLines.Count); // header, rule, three tokens, count
        foreach (var heading in new[] { "Identifiant", "Nom", "Courriel", "Organisme", "Rôles", "Créé le", "Expire le", "Dernière utilisation", "État" })
        {
            Assert.Contains(heading, everyone.OutLines[0], StringComparison.Ordinal);
        }
        var activeRow = Row(everyone, "actif-dpo");
        Assert.StartsWith(activeId.ToString(), activeRow, StringComparison.Ordinal);
        Assert.Contains(Email, activeRow, StringComparison.Ordinal);
        Assert.Contains(Blangy, activeRow, StringComparison.Ordinal);
        Assert.Contains("DPO, Lecteur", activeRow, StringComparison.Ordinal);
        Assert.Contains("20/11/2026 à 8 h 30", activeRow, StringComparison.Ordinal); // 7:30 UTC, in Paris
        Assert.Matches(@"\sactif$", activeRow);
        Assert.Matches(@"\sjamais\s+révoqué$", Row(everyone, "revoque"));
        var expiredRow = Row(everyone, "perime");
        Assert.Contains(OtherEmail, expiredRow, StringComparison.Ordinal);
        Assert.Matches(@"\sjamais\s+expiré$", expiredRow);
        Assert.Equal("3 jetons.", everyone.OutLines[5]);

        onePerson.AssertSuccess();
        Assert.Equal(4, onePerson.OutLines.Count);
        Assert.Contains("perime", onePerson.OutLines[2], StringComparison.Ordinal);
        Assert.Equal($"{OtherEmail} : 1 jeton.", onePerson.OutLines[3]);

        await using var check = database.CreateDb();
        var hashes = await check.ApiTokens.Select(t => t.SecretHash).ToListAsync(ct);
        foreach (var output in new[] { everyone.Out, onePerson.Out })
        {
            Assert.DoesNotContain(ApiToken.SecretPrefix, output, StringComparison.Ordinal);
            foreach (var created in new[] { active, revoked, expired })
            {
                Assert.DoesNotContain(created.OutLines[1][SecretLabel.Length..], output, StringComparison.Ordinal);
            }
            foreach (var hash in hashes)
            {
                Assert.DoesNotContain(Convert.ToHexString(hash), output, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(Convert.ToBase64String(hash), output, StringComparison.Ordinal);
            }
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_NoTokenOrUnknownUser_SaysSoOrExitsTwo(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CreatePersonAsync(database, Email);

        var none = await CliRunner.RunAsync(database, "token", "list");
        var noneForOne = await CliRunner.RunAsync(database, "token", "list", "--user", Email);
        var unknownUser = await CliRunner.RunAsync(database, "token", "list", "--user", "personne@ailleurs.example");

        none.AssertSuccess();
        Assert.Equal("Aucun jeton.", Assert.Single(none.OutLines));
        noneForOne.AssertSuccess();
        Assert.Equal($"{Email} : aucun jeton.", Assert.Single(noneForOne.OutLines));
        Assert.StartsWith("egide: --user : personne introuvable", unknownUser.AssertOneErrorLine(), StringComparison.Ordinal);
        Assert.Empty(unknownUser.Out);
    }

    [Fact]
    public async Task Help_OfTokenAndItsCommands_IsInFrenchAndNamesEveryOption()
    {
        var token = await CliRunner.RunAsync("token", "--help");
        var create = await CliRunner.RunAsync("token", "create", "--help");
        var revoke = await CliRunner.RunAsync("token", "revoke", "--help");
        var list = await CliRunner.RunAsync("token", "list", "--help");

        token.AssertSuccess();
        foreach (var command in new[] { "create", "revoke", "list" })
        {
            Assert.Contains(token.OutLines, line => line.StartsWith(command + " ", StringComparison.Ordinal));
        }
        create.AssertSuccess();
        foreach (var text in new[] { "--user", "--org", "--name", "--roles", "--days", "Reader (Lecteur)", "affiché une seule fois", "90 par défaut", "Obligatoire" })
        {
            Assert.Contains(text, create.Out, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("default", create.Out, StringComparison.OrdinalIgnoreCase);
        revoke.AssertSuccess();
        Assert.Contains("<ID>", revoke.Out, StringComparison.Ordinal);
        Assert.Contains("déjà révoqué", revoke.Out, StringComparison.Ordinal);
        list.AssertSuccess();
        Assert.Contains("--user", list.Out, StringComparison.Ordinal);
        Assert.Contains("jamais affiché", list.Out, StringComparison.Ordinal);
    }

    /// <summary>The ApiTokens row as the database returns it, without EF's mapping in between.</summary>
    private static async Task<List<(string Name, object Value)>> ReadApiTokenColumnsAsync(EgideDb db)
    {
        var ct = TestContext.Current.CancellationToken;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT * FROM \"ApiTokens\"";
            await using var reader = await command.ExecuteReaderAsync(ct);
            Assert.True(await reader.ReadAsync(ct));
            var columns = Enumerable.Range(0, reader.FieldCount).Select(i => (reader.GetName(i), reader.GetValue(i))).ToList();
            Assert.False(await reader.ReadAsync(ct));
            return columns;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string Row(CliResult result, string tokenName) =>
        Assert.Single(result.OutLines, line => line.Contains($"  {tokenName}  ", StringComparison.Ordinal));

    private static async Task<Guid> CreatePersonAsync(TestDatabase database, string email)
    {
        var result = await CliRunner.RunAsync(database, "user", "create", "--email", email, "--name", "Personne de test");
        result.AssertSuccess();
        return Guid.Parse(result.OutLines[0]);
    }

    private static async Task<Guid> CreateBlangyAsync(TestDatabase database)
    {
        var result = await CliRunner.RunAsync(database, "org", "create", "--kind", "commune", "--name", Blangy, "--siren", BlangySiren);
        result.AssertSuccess();
        return Guid.Parse(result.OutLines[0]);
    }

    private static async Task AddMembershipAsync(TestDatabase database, string email, string roles) =>
        (await CliRunner.RunAsync(database, "user", "add-membership", "--user", email, "--org", BlangySiren, "--roles", roles)).AssertSuccess();

    private static async Task AssertNoTokenAsync(TestDatabase database)
    {
        await using var db = database.CreateDb();
        Assert.Equal(0, await db.ApiTokens.CountAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>A token for Blangy named "export" unless <paramref name="more"/> names it.</summary>
    private static Task<CliResult> CreateTokenAsync(TestDatabase database, string user, string roles, params string[] more)
    {
        string[] name = more.Contains("--name") ? [] : ["--name", "export"];
        return CliRunner.RunAsync(database, ["token", "create", "--user", user, "--org", BlangySiren, "--roles", roles, .. name, .. more]);
    }
}
