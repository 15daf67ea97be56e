using Egide.Core.Organizations;
using Egide.Core.Privacy.Catalogs;
using Egide.Core.Privacy.Register;
using Xunit;

namespace Egide.Core.Tests.Privacy.Register;

public sealed class RegisterRulesTests
{
    private static readonly DateTime Reviewed = new(2025, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    private static RegisterFacts Facts(DateTime now) => new(
        CatalogSeed.Entries().Where(e => e.Kind == CatalogKind.DataCategory).ToDictionary(e => e.Code),
        CatalogSeed.Countries().ToDictionary(c => c.Code),
        now);

    /// <summary>An entry that no rule finds anything wrong with, as of <see cref="Reviewed"/>.</summary>
    private static ProcessingActivity Compliant(Func<ActivityContent, ActivityContent>? change = null, ActivityStatus status = ActivityStatus.Validated)
    {
        var activity = new ProcessingActivity
        {
            Reference = "RH-001",
            Name = "Gestion de la paie",
            Status = status,
            CreatedAt = Reviewed,
            LastReviewedAt = Reviewed,
            StatusChangedAt = Reviewed,
        };
        var content = new ActivityContent
        {
            MainPurpose = "Gestion de la paie",
            LegalBasisCode = "c",
            LegalBasisJustification = "Code général de la fonction publique",
            DataCategories = [new() { CategoryCode = "etat-civil", RetentionPeriod = "5 ans", FinalFate = FinalFate.Destruction }],
            DataSubjects = [new() { CategoryCode = "agents" }],
        };
        activity.Content = change is null ? content : change(content);
        return activity;
    }

    private static List<string> Codes(ProcessingActivity activity, DateTime now) =>
        RegisterRules.ForActivity(activity, Facts(now)).Select(f => f.RuleCode).ToList();

    [Fact]
    public void ForActivity_CompliantEntry_NoFinding() =>
        Assert.Empty(Codes(Compliant(), Reviewed.AddDays(1)));

    [Theory]
    [InlineData("2026-11-22T12:00:00Z", false)] // 12 months minus a day
    [InlineData("2026-11-23T00:00:00Z", true)]  // the same date, 12 months later (Paris: 01:00 on the 23rd)
    [InlineData("2026-11-24T12:00:00Z", true)]  // plus a day
    public void ForActivity_NotReviewed_From12MonthsToTheDay(string now, bool expected) =>
        Assert.Equal(expected, Codes(Compliant(), DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal)).Contains(RegisterRules.Codes.NotReviewed));

