namespace Egide.Web.Features.Privacy.Register;

/// <summary>The sections of an entry as the edit pages split it (the form is long: each section is saved alone).</summary>
public static class ActivitySections
{
    public sealed record Section(string Slug, string Title);

    public const string Identification = "identification";
    public const string Purposes = "finalites";
    public const string Data = "donnees";
    public const string Subjects = "personnes";
    public const string Recipients = "destinataires";
    public const string Security = "securite";
    public const string Collection = "collecte";
    public const string Ai = "ia";
    public const string Dpia = "aipd";

    /// <summary>In the order of GDPR art. 30(1).</summary>
    public static readonly IReadOnlyList<Section> All =
    [
        new(Identification, "Identification et responsables"),
        new(Purposes, "Finalités et base légale"),
        new(Data, "Catégories de données"),
        new(Subjects, "Personnes concernées"),
        new(Recipients, "Destinataires et transferts"),
        new(Security, "Mesures de sécurité"),
        new(Collection, "Collecte, logiciels et supports"),
        new(Ai, "Intelligence artificielle"),
        new(Dpia, "Analyse d'impact (AIPD)"),
    ];

    public static Section? Find(string? slug) => All.FirstOrDefault(s => s.Slug == slug);
}
