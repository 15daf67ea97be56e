using Egide.Core.Privacy.Register;

namespace Egide.Web.Features.Privacy.Register;

/// <summary>
/// How much of an entry is written, section by section: a guide for whoever fills it, not a legal check
/// (the alerts are). A section counts as filled when it says what art. 30 asks of it.
/// </summary>
public static class ActivityCompleteness
{
    public sealed record Result(int Filled, int Total, IReadOnlyList<ActivitySections.Section> Missing)
    {
        public string Summary => $"{Filled} section{(Filled > 1 ? "s" : "")} sur {Total} renseignée{(Filled > 1 ? "s" : "")}";
    }

    public static Result Of(ProcessingRole role, ActivityContent content)
    {
        var missing = ActivitySections.All.Where(s => !IsFilled(s.Slug, role, content)).ToList();
        return new Result(ActivitySections.All.Count - missing.Count, ActivitySections.All.Count, missing);
    }

    public static Result Of(ProcessingActivity activity) => Of(activity.Role, activity.Content);

    private static bool IsFilled(string slug, ProcessingRole role, ActivityContent c) => slug switch
    {
        // Art. 30(1)(a) names the controller; art. 30(2)(a), for a processor, the controllers it works for.
        ActivitySections.Identification => role == ProcessingRole.Processor
            ? c.ClientControllers.Any(x => Has(x.Name))
            : Has(c.Controller?.Name),
        ActivitySections.Purposes => Has(c.MainPurpose) && c.LegalBasisCode is not null,
        // A category without its retention period leaves art. 30(1)(f) unanswered.
        ActivitySections.Data => c.DataCategories.Count > 0 && c.DataCategories.All(d => Has(d.RetentionPeriod)),
        ActivitySections.Subjects => c.DataSubjects.Count > 0,
        ActivitySections.Recipients => c.Recipients.Count > 0,
        ActivitySections.Security => c.SecurityMeasures.Count > 0 || Has(c.SecurityDetails),
        ActivitySections.Collection => Has(c.DataSource) || Has(c.CollectionMethod),
        // "None" is an answer; an AI use must say what the system does.
        ActivitySections.Ai => c.AiUse == ArtificialIntelligenceUse.None || Has(c.AiDescription),
        ActivitySections.Dpia => c.DpiaDecision != DpiaDecision.NotDecided,
        _ => false,
    };

    private static bool Has(string? text) => !string.IsNullOrWhiteSpace(text);
}
