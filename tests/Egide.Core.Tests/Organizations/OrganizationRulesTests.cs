using Egide.Core.Organizations;
using Xunit;

namespace Egide.Core.Tests.Organizations;

public sealed class OrganizationRulesTests
{
    private const int Year = 2026;

    private static OrganizationInput Valid() => new()
    {
        Kind = OrganizationKind.Commune,
        Name = "Commune de Saint-Laurent-Blangy",
        Siren = "216207530",
        InseeCode = "62753",
        Population = 6752,
        PopulationYear = 2021,
        Address = new() { PostalCode = "62223", City = "Saint-Laurent-Blangy" },
        FunctionalMailbox = "echanges@saint-laurent-blangy.example",
        Dpo = new() { Kind = DpoKind.Internal, PersonName = "Marie Delcourt", Email = "dpo@saint-laurent-blangy.example", CnilDesignationNumber = "DPO-12345" },
        Referents = [new() { Name = "Jean Dufour", Email = "rgpd@saint-laurent-blangy.example" }],
    };

    private static IReadOnlyDictionary<string, string[]> Errors(OrganizationInput input)
    {
        input.Normalize();
        var errors = OrganizationRules.Validate(input, Year);
        return errors.IsEmpty ? new Dictionary<string, string[]>() : errors.ToFailure().Errors;
    }

    [Fact]
    public void Validate_CompleteInput_NoError() => Assert.Empty(Errors(Valid()));

    [Fact]
    public void Validate_MissingNameAndKind_FrenchMessages()
    {
        var input = Valid();
        input.Name = "   ";
        input.Kind = null;
        var errors = Errors(input);
        Assert.Equal("Le nom est obligatoire.", Assert.Single(errors["Name"]));
        Assert.Equal("Choisissez le type d'organisme.", Assert.Single(errors["Kind"]));
    }

