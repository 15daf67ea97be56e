using Egide.Core.Organizations;

namespace Egide.Core.Privacy.Requests.Letters;

/// <summary>Who signs: « Le Maire », « Pour le Président et par délégation, la directrice générale des services »…</summary>
/// <param name="Title">Null: « Pour le responsable du traitement », which the person adjusts in the letter.</param>
public sealed record LetterSignatory(string Name, string? Title = null);

/// <summary>What a letter of a rights request is written from.</summary>
/// <param name="Request">The record, as it stands: every date and reason the letter states comes from it.</param>
/// <param name="Organization">The controller: letterhead, address, DPO, holiday calendar.</param>
/// <param name="ActivityNames">The register's activities the request concerns.</param>
/// <param name="Date">The letter's date (Paris calendar day).</param>
public sealed record LetterData(
    RightsRequest Request,
    Organization Organization,
    IReadOnlyList<string> ActivityNames,
    LetterSignatory Signatory,
    DateOnly Date)
{
    /// <summary>Where the letter is written (« Arras, le … »); null: the organisation's city.</summary>
    public string? City { get; init; }

    /// <summary>The external DPO body's name when it is an organisation in Egide (GetOrganization gives it).</summary>
    public string? ExternalDpoName { get; init; }
}
