using Egide.Core.Common;
using Egide.Core.Demo;
using Egide.Core.Organizations;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Cli;

public sealed class OrgCommandsTests
{
    private const string Blangy = "Commune de Saint-Laurent-Blangy";

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_ValidSiren_CreatesExactlyOneRowWithTheGivenFields(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;

        var result = await CliRunner.RunAsync(database,
            "org", "create", "--kind", "commune", "--name", Blangy, "--siren", "216 207 530", "--insee", "62753",
            "--population", "6752", "--population-year", "2021",
            "--street", "Place de la Mairie", "--postal-code", "62223", "--city", "Saint-Laurent-Blangy",
            "--mailbox", "Echanges@Saint-Laurent-Blangy.example",
            "--dpo-kind", "internal", "--dpo-name", "Marie Delcourt", "--dpo-email", "dpo@saint-laurent-blangy.example",
            "--dpo-phone", "03 21 00 00 31", "--dpo-cnil-number", "DPO-12345");

        result.AssertSuccess();
        var id = Guid.Parse(Assert.Single(result.OutLines));
        await using var db = database.CreateDb();
        var organization = await db.Organizations.SingleAsync(ct);
        Assert.Equal(id, organization.Id);
        Assert.Equal(OrganizationKind.Commune, organization.Kind);
        Assert.Equal(Blangy, organization.Name);
        Assert.Equal("216207530", organization.Siren);
        Assert.Equal("62753", organization.InseeCode);
        Assert.Equal(6752, organization.Population);
        Assert.Equal(2021, organization.PopulationYear);
        Assert.Equal("Place de la Mairie", organization.Address.Street);
        Assert.Equal("62223", organization.Address.PostalCode);
        Assert.Equal("Saint-Laurent-Blangy", organization.Address.City);
        Assert.Equal("echanges@saint-laurent-blangy.example", organization.FunctionalMailbox);
        Assert.Equal(DpoKind.Internal, organization.Dpo.Kind);
        Assert.Equal("Marie Delcourt", organization.Dpo.PersonName);
        Assert.Equal("dpo@saint-laurent-blangy.example", organization.Dpo.Email);
        Assert.Equal("03 21 00 00 31", organization.Dpo.Phone);
        Assert.Equal("DPO-12345", organization.Dpo.CnilDesignationNumber);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_WrongSirenCheckDigit_ExitsTwoWithOneFrenchLineAndSavesNothing(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await CliRunner.RunAsync(database, "org", "create", "--kind", "commune", "--name", Blangy, "--siren", "216207531");

        var line = result.AssertOneErrorLine();
        Assert.Equal("egide: --siren : Le SIREN 216207531 n'existe pas : sa clé de contrôle est fausse. Vérifiez les chiffres saisis.", line);
        Assert.Empty(result.Out);
        await AssertNoOrganizationAsync(database);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_SeveralInvalidFields_ReportsEveryMessageOnOneLine(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await CliRunner.RunAsync(database,
            "org", "create", "--kind", "commune", "--name", " ", "--postal-code", "622", "--mailbox", "pas-une-adresse",
            "--population", "6752");

        var line = result.AssertOneErrorLine();
        Assert.Contains("--name : Le nom est obligatoire.", line, StringComparison.Ordinal);
        Assert.Contains("--postal-code : Le code postal doit comporter 5 chiffres.", line, StringComparison.Ordinal);
        Assert.Contains("--mailbox : « pas-une-adresse » n'est pas une adresse électronique valide.", line, StringComparison.Ordinal);
        Assert.Contains("--population-year : ", line, StringComparison.Ordinal);
        Assert.Equal(3, line.Split(" ; ").Length - 1);
        await AssertNoOrganizationAsync(database);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_SirenAlreadyRegistered_ExitsTwoAndKeepsTheFirst(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        (await CliRunner.RunAsync(database, "org", "create", "--kind", "commune", "--name", Blangy, "--siren", "216207530")).AssertSuccess();

        var result = await CliRunner.RunAsync(database, "org", "create", "--kind", "ccas", "--name", "CCAS", "--siren", "216207530");

        var line = result.AssertOneErrorLine();
        Assert.Contains($"« {Blangy} »", line, StringComparison.Ordinal);
        await using var db = database.CreateDb();
        Assert.Equal(Blangy, (await db.Organizations.SingleAsync(ct)).Name);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_MissingName_ExitsTwoWithOneLineAndSavesNothing(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await CliRunner.RunAsync(database, "org", "create", "--kind", "commune", "--siren", "216207530");

        var line = result.AssertOneErrorLine();
        Assert.Contains("--name", line, StringComparison.Ordinal);
        Assert.Contains("obligatoire", line, StringComparison.Ordinal);
        await AssertNoOrganizationAsync(database);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_UnknownOption_ExitsTwoWithOneLineAndSavesNothing(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await CliRunner.RunAsync(database, "org", "create", "--kind", "commune", "--name", Blangy, "--sirene", "216207530");

        var line = result.AssertOneErrorLine();
        Assert.Contains("--sirene", line, StringComparison.Ordinal);
        await AssertNoOrganizationAsync(database);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_UnknownKind_ExitsTwoWithOneLineListingTheKinds(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await CliRunner.RunAsync(database, "org", "create", "--kind", "mairie", "--name", Blangy);

        var line = result.AssertOneErrorLine();
        Assert.Contains("« mairie »", line, StringComparison.Ordinal);
        Assert.Contains("commune", line, StringComparison.Ordinal);
        await AssertNoOrganizationAsync(database);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_NotANumber_ExitsTwoWithOneFrenchLine(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await CliRunner.RunAsync(database, "org", "create", "--kind", "commune", "--name", Blangy, "--population", "beaucoup");

        var line = result.AssertOneErrorLine();
        Assert.Contains("--population : « beaucoup » n'est pas un nombre entier", line, StringComparison.Ordinal);
        await AssertNoOrganizationAsync(database);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_ExternalDpoNamedBySirenWithSpaces_LinksTheDpoBody(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var cdg = await CliRunner.RunAsync(database, "org", "create", "--kind", "cdg", "--name", DemoData.ManagementCentreName, "--siren", "200000008");
        cdg.AssertSuccess();
        var cdgId = Guid.Parse(cdg.OutLines[0]);

        var result = await CliRunner.RunAsync(database,
            "org", "create", "--kind", "Commune", "--name", Blangy, "--dpo-kind", "external", "--dpo-org", "200 000 008",
            "--dpo-name", "Claire Vasseur", "--dpo-email", "dpo@cdg62.example");

        result.AssertSuccess();
        var id = Guid.Parse(Assert.Single(result.OutLines));
        await using var db = database.CreateDb();
        var organization = await db.Organizations.SingleAsync(o => o.Id == id, ct);
        Assert.Equal(OrganizationKind.ManagementCentre, (await db.Organizations.SingleAsync(o => o.Id == cdgId, ct)).Kind);
        Assert.Equal(DpoKind.External, organization.Dpo.Kind);
        Assert.Equal(cdgId, organization.Dpo.ExternalOrganizationId);
        Assert.Equal("Claire Vasseur", organization.Dpo.PersonName);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_UnknownDpoOrganization_ExitsTwoWithOneLineAndSavesNothing(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await CliRunner.RunAsync(database,
            "org", "create", "--kind", "commune", "--name", Blangy, "--dpo-kind", "external", "--dpo-org", "200000008",
            "--dpo-email", "dpo@cdg62.example");

        var line = result.AssertOneErrorLine();
        Assert.Contains("--dpo-org : organisme introuvable", line, StringComparison.Ordinal);
        await AssertNoOrganizationAsync(database);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_DpoDetailsWithoutDpoKind_ExitsTwoInsteadOfDroppingThem(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await CliRunner.RunAsync(database,
            "org", "create", "--kind", "commune", "--name", Blangy, "--dpo-name", "Marie Delcourt", "--dpo-email", "dpo@example.org");

        var line = result.AssertOneErrorLine();
        Assert.Contains("--dpo-name, --dpo-email", line, StringComparison.Ordinal);
        Assert.Contains("--dpo-kind", line, StringComparison.Ordinal);
        await AssertNoOrganizationAsync(database);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_AfterCreate_ShowsTheOrganizationInAnAlignedTable(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var created = await CliRunner.RunAsync(database,
            "org", "create", "--kind", "commune", "--name", Blangy, "--siren", "216207530", "--city", "Saint-Laurent-Blangy");
        var id = created.OutLines[0];
        (await CliRunner.RunAsync(database, "org", "create", "--kind", "region", "--name", "Région Hauts-de-France")).AssertSuccess();

        var result = await CliRunner.RunAsync(database, "org", "list");

        result.AssertSuccess();
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.Matches(@"^Nom +Type +SIREN +Commune +Identifiant", lines[0]);
        var row = lines[2];
        Assert.Matches($"^{Blangy} +Commune +216207530 +Saint-Laurent-Blangy +{id}$", row);
        Assert.Matches("^Région Hauts-de-France +Région +- +- +[0-9a-f-]{36}$", lines[3]);
        // Aligned: every column starts at the same place on every line.
        Assert.Equal(lines[0].IndexOf("Identifiant", StringComparison.Ordinal), row.IndexOf(id, StringComparison.Ordinal));
        Assert.Equal("2 organismes.", lines[4]);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_SearchAndKind_ShowOnlyTheMatchingOrganizations(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        (await CliRunner.RunAsync(database, "demo", "seed")).AssertSuccess();

        var departements = await CliRunner.RunAsync(database, "org", "list", "--kind", "département");
        var arras = await CliRunner.RunAsync(database, "org", "list", "--search", "ARRAS", "--kind", "commune");
        var none = await CliRunner.RunAsync(database, "org", "list", "--search", "Lyon");

        departements.AssertSuccess();
        Assert.Equal("5 organismes.", departements.OutLines[^1]);
        Assert.All(departements.OutLines.Skip(2).SkipLast(1), line => Assert.StartsWith("Département ", line, StringComparison.Ordinal));
        arras.AssertSuccess();
        Assert.StartsWith("Commune d'Arras ", arras.OutLines[2], StringComparison.Ordinal);
        Assert.Equal("1 organisme.", arras.OutLines[^1]);
        none.AssertSuccess();
        Assert.Equal("Aucun organisme ne correspond à ces critères.", Assert.Single(none.OutLines));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_MoreThanOnePage_ShowsEveryOrganization(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var count = ListOrganizations.MaxPageSize + 3;
        var now = DateTime.UtcNow;
        await using (var db = database.CreateDb())
        {
            for (var i = 0; i < count; i++)
            {
                var name = $"Syndicat intercommunal n° {i:000}";
                db.Organizations.Add(new Organization
                {
                    Kind = OrganizationKind.Syndicat, Name = name, SearchName = TextSearch.Fold(name),
                    CreatedAt = now, UpdatedAt = now, Version = 1,
                });
            }
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var result = await CliRunner.RunAsync(database, "org", "list");

        result.AssertSuccess();
        var rows = result.OutLines.Skip(2).SkipLast(1).ToList();
        Assert.Equal(count, rows.Count);
        Assert.Equal(count, rows.Distinct().Count());
        Assert.StartsWith($"Syndicat intercommunal n° {count - 1:000} ", rows[^1], StringComparison.Ordinal);
        Assert.Equal($"{FrenchFormat.Number(count)} organismes.", result.OutLines[^1]);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_FreshDatabase_CreatesTheSchemaAndSaysThereIsNone(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);

        var result = await CliRunner.RunAsync(database, "org", "list");

        result.AssertSuccess();
        Assert.Equal("Aucun organisme.", Assert.Single(result.OutLines));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Show_SirenWithSpaces_PrintsIdentityDpoReferentsAndContacts(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        (await CliRunner.RunAsync(database, "demo", "seed")).AssertSuccess();
        Organization blangy;
        await using (var db = database.CreateDb())
        {
            blangy = await db.Organizations.SingleAsync(o => o.Siren == "216207530", ct);
        }

        var result = await CliRunner.RunAsync(database, "org", "show", "216 207 530");

        result.AssertSuccess();
        Assert.Equal(Blangy, result.OutLines[0]);
        Assert.Contains($"Identifiant         : {blangy.Id}", result.Out, StringComparison.Ordinal);
        Assert.Contains("SIREN               : 216207530", result.Out, StringComparison.Ordinal);
        Assert.Contains($"Population          : {FrenchFormat.Number(6752)} habitants (population légale 2021)", result.Out, StringComparison.Ordinal);
        Assert.Contains($"Créé le             : {FrenchFormat.DateAndTime(blangy.CreatedAt)}", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"Créé le +: \d\d/\d\d/\d{4} à \d{1,2} h \d\d", result.Out);
        Assert.Contains("DPO externe ou mutualisé", result.Out, StringComparison.Ordinal);
        Assert.Contains($"{DemoData.ManagementCentreName} ({blangy.Dpo.ExternalOrganizationId})", result.Out, StringComparison.Ordinal);
        Assert.Contains("Marie Delcourt · Direction générale des services · rgpd@saint-laurent-blangy.example", result.Out, StringComparison.Ordinal);
        Assert.Contains("Jean Dufour · Contact technique habilité (convention police)", result.Out, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Show_IdOrSirenInSeveralWords_PrintsTheSameOrganization(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var created = await CliRunner.RunAsync(database,
            "org", "create", "--kind", "commune", "--name", Blangy, "--siren", "216207530");
        var id = created.OutLines[0];

        var byId = await CliRunner.RunAsync(database, "org", "show", id);
        var byWords = await CliRunner.RunAsync(database, "org", "show", "216", "207", "530");

        byId.AssertSuccess();
        byWords.AssertSuccess();
        Assert.Equal(Blangy, byId.OutLines[0]);
        Assert.Contains(id, byId.Out, StringComparison.Ordinal);
        Assert.Contains("Aucun DPO n'est désigné.", byId.Out, StringComparison.Ordinal);
        Assert.Equal(byId.Out, byWords.Out);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Show_UnknownOrganization_ExitsTwoWithOneLine(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var bySiren = await CliRunner.RunAsync(database, "org", "show", "216 207 530");
        var byId = await CliRunner.RunAsync(database, "org", "show", Guid.NewGuid().ToString());
        var byNonsense = await CliRunner.RunAsync(database, "org", "show", "Arras");

        Assert.Contains("« 216 207 530 »", bySiren.AssertOneErrorLine(), StringComparison.Ordinal);
        Assert.Contains("organisme introuvable", byId.AssertOneErrorLine(), StringComparison.Ordinal);
        Assert.Contains("organisme introuvable", byNonsense.AssertOneErrorLine(), StringComparison.Ordinal);
        Assert.Empty(bySiren.Out + byId.Out + byNonsense.Out);
    }

    private static async Task AssertNoOrganizationAsync(TestDatabase database)
    {
        await using var db = database.CreateDb();
        Assert.Equal(0, await db.Organizations.CountAsync(TestContext.Current.CancellationToken));
    }
}
