namespace Egide.Core.Privacy.Requests;

/// <summary>The French names of a request's kind, channel, status and refusal reason: shared by pages, letters, API and CLI.</summary>
public static class RightsRequestLabels
{
    public static string Kind(RightsRequestKind kind) => kind switch
    {
        RightsRequestKind.Access => "Droit d'accès (art. 15)",
        RightsRequestKind.Rectification => "Droit de rectification (art. 16)",
        RightsRequestKind.Erasure => "Droit à l'effacement (art. 17)",
        RightsRequestKind.Restriction => "Droit à la limitation du traitement (art. 18)",
        RightsRequestKind.Portability => "Droit à la portabilité (art. 20)",
        RightsRequestKind.Objection => "Droit d'opposition (art. 21)",
        _ => "Autre demande (art. 12 à 22)",
    };

    public static string Channel(RequestChannel channel) => channel switch
    {
        RequestChannel.Email => "Courriel",
        RequestChannel.Post => "Courrier postal",
        RequestChannel.OnlineForm => "Formulaire en ligne",
        RequestChannel.InPerson => "Au guichet",
        RequestChannel.Phone => "Téléphone",
        _ => "Autre",
    };

    public static string Status(RightsRequestStatus status) => status switch
    {
        RightsRequestStatus.Received => "Reçue",
        RightsRequestStatus.InProgress => "En cours de traitement",
        RightsRequestStatus.Answered => "Répondue",
        _ => "Refusée",
    };

    public static string Refusal(RefusalReason reason) => reason switch
    {
        RefusalReason.IdentityNotEstablished => "Identité de la personne non établie (art. 11, paragraphe 2, et 12, paragraphe 2)",
        RefusalReason.ManifestlyUnfounded => "Demande manifestement infondée (art. 12, paragraphe 5, b)",
        RefusalReason.Excessive => "Demande excessive, notamment par son caractère répétitif (art. 12, paragraphe 5, b)",
        RefusalReason.ErasureException => "Exception au droit à l'effacement (art. 17, paragraphe 3)",
        RefusalReason.ObjectionNotApplicable => "Opposition non applicable : motifs légitimes impérieux ou obligation légale (art. 21, paragraphe 1)",
        RefusalReason.PortabilityNotApplicable => "Portabilité non applicable à un traitement de mission d'intérêt public (art. 20, paragraphe 3)",
        RefusalReason.LegalRestriction => "Limitation prévue par la loi (art. 23 du RGPD et texte français)",
        _ => "Autre motif",
    };
}