    [Theory]
    // Reviewed at 23:30 UTC on 30/11/2025 = 00:30 on 01/12/2025 in Paris: the year runs from the Paris date.
    [InlineData("2026-11-30T22:30:00Z", false)] // 23:30 on 30/11 in Paris
    [InlineData("2026-11-30T23:30:00Z", true)]  // 00:30 on 01/12 in Paris
    public void ForActivity_NotReviewed_CountsParisDates(string now, bool expected)
    {
        var activity = Compliant();
        activity.LastReviewedAt = new DateTime(2025, 11, 30, 23, 30, 0, DateTimeKind.Utc);
        Assert.Equal(expected, Codes(activity, DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal)).Contains(RegisterRules.Codes.NotReviewed));
    }

    [Theory]
    [InlineData(2025, 2, 27, false)]
    [InlineData(2025, 2, 28, true)] // reviewed on 29/02/2024: the following year has no 29 February
    public void ForActivity_ReviewedOnLeapDay_DueOnTheLastDayOfFebruary(int year, int month, int day, bool expected)
    {
        var activity = Compliant();
        activity.LastReviewedAt = new DateTime(2024, 2, 29, 10, 0, 0, DateTimeKind.Utc);
        Assert.Equal(expected, Codes(activity, new DateTime(year, month, day, 10, 0, 0, DateTimeKind.Utc)).Contains(RegisterRules.Codes.NotReviewed));
    }

    [Theory]
    [InlineData(29, false)] // draft since 31/01: three months later is 30/04 (April has no 31st)
    [InlineData(30, true)]
    public void ForActivity_StaleDraft_ThreeMonthsClampedToMonthEnd(int aprilDay, bool expected)
    {
        var activity = Compliant(status: ActivityStatus.Draft);
        activity.StatusChangedAt = new DateTime(2026, 1, 31, 10, 0, 0, DateTimeKind.Utc);
        activity.LastReviewedAt = activity.StatusChangedAt;
        Assert.Equal(expected, Codes(activity, new DateTime(2026, 4, aprilDay, 10, 0, 0, DateTimeKind.Utc)).Contains(RegisterRules.Codes.StaleDraft));
    }

    [Fact]
    public void ForActivity_OldButSubmitted_NotAStaleDraft()
    {
        var activity = Compliant(status: ActivityStatus.Submitted);
        Assert.DoesNotContain(RegisterRules.Codes.StaleDraft, Codes(activity, Reviewed.AddMonths(6)));
    }

    [Fact]
    public void ForActivity_Archived_NoFindingAtAll()
    {
        var activity = Compliant(c => c with { LegalBasisCode = null }, ActivityStatus.Archived);
        Assert.Empty(Codes(activity, Reviewed.AddYears(3)));
    }

    [Theory]
    [InlineData(null, null, RegisterRules.Codes.LegalBasisMissing)]
    [InlineData("c", null, RegisterRules.Codes.LegalBasisUnjustified)]
    [InlineData("e", "  ", RegisterRules.Codes.LegalBasisUnjustified)]
    [InlineData("e", "Délibération n° 2024-12 du 3 avril 2024", null)]
    [InlineData("a", null, null)] // consent needs no text to cite
    public void ForActivity_LegalBasis(string? basis, string? justification, string? expected)
    {
        var codes = Codes(Compliant(c => c with { LegalBasisCode = basis, LegalBasisJustification = justification }), Reviewed);
        var legal = codes.Where(c => c.StartsWith("base-legale", StringComparison.Ordinal)).ToList();
        if (expected is null)
        {
            Assert.Empty(legal);
        }
        else
        {
            Assert.Equal([expected], legal);
        }
    }

    [Fact]
    public void ForActivity_CategoryWithoutRetention_NamesTheCategory()
    {
        var activity = Compliant(c => c with
        {
            DataCategories = [.. c.DataCategories, new DataCategoryUse { CategoryCode = "economique-financier", RetentionPeriod = " " }],
        });
        var finding = Assert.Single(RegisterRules.ForActivity(activity, Facts(Reviewed)));
        Assert.Equal(RegisterRules.Codes.RetentionMissing, finding.RuleCode);
        Assert.Contains("économique et financier", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("État civil", finding.Message, StringComparison.Ordinal);
        Assert.Equal("RGPD, art. 5(1)(e) et 30(1)(f)", finding.Article);
    }

    [Theory]
    [InlineData("sante", DpiaDecision.NotDecided, true)]
    [InlineData("infractions", DpiaDecision.NotDecided, true)]
    [InlineData("sante", DpiaDecision.NotRequired, false)]
    [InlineData("nir", DpiaDecision.NotDecided, false)] // the NIR is framed by its own decree, not art. 9
    public void ForActivity_SensitiveDataWithoutDpiaDecision(string category, DpiaDecision decision, bool expected)
    {
        var activity = Compliant(c => c with
        {
            DataCategories = [.. c.DataCategories, new DataCategoryUse { CategoryCode = category, RetentionPeriod = "1 an" }],
            DpiaDecision = decision,
            DpiaDecisionReason = "Traitement limité",
        });
        Assert.Equal(expected, Codes(activity, Reviewed).Contains(RegisterRules.Codes.SensitiveDataWithoutDpiaDecision));
    }

    [Theory]
    [InlineData(1, false, DpiaDecision.NotDecided, null, false)]
    [InlineData(2, false, DpiaDecision.NotDecided, null, true)]
    [InlineData(2, false, DpiaDecision.Required, null, true)]   // decided, not yet carried out
    [InlineData(2, false, DpiaDecision.Done, null, false)]
    [InlineData(2, false, DpiaDecision.NotRequired, "Avis du DPO : faible volume", false)] // documented choice
    [InlineData(2, false, DpiaDecision.NotRequired, null, true)]
    [InlineData(0, true, DpiaDecision.NotRequired, "Nous estimons que non", true)] // the CNIL list leaves no choice
    [InlineData(0, true, DpiaDecision.Done, null, false)]
    public void ForActivity_DpiaMissing(int criteria, bool cnilList, DpiaDecision decision, string? reason, bool expected)
    {
        var activity = Compliant(c => c with
        {
            EdpbCriteria = CatalogSeed.Entries().Where(e => e.Kind == CatalogKind.EdpbCriterion).Take(criteria).Select(e => e.Code).ToList(),
            CnilDpiaListMatches = cnilList ? ["logement-social"] : [],
            DpiaDecision = decision,
            DpiaDecisionReason = reason,
        });
        Assert.Equal(expected, Codes(activity, Reviewed).Contains(RegisterRules.Codes.DpiaMissing));
    }

    [Theory]
    [InlineData("US", TransferSafeguard.None, true)]          // only certified organisations are covered
    [InlineData("US", TransferSafeguard.AdequacyDecision, false)]
    [InlineData("CN", TransferSafeguard.StandardContractualClauses, false)]
    [InlineData("CN", TransferSafeguard.None, true)]
    [InlineData("CN", TransferSafeguard.AdequacyDecision, true)] // there is none for this country
    [InlineData("CH", TransferSafeguard.None, false)]
    [InlineData("AD", TransferSafeguard.None, false)]
    [InlineData("ZZ", TransferSafeguard.StandardContractualClauses, true)]
    public void ForActivity_TransferOutsideTheEu(string country, TransferSafeguard safeguard, bool expected)
    {
        var activity = Compliant(c => c with { Transfers = [new TransferUse { Recipient = "Banque", CountryCode = country, Safeguard = safeguard }] });
        Assert.Equal(expected, Codes(activity, Reviewed).Contains(RegisterRules.Codes.TransferWithoutSafeguard));
    }

    [Fact]
    public void Countries_UnitedStates_NoLongerPlainlyAdequateAsInTheCnilModel()
    {
        var us = CatalogSeed.Countries().Single(c => c.Code == "US");
        Assert.Equal(TransferZone.PartiallyAdequate, us.Zone);
        Assert.DoesNotContain(CatalogSeed.Countries(), c => c.Name.Contains("Privacy", StringComparison.OrdinalIgnoreCase));
        Assert.All(CatalogSeed.Countries(), c => Assert.Equal(CatalogSeed.AdequacyListDate, c.CheckedOn));
    }

    [Theory]
    [InlineData(false, Article28Clauses.None, RegisterRules.Codes.ProcessorWithoutContract, null)]
    [InlineData(true, Article28Clauses.All, null, null)]
    [InlineData(true, Article28Clauses.All & ~Article28Clauses.EndOfService, RegisterRules.Codes.ProcessorClausesMissing, "la clause g)")]
    [InlineData(true, Article28Clauses.All & ~Article28Clauses.DocumentedInstructions & ~Article28Clauses.AuditsAndInformation, RegisterRules.Codes.ProcessorClausesMissing, "les clauses a), h)")]
    public void ForProcessor_ContractAndClauses(bool contract, Article28Clauses clauses, string? expected, string? wording)
    {
        var processor = new Processor { Name = "Berger-Levrault", ContractDate = contract ? new DateOnly(2024, 3, 1) : null, Clauses = clauses };
        var findings = RegisterRules.ForProcessor(processor, Facts(Reviewed)).ToList();
        if (expected is null)
        {
            Assert.Empty(findings);
            return;
        }
        var finding = Assert.Single(findings);
        Assert.Equal(expected, finding.RuleCode);
        Assert.Equal(processor.Id, finding.ProcessorId);
        if (wording is not null)
        {
            Assert.Contains(wording, finding.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ForOrganization_NoReferent_Finding_ThenNoneOnceDesignated()
    {
        var organization = new Organization { Name = "Commune d'Agny" };
        Assert.Equal(RegisterRules.Codes.NoReferent, Assert.Single(RegisterRules.ForOrganization(organization)).RuleCode);
        organization.Referents.Add(new PrivacyReferent { Name = "Bruno Petit", Email = "rgpd@agny.example" });
        Assert.Empty(RegisterRules.ForOrganization(organization));
    }
}
