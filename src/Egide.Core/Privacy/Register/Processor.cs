using System.Text.Json;
using Egide.Core.Common;
using Egide.Core.Data;

namespace Egide.Core.Privacy.Register;

/// <summary>The clauses a processing contract must contain, GDPR art. 28(3)(a)–(h).</summary>
[Flags]
public enum Article28Clauses
{
    None = 0,
    /// <summary>(a) processes only on documented instructions, including for transfers.</summary>
    DocumentedInstructions = 1 << 0,
    /// <summary>(b) the persons authorised are bound by confidentiality.</summary>
    Confidentiality = 1 << 1,
    /// <summary>(c) takes the security measures of art. 32.</summary>
    Security = 1 << 2,
    /// <summary>(d) engages sub-processors only on the conditions of art. 28(2) and (4).</summary>
    SubProcessing = 1 << 3,
    /// <summary>(e) helps the controller answer data subjects' requests.</summary>
    DataSubjectRights = 1 << 4,
    /// <summary>(f) helps the controller with arts. 32 to 36 (security, breaches, DPIA).</summary>
    ControllerAssistance = 1 << 5,
    /// <summary>(g) deletes or returns the data at the end of the service.</summary>
    EndOfService = 1 << 6,
    /// <summary>(h) makes available the information needed to demonstrate compliance; allows audits.</summary>
    AuditsAndInformation = 1 << 7,
    All = (1 << 8) - 1,
}

public static class Article28
{
    /// <summary>Each clause with its letter and French wording, in the order of the article.</summary>
    public static readonly IReadOnlyList<(Article28Clauses Clause, char Letter, string Label)> Clauses =
    [
        (Article28Clauses.DocumentedInstructions, 'a', "Traitement sur instruction documentée du responsable, y compris pour les transferts"),
        (Article28Clauses.Confidentiality, 'b', "Engagement de confidentialité des personnes autorisées"),
        (Article28Clauses.Security, 'c', "Mesures de sécurité de l'article 32"),
        (Article28Clauses.SubProcessing, 'd', "Conditions du recours à un autre sous-traitant"),
        (Article28Clauses.DataSubjectRights, 'e', "Aide au responsable pour répondre aux demandes d'exercice des droits"),
        (Article28Clauses.ControllerAssistance, 'f', "Aide au responsable pour les articles 32 à 36 (sécurité, violations, AIPD)"),
        (Article28Clauses.EndOfService, 'g', "Suppression ou restitution des données au terme de la prestation"),
        (Article28Clauses.AuditsAndInformation, 'h', "Mise à disposition des informations et contribution aux audits"),
    ];

    public static IEnumerable<char> MissingLetters(Article28Clauses present) =>
        Clauses.Where(c => !present.HasFlag(c.Clause)).Select(c => c.Letter);
}

/// <summary>A processor the organisation entrusts personal data to (GDPR art. 28).</summary>
public sealed class Processor : IOrganizationOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public string Name { get; set; } = "";

    public string SearchName { get; set; } = "";

    public string? Siren { get; set; }

    public string? Address { get; set; }

    public string? ContactName { get; set; }

    public string? ContactEmail { get; set; }

    public string? ContactPhone { get; set; }

    public string? DpoName { get; set; }

    public string? DpoEmail { get; set; }

    /// <summary>Null: no contract signed (or none on file).</summary>
    public DateOnly? ContractDate { get; set; }

    public string? ContractReference { get; set; }

    public Article28Clauses Clauses { get; set; }

    /// <summary>The sub-processors it engages, one per line, as the contract lists them.</summary>
    public string? SubProcessors { get; set; }

    /// <summary>Where the data is stored and processed (hosting, country, data centre).</summary>
    public string? DataLocation { get; set; }

    public string TransfersJson { get; set; } = "[]";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? ArchivedAt { get; set; }

    public int Version { get; set; }

    public IReadOnlyList<TransferUse> Transfers
    {
        get => JsonSerializer.Deserialize<List<TransferUse>>(TransfersJson, RegisterJson.Options) ?? [];
        set => TransfersJson = JsonSerializer.Serialize(value, RegisterJson.Options);
    }

    public void Rename(string name)
    {
        Name = name;
        SearchName = TextSearch.Fold(name);
    }
}

/// <summary>Which activities entrust data to which processor (kept from the activities' recipients on each save).</summary>
public sealed class ActivityProcessor : IOrganizationOwned
{
    public Guid OrganizationId { get; set; }

    public Guid ActivityId { get; set; }

    public Guid ProcessorId { get; set; }
}
