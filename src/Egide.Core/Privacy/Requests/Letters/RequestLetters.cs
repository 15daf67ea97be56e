using System.Text;
using Egide.Core.Common;
using Egide.Core.Deadlines;
using Egide.Core.Organizations;
using Egide.Core.Privacy.Register;

namespace Egide.Core.Privacy.Requests.Letters;

/// <summary>
/// The letters of a rights request as editable DOCX files, written from the record (arts. 12 to 22 GDPR): every date,
/// reason and answer is the record's, so a letter says nothing the file does not. A letter the record cannot support
/// yet (an extension not recorded, no answer, no refusal reason, no request for proof of identity) is refused with
/// what to record first. The wording is this module's own, in the formal style of a French administration.
/// </summary>
public static class RequestLetters
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private const string Gdpr = "RGPD";

    /// <summary>The CNIL's postal address for complaints, as it publishes it.</summary>
    private const string CnilAddress = "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07";

    /// <summary>« DD-2026-001-prolongation.docx »: the reference as written, reduced to characters safe in a file name.</summary>
    public static string FileName(LetterKind kind, RightsRequest request)
    {
        var reference = new StringBuilder();
        foreach (var c in request.Reference.Trim())
        {
            reference.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-');
        }
        var name = reference.ToString().Trim('-');
        return $"{(name.Length == 0 ? "demande" : name)}-{LetterKinds.Slug(kind)}.docx";
    }

    /// <summary>What the record lacks for this letter, or null when it can be written.</summary>
    public static ValidationFailure? Check(LetterKind kind, RightsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        switch (kind)
        {
            case LetterKind.IdentityProofRequest when request.IdentityProofRequestedOn is null:
                errors.Add(nameof(RightsRequest.IdentityProofRequestedOn),
                    "Enregistrez d'abord, dans le dossier, la date à laquelle un justificatif d'identité est demandé : ce courrier formule cette demande.");
                break;
            case LetterKind.Extension when request.ExtensionMonths is null:
                errors.Add(nameof(RightsRequest.ExtensionMonths),
                    "Aucune prolongation du délai n'est enregistrée dans ce dossier : enregistrez-la (durée et motif) avant de préparer ce courrier.");
                break;
            case LetterKind.Extension when string.IsNullOrWhiteSpace(request.ExtensionReason):
                errors.Add(nameof(RightsRequest.ExtensionReason),
                    "Le motif de la prolongation n'est pas enregistré : il doit être communiqué à la personne (article 12, paragraphe 3, du RGPD).");
                break;
            case LetterKind.Answer when string.IsNullOrWhiteSpace(request.AnswerSummary):
                errors.Add(nameof(RightsRequest.AnswerSummary),
                    "Décrivez d'abord dans le dossier la réponse apportée (données communiquées, rectifiées, effacées…) : le courrier de réponse la reprend.");
                break;
            case LetterKind.Refusal when request.RefusalReason is null:
                errors.Add(nameof(RightsRequest.RefusalReason),
                    "Enregistrez d'abord le motif du refus : le courrier l'expose à la personne avec son fondement juridique.");
                break;
            case LetterKind.Refusal when request.RefusalReason == RefusalReason.Other && string.IsNullOrWhiteSpace(request.RefusalDetail):
                errors.Add(nameof(RightsRequest.RefusalDetail),
                    "Le motif du refus est « autre » : précisez-le dans le dossier, le courrier doit l'exposer à la personne.");
                break;
        }
        return errors.IsEmpty ? null : errors.ToFailure();
    }

    public static Result<byte[]> Generate(LetterKind kind, LetterData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Check(kind, data.Request) is { } failure)
        {
            return failure;
        }
        var letter = new Writer(data);
        letter.Head(Subject(kind, data.Request));
        switch (kind)
        {
            case LetterKind.Acknowledgement:
                letter.Acknowledgement();
                break;
            case LetterKind.IdentityProofRequest:
                letter.IdentityProofRequest();
                break;
            case LetterKind.Extension:
                letter.Extension();
                break;
            case LetterKind.Answer:
                letter.Answer();
                break;
            case LetterKind.Refusal:
                letter.Refusal();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
        letter.End();
        var title = $"{LetterKinds.Name(kind)} – demande {data.Request.Reference}";
        return letter.Document.Save(title, data.Date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
    }

    private static string Subject(LetterKind kind, RightsRequest request) => kind switch
    {
        LetterKind.Acknowledgement => $"accusé de réception de votre demande relative {Right(request.Kind, "").Short}",
        LetterKind.IdentityProofRequest => $"demande de justificatif d'identité – votre demande relative {Right(request.Kind, "").Short}",
        LetterKind.Extension => $"prolongation du délai de réponse à votre demande relative {Right(request.Kind, "").Short}",
        LetterKind.Answer => $"réponse à votre demande relative {Right(request.Kind, "").Short}",
        LetterKind.Refusal => $"refus motivé de votre demande relative {Right(request.Kind, "").Short}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <param name="Short">After « relative »: « au droit d'accès aux données personnelles ».</param>
    /// <param name="Full">After « vous exercez »: the right with its article.</param>
    private sealed record RightWording(string Short, string Full);

    /// <param name="concerning">« vous concernant », or « concernant Mme X » when a representative writes.</param>
    private static RightWording Right(RightsRequestKind kind, string concerning) => kind switch
    {
        RightsRequestKind.Access => new("au droit d'accès aux données personnelles",
            $"le droit d'accès aux données personnelles {concerning} (article 15 du RGPD)"),
        RightsRequestKind.Rectification => new("au droit de rectification des données personnelles",
            $"le droit de rectification des données personnelles {concerning} (article 16 du RGPD)"),
        RightsRequestKind.Erasure => new("au droit à l'effacement des données personnelles",
            $"le droit à l'effacement des données personnelles {concerning} (article 17 du RGPD)"),
        RightsRequestKind.Restriction => new("au droit à la limitation du traitement des données personnelles",
            $"le droit à la limitation du traitement des données personnelles {concerning} (article 18 du RGPD)"),
        RightsRequestKind.Portability => new("au droit à la portabilité des données personnelles",
            $"le droit à la portabilité des données personnelles {concerning} (article 20 du RGPD)"),
        RightsRequestKind.Objection => new("au droit d'opposition au traitement des données personnelles",
            $"le droit d'opposition au traitement des données personnelles {concerning} (article 21 du RGPD)"),
        _ => new("aux droits sur les données personnelles",
            $"les droits prévus aux articles 15 à 22 du RGPD sur les données personnelles {concerning}"),
    };

    private static string Channel(RequestChannel channel) => channel switch
    {
        RequestChannel.Email => " par courrier électronique",
        RequestChannel.Post => " par courrier postal",
        RequestChannel.OnlineForm => " au moyen du formulaire en ligne",
        RequestChannel.InPerson => " à l'accueil de nos services",
        RequestChannel.Phone => " par téléphone",
        _ => "",
    };

    private static string Months(int months) => $"{months} mois";

    /// <summary>The paragraphs of a free text written in the record (one per line).</summary>
    private static string[] Paragraphs(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string? Join(string separator, params string?[] parts)
    {
        var kept = parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()).ToList();
        return kept.Count == 0 ? null : string.Join(separator, kept);
    }

    private sealed class Writer(LetterData data)
    {
        private RightsRequest Request => data.Request;

        private Organization Organization => data.Organization;

        public LetterDocument Document { get; } = new();

        private string Received => FrenchFormat.Date(Request.ReceivedOn);

        /// <summary>The first due date, one month after receipt, as the deadline engine computes it.</summary>
        private DateOnly FirstDueDate =>
            Request.ExtensionMonths is null ? Request.DueDate : RightsRequestClock.DueDate(Request.ReceivedOn, Organization.HolidayCalendar);

        private string TheRight => Right(Request.Kind, Request.RepresentativeName is { Length: > 0 }
            ? $"concernant {Request.RequesterName.Trim()}"
            : "vous concernant").Full;

        private string ForWhom => Request.RepresentativeName is { Length: > 0 } ? $", pour le compte de {Request.RequesterName.Trim()}," : "";

        /// <summary>« Votre demande, reçue le 02/11/2026 par courrier postal, par laquelle vous exercez … ».</summary>
        private string Opening =>
            $"Votre demande, reçue le {Received}{Channel(Request.Channel)} et enregistrée sous la référence {Request.Reference}, "
            + $"porte sur l'exercice{ForWhom} {Of(TheRight)}.";

        public void Head(string subject)
        {
            Document.Title(Organization.Name);
            var address = Organization.Address;
            Document.Lines(LetterDocument.CompactStyle, new[] { address.Street, Join(" ", address.PostalCode, address.City) }
                .Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!.Trim()));
            Document.Paragraph("");

            var city = data.City ?? Organization.Address.City;
            Document.Right($"{(string.IsNullOrWhiteSpace(city) ? "Le" : city.Trim() + ", le")} {FrenchFormat.LongDate(data.Date)}");

            var recipient = new List<string>();
            if (Request.RepresentativeName is { Length: > 0 } representative)
            {
                recipient.Add(representative.Trim());
                recipient.Add($"pour le compte de {Request.RequesterName.Trim()}");
            }
            else
            {
                recipient.Add(Request.RequesterName.Trim());
            }
            var addressLines = Paragraphs(Request.RequesterAddress);
            if (addressLines.Length > 0)
            {
                recipient.AddRange(addressLines);
            }
            else if (Request.RequesterEmail is { Length: > 0 } email)
            {
                recipient.Add($"Par courrier électronique : {email.Trim()}");
            }
            else
            {
                recipient.Add("[adresse du destinataire]");
            }
            Document.Lines(LetterDocument.RecipientStyle, recipient);
            Document.Paragraph("");

            Document.Labelled(LetterDocument.SubjectStyle, "Objet : ", subject);
            Document.Labelled(LetterDocument.SubjectStyle, "Réf. : ", Request.Reference);
            Document.Paragraph("");
            Document.Paragraph("Madame, Monsieur,");
        }

        public void Acknowledgement()
        {
            Document.Paragraph(
                $"J'accuse réception de votre demande, reçue le {Received}{Channel(Request.Channel)}, par laquelle vous exercez{ForWhom} "
                + $"{TheRight}, en application du règlement (UE) 2016/679 du Parlement européen et du Conseil "
                + $"du 27 avril 2016 (règlement général sur la protection des données, {Gdpr}). Elle est enregistrée sous la référence "
                + $"{Request.Reference}, à rappeler dans toute correspondance.");
            if (!string.IsNullOrWhiteSpace(Request.Description))
            {
                Document.Paragraph("Votre demande porte sur les points suivants :");
                foreach (var paragraph in Paragraphs(Request.Description))
                {
                    Document.Paragraph($"« {paragraph} »");
                }
            }
            Document.Paragraph(
                $"Conformément à l'article 12, paragraphe 3, du {Gdpr}, une réponse vous sera apportée dans un délai d'un mois à "
                + $"compter de la réception de votre demande, soit au plus tard le {FrenchFormat.Date(FirstDueDate)}. Ce délai peut "
                + "être prolongé de deux mois au plus, compte tenu de la complexité et du nombre de demandes ; vous en seriez alors "
                + "informé(e) avant cette date, avec les motifs de cette prolongation.");
        }

        public void IdentityProofRequest()
        {
            Document.Paragraph(
                $"J'accuse réception de votre demande, reçue le {Received}{Channel(Request.Channel)} et enregistrée sous la référence "
                + $"{Request.Reference}, par laquelle vous exercez{ForWhom} {TheRight}.");
            Document.Paragraph(
                $"Afin de garantir que des données personnelles ne soient communiquées qu'à la personne qu'elles concernent, "
                + $"l'article 12, paragraphe 6, du {Gdpr} permet au responsable du traitement, lorsqu'il a des doutes raisonnables "
                + "quant à l'identité de la personne qui présente la demande, de demander les informations supplémentaires "
                + "nécessaires pour la confirmer. Les éléments reçus ne permettent pas, à ce stade, d'établir avec certitude "
                + (Request.RepresentativeName is { Length: > 0 }
                    ? $"l'identité de {Request.RequesterName.Trim()} ni votre qualité pour agir en son nom."
                    : "que vous êtes la personne concernée."));
            Document.Paragraph($"Je vous remercie donc de bien vouloir nous adresser, en rappelant la référence {Request.Reference} :");
            var items = new List<string>
            {
                "tout élément permettant de rapprocher votre demande des informations dont disposent nos services (par exemple "
                + "un numéro de dossier ou d'usager, l'adresse postale ou électronique que vous nous avez communiquée) ;",
                "seulement si ces éléments ne suffisent pas, la copie d'un titre d'identité"
                + (Request.RepresentativeName is { Length: > 0 } ? $" de {Request.RequesterName.Trim()}" : "")
                + " : vous pouvez y masquer la photographie "
                + "et les mentions qui ne sont pas utiles à la vérification. Cette copie ne sert qu'à vérifier votre identité et "
                + "n'est pas conservée au-delà ;",
            };
            if (Request.RepresentativeName is { Length: > 0 })
            {
                items.Add($"le mandat, signé par {Request.RequesterName.Trim()}, qui vous autorise à présenter cette demande en son nom ;");
            }
            items[^1] = items[^1].TrimEnd(' ', ';') + ".";
            Document.Bullets(items);
            Document.Paragraph(
                "Votre demande sera traitée dès réception de ces éléments. À défaut, il ne nous serait pas possible d'y donner "
                + (Request.RepresentativeName is { Length: > 0 }
                    ? $"suite, faute de pouvoir nous assurer de l'identité de {Request.RequesterName.Trim()} et de votre qualité pour agir en son nom."
                    : "suite, faute de pouvoir nous assurer que vous êtes la personne concernée."));
        }

        public void Extension()
        {
            var extension = Request.ExtensionMonths!.Value;
            Document.Paragraph(Opening);
            Document.Paragraph(
                $"L'article 12, paragraphe 3, du {Gdpr} prévoit qu'une réponse est apportée dans un délai d'un mois à compter de la "
                + $"réception de la demande, soit en l'espèce au plus tard le {FrenchFormat.Date(FirstDueDate)}. Ce délai peut être "
                + "prolongé de deux mois au plus, compte tenu de la complexité et du nombre de demandes, la personne concernée "
                + "étant informée de cette prolongation et de ses motifs dans un délai d'un mois à compter de la réception de sa demande.");
            Document.Paragraph(
                $"Je vous informe que le délai de réponse à votre demande est prolongé de {Months(extension)}, soit un délai total de "
                + $"{Months(RightsRequestClock.Months + extension)} à compter de sa réception, pour le motif suivant :");
            foreach (var paragraph in Paragraphs(Request.ExtensionReason))
            {
                Document.Paragraph(paragraph);
            }
            Document.Paragraph($"Une réponse vous sera donc apportée au plus tard le {FrenchFormat.Date(Request.DueDate)}.");
        }

        public void Answer()
        {
            Document.Paragraph(Opening);
            Document.Paragraph("J'ai l'honneur de vous indiquer la suite qui lui a été donnée :");
            foreach (var paragraph in Paragraphs(Request.AnswerSummary))
            {
                Document.Paragraph(paragraph);
            }
            if (data.ActivityNames.Count > 0)
            {
                Document.Paragraph(data.ActivityNames.Count == 1
                    ? "Votre demande concerne le traitement de données suivant :"
                    : "Votre demande concerne les traitements de données suivants :");
                Document.Bullets(data.ActivityNames.Select((name, i) => name + (i == data.ActivityNames.Count - 1 ? "." : " ;")));
            }
            if (Request.Kind == RightsRequestKind.Access)
            {
                AccessInformation();
            }
        }

        /// <summary>
        /// Art. 15(1) a–h and 15(3): what an answer to an access request must give besides the data, taken from the
        /// register entries the request concerns; what the register does not hold is left highlighted to complete.
        /// </summary>
        private void AccessInformation()
        {
            Document.Paragraph(
                "Vous trouverez ci-joint une copie des données personnelles faisant l'objet du traitement (article 15, "
                + $"paragraphe 3, du {Gdpr}).");
            Document.Heading($"Informations sur le traitement de vos données (article 15, paragraphe 1, du {Gdpr})");
            Document.Paragraph("Je vous informe, en outre, des éléments suivants :");
            var activities = data.Activities;
            var plural = activities.Count > 1;
            Document.Lettered(
            [
                $"{(plural ? "les finalités des traitements" : "les finalités du traitement")} : {PerActivity(Purposes, "[à compléter d'après la fiche du registre]")} ;",
                $"les catégories de données personnelles concernées : {PerActivity(Categories, "[à compléter]")} ;",
                "les destinataires ou catégories de destinataires auxquels ces données ont été ou seront communiquées : "
                + $"{PerActivity(Recipients, "[à compléter]")} ; {Transfers()} ;",
                "la durée de conservation des données ou, lorsque ce n'est pas possible, les critères utilisés pour la déterminer : "
                + $"{PerActivity(Retention, "[à compléter]")} ;",
                "vous pouvez demander la rectification ou l'effacement de vos données ou la limitation de leur traitement, ou vous "
                + $"opposer à ce traitement, dans les conditions des articles 16 à 18 et 21 du {Gdpr} ;",
                "vous pouvez introduire une réclamation auprès de la Commission nationale de l'informatique et des libertés (CNIL), "
                + $"{CnilAddress}, www.cnil.fr ;",
                "lorsque les données n'ont pas été collectées auprès de vous, toute information disponible sur leur source : [à compléter ou supprimer] ;",
                $"l'existence d'une prise de décision automatisée, y compris un profilage, au sens de l'article 22 du {Gdpr} : {AutomatedDecisions()}.",
            ]);
        }

        /// <summary>One text for one activity; « name : text » for each when there are several; the blank when none says anything.</summary>
        private string PerActivity(Func<LetterActivity, string?> describe, string blank)
        {
            var activities = data.Activities;
            if (activities.Count == 0)
            {
                return blank;
            }
            if (activities.Count == 1)
            {
                return describe(activities[0]) ?? blank;
            }
            return string.Join(" ; ", activities.Select(a => $"pour « {a.Name} », {describe(a) ?? blank}"));
        }

        private static string? Purposes(LetterActivity a) =>
            a.MainPurpose is null ? null
            : a.SubPurposes.Count == 0 ? a.MainPurpose
            : $"{a.MainPurpose} ({string.Join(", ", a.SubPurposes)})";

        private static string? Categories(LetterActivity a) =>
            a.DataCategories.Count == 0 ? null
            : string.Join(", ", a.DataCategories.Select(d => d.Description is null ? d.Label : $"{d.Label} ({d.Description})"));

        private static string? Recipients(LetterActivity a) => a.Recipients.Count == 0 ? null : string.Join(", ", a.Recipients);

        /// <summary>Per data category, as the register sets retention; the blank for a category without one.</summary>
        private static string? Retention(LetterActivity a) =>
            a.DataCategories.Count == 0 || a.DataCategories.All(d => d.RetentionPeriod is null) ? null
            : a.DataCategories.Count == 1 ? a.DataCategories[0].RetentionPeriod
            : string.Join(", ", a.DataCategories.Select(d => $"{d.Label} : {d.RetentionPeriod ?? "[à compléter]"}"));

        /// <summary>Art. 15(2): transfers outside the European Union and their safeguards, or that there are none.</summary>
        private string Transfers()
        {
            var activities = data.Activities;
            if (activities.Count == 0)
            {
                return "transferts hors de l'Union européenne et garanties appropriées (article 15, paragraphe 2) : [à compléter]";
            }
            var transfers = activities.SelectMany(a => a.Transfers).ToList();
            return transfers.Count == 0
                ? "aucune de ces données n'est transférée hors de l'Union européenne"
                : "ces données sont transférées hors de l'Union européenne, avec les garanties suivantes (article 15, paragraphe 2) : "
                    + string.Join(", ", transfers.Select(t => $"{t.Recipient} ({t.Country}, {t.Safeguard.ToLowerInvariant()})"));
        }

        private string AutomatedDecisions()
        {
            var activities = data.Activities;
            if (activities.Any(a => a.AiUse == ArtificialIntelligenceUse.Decides))
            {
                return "pour " + string.Join(", ", activities.Where(a => a.AiUse == ArtificialIntelligenceUse.Decides).Select(a => $"« {a.Name} »"))
                    + ", la décision est produite, en tout ou partie, par un système d'intelligence artificielle : [préciser la logique "
                    + "sous-jacente, ainsi que l'importance et les conséquences prévues de ce traitement pour vous]";
            }
            if (activities.Count > 0 && activities.Any(a => a.AiUse == ArtificialIntelligenceUse.Assists))
            {
                return "un outil d'intelligence artificielle assiste les agents, mais aucune décision n'est fondée exclusivement sur un "
                    + "traitement automatisé : elle est toujours prise par une personne";
            }
            return "[aucune décision de ce type n'est prise à votre égard – à vérifier]";
        }

        public void Refusal()
        {
            Document.Paragraph(Opening);
            Document.Paragraph("Après examen, j'ai le regret de vous informer qu'il ne peut y être donné suite, pour le motif suivant.");
            Document.Paragraph(Ground(Request.RefusalReason!.Value));
            if (!string.IsNullOrWhiteSpace(Request.RefusalDetail))
            {
                Document.Paragraph("En l'espèce :");
                foreach (var paragraph in Paragraphs(Request.RefusalDetail))
                {
                    Document.Paragraph(paragraph);
                }
            }
            Document.Heading("Voies et délais de recours");
            Document.Paragraph(
                $"Conformément à l'article 12, paragraphe 4, du {Gdpr}, vous avez le droit d'introduire une réclamation auprès de la "
                + $"Commission nationale de l'informatique et des libertés (CNIL), {CnilAddress}, ou en ligne sur www.cnil.fr "
                + $"(article 77 du {Gdpr}).");
            Document.Paragraph(
                "Vous pouvez également former un recours juridictionnel contre la présente décision devant le tribunal administratif "
                + $"territorialement compétent, dans un délai de deux mois à compter de sa notification (article 79 du {Gdpr} et "
                + "article R. 421-1 du code de justice administrative). Le tribunal administratif peut être saisi par l'application "
                + "« Télérecours citoyens », accessible sur le site www.telerecours.fr. Un recours gracieux auprès de l'auteur de "
                + "la présente décision, formé dans le même délai, prolonge le délai de recours contentieux.");
        }

        private string Ground(RefusalReason reason) => reason switch
        {
            RefusalReason.IdentityNotEstablished =>
                (Request.IdentityProofRequestedOn is { } asked
                    ? $"Malgré la demande d'informations complémentaires qui vous a été adressée le {FrenchFormat.Date(asked)}, "
                    : "Malgré les informations complémentaires demandées, ")
                + "votre identité n'a pu être établie. Or le responsable du traitement peut refuser de donner suite à une demande "
                + "lorsqu'il démontre qu'il n'est pas en mesure d'identifier la personne concernée (article 11, paragraphe 2, et "
                + $"article 12, paragraphes 2 et 6, du {Gdpr}).",
            RefusalReason.ManifestlyUnfounded =>
                "Le responsable du traitement peut refuser de donner suite à une demande manifestement infondée (article 12, "
                + $"paragraphe 5, point b), du {Gdpr}). Tel est le cas de votre demande.",
            RefusalReason.Excessive =>
                "Le responsable du traitement peut refuser de donner suite à une demande excessive, notamment en raison de son "
                + $"caractère répétitif (article 12, paragraphe 5, point b), du {Gdpr}). Tel est le cas de votre demande.",
            RefusalReason.ErasureException =>
                "Le droit à l'effacement ne s'applique pas lorsque le traitement est nécessaire pour respecter une obligation "
                + "légale, pour exécuter une mission d'intérêt public ou relevant de l'exercice de l'autorité publique dont est "
                + "investi le responsable du traitement, à des fins archivistiques dans l'intérêt public ou à la constatation, à "
                + $"l'exercice ou à la défense de droits en justice (article 17, paragraphe 3, du {Gdpr}). Les données concernées "
                + "par votre demande relèvent de ces exceptions.",
            RefusalReason.ObjectionNotApplicable =>
                $"Le droit d'opposition prévu à l'article 21, paragraphe 1, du {Gdpr} s'exerce à l'égard des traitements fondés sur "
                + "une mission d'intérêt public ou sur l'intérêt légitime ; il ne s'applique pas à un traitement nécessaire au respect "
                + "d'une obligation légale. Lorsqu'il s'applique, le responsable du traitement peut poursuivre le traitement s'il "
                + "démontre des motifs légitimes et impérieux qui prévalent sur les intérêts, droits et libertés de la personne "
                + "concernée, ou pour la constatation, l'exercice ou la défense de droits en justice. Tel est le cas du traitement "
                + "concerné par votre demande.",
            RefusalReason.PortabilityNotApplicable =>
                "Le droit à la portabilité ne s'applique qu'aux traitements automatisés fondés sur le consentement ou sur un contrat "
                + "(article 20, paragraphe 1, du RGPD) ; il ne s'applique pas au traitement nécessaire à l'exécution d'une mission "
                + "d'intérêt public ou relevant de l'exercice de l'autorité publique dont est investi le responsable du traitement "
                + $"(article 20, paragraphe 3, du {Gdpr}). Tel est le cas du traitement concerné par votre demande.",
            RefusalReason.LegalRestriction =>
                "Le droit que vous exercez fait l'objet d'une limitation prévue par un texte, dans les conditions de l'article 23 du "
                + $"{Gdpr}. Lorsque ce texte le prévoit, ce droit s'exerce par l'intermédiaire de la CNIL (droit d'accès indirect).",
            _ => "Votre demande ne peut être satisfaite pour le motif exposé ci-après.",
        };

        public void End()
        {
            Document.Paragraph(Contact());
            Document.Paragraph("Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.");
            Document.Paragraph("");
            Document.Styled(LetterDocument.SignatureStyle,
                string.IsNullOrWhiteSpace(data.Signatory.Title) ? "Pour le responsable du traitement," : data.Signatory.Title.Trim());
            Document.Paragraph("");
            Document.Styled(LetterDocument.SignatureStyle,
                string.IsNullOrWhiteSpace(data.Signatory.Name) ? "[nom et qualité du signataire]" : data.Signatory.Name.Trim());
        }

        /// <summary>How to reach the DPO (art. 38(4)); without one, the organisation itself.</summary>
        private string Contact()
        {
            const string Question = "Pour toute question relative à cette demande ou à vos données personnelles, ";
            var dpo = Organization.Dpo;
            var reference = $", en rappelant la référence {Request.Reference}.";
            var hasAddress = !string.IsNullOrWhiteSpace(Organization.Address.Street) || !string.IsNullOrWhiteSpace(Organization.Address.City);
            if (dpo.Kind == DpoKind.NotDesignated)
            {
                var means = Join(", ou ",
                    hasAddress ? "par courrier à l'adresse figurant en tête de la présente lettre" : null,
                    Organization.FunctionalMailbox is { Length: > 0 } mailbox ? $"par courrier électronique à {mailbox.Trim()}" : null)
                    ?? "[moyen de contact]";
                return $"{Question}vous pouvez écrire à nos services {means}{reference}";
            }
            var who = Join(", ",
                dpo.PersonName,
                dpo.Kind == DpoKind.External ? data.ExternalDpoName ?? dpo.ExternalBodyName : null);
            var ways = Join(", ",
                dpo.Email is { Length: > 0 } email ? $"par courrier électronique à {email.Trim()}" : null,
                dpo.Phone is { Length: > 0 } phone ? $"par téléphone au {phone.Trim()}" : null,
                hasAddress ? "par courrier à l'adresse figurant en tête de la présente lettre, à l'attention du délégué à la protection des données" : null)
                ?? "[moyen de contact]";
            return $"{Question}vous pouvez contacter notre délégué à la protection des données (DPO){(who is null ? "" : $", {who},")} {ways}{reference}";
        }

        /// <summary>« de le droit » → « du droit », « de les droits » → « des droits »: after « l'exercice ».</summary>
        private static string Of(string right) =>
            right.StartsWith("le ", StringComparison.Ordinal) ? "du " + right[3..]
            : right.StartsWith("les ", StringComparison.Ordinal) ? "des " + right[4..]
            : "de " + right;
    }
}