    [Fact]
    public void Validate_WrongSirenCheckDigit_NamesTheCheckDigit()
    {
        var input = Valid();
        input.Siren = "216 207 531";
        var message = Assert.Single(Errors(input)["Siren"]);
        Assert.Contains("clé de contrôle", message, StringComparison.Ordinal);
        Assert.Contains("216207531", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("21620753")]
    [InlineData("ABCDEFGHI")]
    public void Validate_SirenNotNineDigits_FormatMessage(string siren)
    {
        var input = Valid();
        input.Siren = siren;
        Assert.Equal("Le SIREN doit comporter exactement 9 chiffres.", Assert.Single(Errors(input)["Siren"]));
    }

    [Fact]
    public void Validate_NoSiren_Allowed()
    {
        var input = Valid();
        input.Siren = "";
        Assert.Empty(Errors(input));
        Assert.Null(input.Siren);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(OrganizationRules.MaxPopulation, true)]
    [InlineData(OrganizationRules.MaxPopulation + 1, false)]
    public void Validate_PopulationBounds(int population, bool valid)
    {
        var input = Valid();
        input.Population = population;
        Assert.Equal(valid, !Errors(input).ContainsKey("Population"));
    }

    [Fact]
    public void Validate_NegativePopulation_FrenchMessage()
    {
        var input = Valid();
        input.Population = -5;
        Assert.Equal("La population ne peut pas être négative.", Assert.Single(Errors(input)["Population"]));
    }

    [Theory]
    [InlineData(1989, false)]
    [InlineData(1990, true)]
    [InlineData(Year, true)]
    [InlineData(Year + 1, false)]
    public void Validate_PopulationYearBounds(int year, bool valid)
    {
        var input = Valid();
        input.PopulationYear = year;
        Assert.Equal(valid, !Errors(input).ContainsKey("PopulationYear"));
    }

    [Fact]
    public void Validate_PopulationWithoutYear_AsksForTheYear()
    {
        var input = Valid();
        input.PopulationYear = null;
        Assert.Contains("année de référence", Assert.Single(Errors(input)["PopulationYear"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("62753", true)]
    [InlineData("2A004", true)]
    [InlineData("2b033", true)] // normalised to upper case
    [InlineData("6275", false)]
    [InlineData("2C004", false)]
    [InlineData("627530", false)]
    public void Validate_InseeCode(string code, bool valid)
    {
        var input = Valid();
        input.InseeCode = code;
        Assert.Equal(valid, !Errors(input).ContainsKey("InseeCode"));
    }

    [Theory]
    [InlineData("62223", true)]
    [InlineData("6222", false)]
    [InlineData("62 223", true)]
    [InlineData("F-62223", false)]
    public void Validate_PostalCode(string code, bool valid)
    {
        var input = Valid();
        input.Address.PostalCode = code;
        Assert.Equal(valid, !Errors(input).ContainsKey("Address.PostalCode"));
    }

    [Theory]
    [InlineData("echanges@mairie.fr", true)]
    [InlineData("Echanges@Mairie.FR", true)] // normalised to lower case
    [InlineData("echanges@mairie", false)]
    [InlineData("echanges mairie.fr", false)]
    [InlineData("Mairie <echanges@mairie.fr>", false)]
    public void Validate_FunctionalMailbox(string address, bool valid)
    {
        var input = Valid();
        input.FunctionalMailbox = address;
        Assert.Equal(valid, !Errors(input).ContainsKey("FunctionalMailbox"));
    }

    [Fact]
    public void Validate_InternalDpoWithoutNameOrEmail_BothAsked()
    {
        var input = Valid();
        input.Dpo = new() { Kind = DpoKind.Internal };
        var errors = Errors(input);
        Assert.True(errors.ContainsKey("Dpo.PersonName"));
        Assert.True(errors.ContainsKey("Dpo.Email"));
    }

    [Fact]
    public void Validate_ExternalDpoWithoutBody_AsksForTheBody()
    {
        var input = Valid();
        input.Dpo = new() { Kind = DpoKind.External, Email = "dpo@cdg62.example" };
        Assert.True(Errors(input).ContainsKey("Dpo.ExternalBodyName"));
    }

    [Fact]
    public void Normalize_NotDesignatedDpo_ClearsTheOtherDpoFields()
    {
        var input = Valid();
        input.Dpo = new() { Kind = DpoKind.NotDesignated, PersonName = "Oublié", Email = "pas-une-adresse" };
        Assert.Empty(Errors(input));
        Assert.Null(input.Dpo.PersonName);
    }

    [Theory]
    [InlineData("DPO-12345", true)]
    [InlineData("dpo-12345", true)]
    [InlineData("12345", false)]
    [InlineData("DPO-12A45", false)]
    public void Validate_CnilDesignationNumber(string number, bool valid)
    {
        var input = Valid();
        input.Dpo.CnilDesignationNumber = number;
        Assert.Equal(valid, !Errors(input).ContainsKey("Dpo.CnilDesignationNumber"));
    }

    [Fact]
    public void Normalize_BlankListRows_Dropped_AndErrorsKeyedByRemainingRows()
    {
        var input = Valid();
        input.Referents = [new(), new() { Name = "Sans courriel" }, new() { Service = " " }];
        var errors = Errors(input);
        Assert.Single(input.Referents);
        Assert.Contains("Référent n° 1", Assert.Single(errors["Referents[0].Email"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ContactWithoutEmailOrPhone_Refused()
    {
        var input = Valid();
        input.Contacts = [new() { Name = "Jean Dufour", Role = "Contact technique" }];
        Assert.True(Errors(input).ContainsKey("Contacts[0].Email"));
    }

    [Theory]
    [InlineData("03 21 00 00 31", true)]
    [InlineData("+33 3 21 00 00 31", true)]
    [InlineData("03.21.00.00.31", true)]
    [InlineData("appeler le standard", false)]
    public void Validate_ContactPhone(string phone, bool valid)
    {
        var input = Valid();
        input.Contacts = [new() { Name = "Jean Dufour", Phone = phone }];
        Assert.Equal(valid, !Errors(input).ContainsKey("Contacts[0].Phone"));
    }

    [Fact]
    public void Validate_NameLongerThanLimit_Refused()
    {
        var input = Valid();
        input.Name = new string('a', OrganizationRules.NameMaxLength + 1);
        Assert.True(Errors(input).ContainsKey("Name"));
        input.Name = new string('a', OrganizationRules.NameMaxLength);
        Assert.False(Errors(input).ContainsKey("Name"));
    }
}
