using System.Text.Json;
using Egide.Core.Common;
using Egide.Core.Data;

namespace Egide.Core.Privacy.Register;

/// <summary>The organisation's role in the processing (GDPR art. 4(7), 26, 28).</summary>
public enum ProcessingRole
{
    Controller,
    JointController,
    /// <summary>Processes on behalf of another controller: the entry belongs to the art. 30(2) register.</summary>
    Processor,
}

/// <summary>
/// Draft → submitted → DPO opinion given → validated by the controller → archived. Changing the content of a
/// submitted or validated activity takes it back to draft: the controller validates what is written, not what was.
/// </summary>
public enum ActivityStatus
{
    Draft,
    Submitted,
    DpoOpinionGiven,
    Validated,
    Archived,
}

public enum DpoOpinionKind
{
    Favourable,
    FavourableWithReservations,
    Unfavourable,
}

public enum ArtificialIntelligenceUse
{
    None,
    /// <summary>An AI system helps the people who decide.</summary>
    Assists,
    /// <summary>An AI system produces the decision, or most of it.</summary>
    Decides,
}

public enum DpiaDecision
{
    NotDecided,
    NotRequired,
    Required,
    Done,
}

/// <summary>What becomes of the data at the end of its retention period (code du patrimoine, art. L. 212-2 ff.).</summary>
public enum FinalFate
{
    Destruction,
    IntermediateArchiving,
    PublicArchives,
    /// <summary>Sorting (tri): part destroyed, part transferred to public archives.</summary>
    Sorting,
}

/// <summary>An art. 46 safeguard or art. 49 derogation for a transfer outside the EU/EEA.</summary>
public enum TransferSafeguard
{
    None,
    /// <summary>The recipient is covered by an adequacy decision (e.g. a certified US organisation).</summary>
    AdequacyDecision,
    StandardContractualClauses,
    BindingCorporateRules,
    /// <summary>Art. 46(3)(b): arrangements between public authorities.</summary>
    AdministrativeArrangement,
    CodeOfConduct,
    Certification,
    /// <summary>Art. 49: derogations for specific situations.</summary>
    Derogation,
}

/// <summary>One processing activity of the register (GDPR art. 30(1), or 30(2) when the organisation is the processor).</summary>
public sealed class ProcessingActivity : IOrganizationOwned
{
    public const int NameMaxLength = 300;
    public const int ReferenceMaxLength = 40;

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    /// <summary>The organisation's own numbering (« N° / RÉF »), unique in the organisation.</summary>
    public string Reference { get; set; } = "";

    public string Name { get; set; } = "";

    public ProcessingRole Role { get; set; }

    /// <summary>The service that carries out the processing (e.g. « État civil », « Direction de l'enfance »).</summary>
    public string? ResponsibleService { get; set; }

    public ActivityStatus Status { get; set; }

    // Kept out of the JSON content because lists filter on them.
    public string? LegalBasisCode { get; set; }

    public bool HasSpecialData { get; set; }

    public ArtificialIntelligenceUse AiUse { get; set; }

    /// <summary>Folded name, reference and purposes, for search without accents or case.</summary>
    public string SearchText { get; set; } = "";

    /// <summary>Everything else, as one document (see <see cref="ActivityContent"/>).</summary>
    public string ContentJson { get; set; } = "{}";

    public DpoOpinionKind? DpoOpinion { get; set; }

    public string? DpoOpinionText { get; set; }

    public string? DpoOpinionBy { get; set; }

    public DateTime? DpoOpinionAt { get; set; }

    /// <summary>The controller (Maire, Président or delegate) who validated, by name.</summary>
    public string? ValidatedBy { get; set; }

    public DateTime? ValidatedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>The last time someone checked the whole entry was still true; creation counts as a review.</summary>
    public DateTime LastReviewedAt { get; set; }

    /// <summary>When the entry last changed status (a draft's age counts from here).</summary>
    public DateTime StatusChangedAt { get; set; }

    /// <summary>Optimistic concurrency; also the number of the current version in the history.</summary>
    public int Version { get; set; }

