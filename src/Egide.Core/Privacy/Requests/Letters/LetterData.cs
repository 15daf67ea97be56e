using Egide.Core.Organizations;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Register.Exchange;

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

    /// <summary>What the register says of the activities concerned: the answer to an access request states it (art. 15(1)).</summary>
    public IReadOnlyList<LetterActivity> Activities { get; init; } = [];
}

/// <summary>One activity of the register as an access answer states it, labels resolved from the catalogues.</summary>
public sealed record LetterActivity(
    string Name,
    string? MainPurpose,
    IReadOnlyList<string> SubPurposes,
    IReadOnlyList<LetterDataCategory> DataCategories,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<LetterTransfer> Transfers,
    ArtificialIntelligenceUse AiUse)
{
    public static LetterActivity Of(ProcessingActivity activity, RegisterCatalogs catalogs)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(catalogs);
        var content = activity.Content;
        return new LetterActivity(
            activity.Name,
            string.IsNullOrWhiteSpace(content.MainPurpose) ? null : content.MainPurpose.Trim(),
            content.SubPurposes.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).ToList(),
            content.DataCategories.Select(d => new LetterDataCategory(
                catalogs.Label(catalogs.DataCategories, d.CategoryCode), Blank(d.Description), Blank(d.RetentionPeriod))).ToList(),
            content.Recipients.Select(r => Blank(r.Details) is { } details
                ? $"{catalogs.Label(catalogs.RecipientTypes, r.TypeCode)} ({details})"
                : catalogs.Label(catalogs.RecipientTypes, r.TypeCode)).ToList(),
            content.Transfers.Select(t => new LetterTransfer(
                t.Recipient.Trim(),
                catalogs.Countries.TryGetValue(t.CountryCode, out var country) ? country.Name : t.CountryCode,
                RegisterVocabulary.Safeguards.Label(t.Safeguard))).ToList(),
            activity.AiUse);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

public sealed record LetterDataCategory(string Label, string? Description, string? RetentionPeriod);

public sealed record LetterTransfer(string Recipient, string Country, string Safeguard);
