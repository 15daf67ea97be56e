using Egide.Core.Privacy.Register;
using Egide.Web.Features.Privacy.Register;
using Xunit;

namespace Egide.Web.Tests.Features.Privacy.Register;

public sealed class ActivityCompletenessTests
{
    private static ActivityContent Full() => new()
    {
        Controller = new ActorContact { Name = "Le Maire" },
        MainPurpose = "Verser la rémunération des agents",
        LegalBasisCode = "c",
        DataCategories = [new DataCategoryUse { CategoryCode = "etat-civil", RetentionPeriod = "5 ans" }],
        DataSubjects = [new DataSubjectUse { CategoryCode = "agents" }],
        Recipients = [new RecipientUse { TypeCode = "service-interne" }],
        SecurityMeasures = [new SecurityMeasureUse { MeasureCode = "sauvegarde" }],
        DataSource = "Auprès de l'agent",
        DpiaDecision = DpiaDecision.NotRequired,
    };

    [Fact]
    public void Of_EmptyEntry_OnlyTheAiSectionCountsAndTheOthersAreListed()
    {
        var result = ActivityCompleteness.Of(ProcessingRole.Controller, new ActivityContent());

        Assert.Equal(1, result.Filled);
        Assert.Equal(9, result.Total);
        Assert.Equal("1 section sur 9 renseignée", result.Summary);
        Assert.Equal(
            ["identification", "finalites", "donnees", "personnes", "destinataires", "securite", "collecte", "aipd"],
            result.Missing.Select(s => s.Slug));
    }

    [Fact]
    public void Of_EverySectionWritten_NineOfNineNothingMissing()
    {
        var result = ActivityCompleteness.Of(ProcessingRole.Controller, Full());

        Assert.Equal("9 sections sur 9 renseignées", result.Summary);
        Assert.Empty(result.Missing);
    }

    [Fact]
    public void Of_CategoryWithoutRetentionPeriod_DataSectionMissing()
    {
        var content = Full() with
        {
            DataCategories = [new DataCategoryUse { CategoryCode = "etat-civil", RetentionPeriod = "5 ans" }, new DataCategoryUse { CategoryCode = "nir", RetentionPeriod = " " }],
        };

        var result = ActivityCompleteness.Of(ProcessingRole.Controller, content);

        Assert.Equal(8, result.Filled);
        Assert.Equal("Catégories de données", Assert.Single(result.Missing).Title);
    }

    [Fact]
    public void Of_AiUsedWithoutDescription_AiSectionMissing_LegalBasisMissing_PurposesMissing()
    {
        var content = Full() with { AiUse = ArtificialIntelligenceUse.Decides, LegalBasisCode = null };

        var result = ActivityCompleteness.Of(ProcessingRole.Controller, content);

        Assert.Equal(["finalites", "ia"], result.Missing.Select(s => s.Slug));
        Assert.Equal("7 sections sur 9 renseignées", result.Summary);
    }

    [Fact]
    public void Of_Processor_NeedsTheControllersItWorksFor()
    {
        var without = ActivityCompleteness.Of(ProcessingRole.Processor, Full());
        var with = ActivityCompleteness.Of(ProcessingRole.Processor, Full() with { ClientControllers = [new ActorContact { Name = "Commune de Beaurains" }] });

        Assert.Equal("identification", Assert.Single(without.Missing).Slug);
        Assert.Empty(with.Missing);
    }
}