    public ActivityContent Content
    {
        get => ActivityContent.Read(ContentJson);
        set
        {
            ContentJson = value.Write();
            LegalBasisCode = value.LegalBasisCode;
            AiUse = value.AiUse;
            SearchText = TextSearch.Fold(string.Join(" ", new[] { Reference, Name, value.MainPurpose }.Concat(value.SubPurposes)));
        }
    }
}

/// <summary>A person or body named in the register, as the CNIL model lays them out.</summary>
public sealed record ActorContact
{
    public string Name { get; init; } = "";
    public string? Address { get; init; }
    public string? PostalCode { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
}

public sealed record DataCategoryUse
{
    public string CategoryCode { get; init; } = "";
    public string? Description { get; init; }
    /// <summary>In words, as archivists and the CNIL write it: « 5 ans à compter du versement de la paie ».</summary>
    public string? RetentionPeriod { get; init; }
    public FinalFate? FinalFate { get; init; }
}

public sealed record DataSubjectUse
{
    public string CategoryCode { get; init; } = "";
    public string? Details { get; init; }
    public int? EstimatedVolume { get; init; }
}

public sealed record RecipientUse
{
    public string TypeCode { get; init; } = "";
    public string? Details { get; init; }
    /// <summary>When the recipient is one of the organisation's processors.</summary>
    public Guid? ProcessorId { get; init; }
}

public sealed record TransferUse
{
    public string Recipient { get; init; } = "";
    public string CountryCode { get; init; } = "";
    public TransferSafeguard Safeguard { get; init; }
    public string? Documentation { get; init; }
}

public sealed record SecurityMeasureUse
{
    public string MeasureCode { get; init; } = "";
    public string? Details { get; init; }
}

/// <summary>
/// The body of a register entry, kept as one JSON document: it is read and written whole, and each saved
/// version is kept whole in the history.
/// </summary>
public sealed record ActivityContent
{
    public string? Description { get; init; }
    /// <summary>The controller's representative as the CNIL model names them (Maire, Président…).</summary>
    public ActorContact? Controller { get; init; }
    public ActorContact? Representative { get; init; }
    public IReadOnlyList<ActorContact> JointControllers { get; init; } = [];
    /// <summary>When the organisation is the processor: the controllers it processes for (art. 30(2)(a)).</summary>
    public IReadOnlyList<ActorContact> ClientControllers { get; init; } = [];

    public string MainPurpose { get; init; } = "";
    public IReadOnlyList<string> SubPurposes { get; init; } = [];

    public string? LegalBasisCode { get; init; }
    /// <summary>The text (an article of the CGCT…) or the body's deliberation that grounds the processing.</summary>
    public string? LegalBasisJustification { get; init; }

    public IReadOnlyList<DataCategoryUse> DataCategories { get; init; } = [];
    public IReadOnlyList<DataSubjectUse> DataSubjects { get; init; } = [];
    public IReadOnlyList<RecipientUse> Recipients { get; init; } = [];
    public IReadOnlyList<TransferUse> Transfers { get; init; } = [];
    public IReadOnlyList<SecurityMeasureUse> SecurityMeasures { get; init; } = [];
    public string? SecurityDetails { get; init; }

    public string? DataSource { get; init; }
    public string? CollectionMethod { get; init; }
    public string? Software { get; init; }
    public string? Media { get; init; }

    public ArtificialIntelligenceUse AiUse { get; init; }
    public string? AiDescription { get; init; }

    public IReadOnlyList<string> EdpbCriteria { get; init; } = [];
    public IReadOnlyList<string> CnilDpiaListMatches { get; init; } = [];
    public DpiaDecision DpiaDecision { get; init; }
    public string? DpiaDecisionReason { get; init; }

    public static ActivityContent Read(string json) =>
        string.IsNullOrWhiteSpace(json) ? new ActivityContent() : JsonSerializer.Deserialize<ActivityContent>(json, RegisterJson.Options) ?? new ActivityContent();

    public string Write() => JsonSerializer.Serialize(this, RegisterJson.Options);
}
