namespace Egide.Core.Privacy.Requests.Letters;

/// <summary>The letters a rights request calls for, from its receipt to its answer or refusal.</summary>
public enum LetterKind
{
    Acknowledgement,
    IdentityProofRequest,
    Extension,
    Answer,
    Refusal,
}

/// <summary>The letters' slugs in addresses and file names, and their French names.</summary>
public static class LetterKinds
{
    public static IReadOnlyList<LetterKind> All { get; } = Enum.GetValues<LetterKind>();

    /// <summary>« accuse-reception », « demande-justificatif », « prolongation », « reponse », « refus ».</summary>
    public static string Slug(LetterKind kind) => kind switch
    {
        LetterKind.Acknowledgement => "accuse-reception",
        LetterKind.IdentityProofRequest => "demande-justificatif",
        LetterKind.Extension => "prolongation",
        LetterKind.Answer => "reponse",
        LetterKind.Refusal => "refus",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <returns>The letter whose slug this is (case ignored), or null.</returns>
    public static LetterKind? Parse(string? slug)
    {
        var wanted = slug?.Trim();
        foreach (var kind in All)
        {
            if (string.Equals(Slug(kind), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }
        return null;
    }

    public static string Name(LetterKind kind) => kind switch
    {
        LetterKind.Acknowledgement => "Accusé de réception",
        LetterKind.IdentityProofRequest => "Demande de justificatif d'identité",
        LetterKind.Extension => "Prolongation du délai",
        LetterKind.Answer => "Réponse",
        LetterKind.Refusal => "Refus motivé",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
