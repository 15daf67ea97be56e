namespace Egide.Core.Privacy.Register.Exchange;

/// <summary>
/// The French words for the register's enums, both ways: the pages and the exports write them, the import reads
/// them back. One table per enum, so that a label changed here changes in both directions at once.
/// </summary>
public static class RegisterVocabulary
{
    public static readonly FrenchLabels<ProcessingRole> Roles = new(
        (ProcessingRole.Controller, "Responsable de traitement"),
        (ProcessingRole.JointController, "Responsable conjoint"),
        (ProcessingRole.Processor, "Sous-traitant (art. 30(2))"));

    public static readonly FrenchLabels<ActivityStatus> Statuses = new(
        (ActivityStatus.Draft, "Brouillon"),
        (ActivityStatus.Submitted, "Soumise à l'avis du DPO"),
        (ActivityStatus.DpoOpinionGiven, "Avis du DPO donné"),
        (ActivityStatus.Validated, "Validée"),
        (ActivityStatus.Archived, "Archivée"));

    public static readonly FrenchLabels<DpoOpinionKind> DpoOpinions = new(
        (DpoOpinionKind.Favourable, "Favorable"),
        (DpoOpinionKind.FavourableWithReservations, "Favorable avec réserves"),
        (DpoOpinionKind.Unfavourable, "Défavorable"));

    public static readonly FrenchLabels<ArtificialIntelligenceUse> AiUses = new(
        (ArtificialIntelligenceUse.None, "Aucun système d'intelligence artificielle"),
        (ArtificialIntelligenceUse.Assists, "Une IA aide les personnes qui décident"),
        (ArtificialIntelligenceUse.Decides, "Une IA produit la décision, ou l'essentiel"));

    public static readonly FrenchLabels<DpiaDecision> DpiaDecisions = new(
        (DpiaDecision.NotDecided, "Pas encore décidé"),
        (DpiaDecision.NotRequired, "AIPD non requise"),
        (DpiaDecision.Required, "AIPD requise"),
        (DpiaDecision.Done, "AIPD réalisée"));

    public static readonly FrenchLabels<FinalFate> FinalFates = new(
        (FinalFate.Destruction, "Destruction"),
        (FinalFate.IntermediateArchiving, "Archivage intermédiaire"),
        (FinalFate.PublicArchives, "Versement aux archives publiques"),
        (FinalFate.Sorting, "Tri (destruction partielle, versement du reste)"));

    public static readonly FrenchLabels<TransferSafeguard> Safeguards = new(
        (TransferSafeguard.None, "Aucune garantie"),
        (TransferSafeguard.AdequacyDecision, "Décision d'adéquation (art. 45)"),
        (TransferSafeguard.StandardContractualClauses, "Clauses contractuelles types (art. 46)"),
        (TransferSafeguard.BindingCorporateRules, "Règles d'entreprise contraignantes (art. 47)"),
        (TransferSafeguard.AdministrativeArrangement, "Arrangement administratif entre autorités publiques (art. 46(3)(b))"),
        (TransferSafeguard.CodeOfConduct, "Code de conduite (art. 46(2)(e))"),
        (TransferSafeguard.Certification, "Certification (art. 46(2)(f))"),
        (TransferSafeguard.Derogation, "Dérogation pour une situation particulière (art. 49)"));
}

/// <summary>An enum's French labels, each value with exactly one, read back whatever the case or surrounding spaces.</summary>
public sealed class FrenchLabels<T>
    where T : struct, Enum
{
    private readonly Dictionary<T, string> _labels = [];
    private readonly Dictionary<string, T> _values = new(StringComparer.OrdinalIgnoreCase);

    public FrenchLabels(params (T Value, string Label)[] pairs)
    {
        foreach (var (value, label) in pairs)
        {
            _labels.Add(value, label);
            _values.Add(label, value);
        }
        foreach (var value in Enum.GetValues<T>().Where(v => !_labels.ContainsKey(v)))
        {
            throw new InvalidOperationException($"{typeof(T).Name}.{value} has no French label.");
        }
    }

    public IReadOnlyCollection<string> All => _labels.Values;

    public string Label(T value) => _labels.TryGetValue(value, out var label) ? label : value.ToString();

    public bool TryParse(string? text, out T value) => _values.TryGetValue(text?.Trim() ?? "", out value);
}
