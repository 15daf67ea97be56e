using System.Globalization;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Deadlines;
using Egide.Core.Documents;
using Egide.Core.Organizations;
using H = Egide.Core.Privacy.Register.Exchange.FlatRegister.Headers;

namespace Egide.Core.Privacy.Register.Exchange;

/// <summary>
/// The register as the document a supervisory authority asks for (GDPR art. 30(4)): a cover page naming the
/// organisation, its controller and its DPO; a summary table; then one section per activity with every field of the
/// flat layout (<see cref="FlatRegister.Columns"/>, so that a field added there is printed here too). Also one
/// activity alone, under a short header.
/// </summary>
public static class RegisterPdf
{
    public const string ContentType = "application/pdf";
    public const string Title = "Registre des activités de traitement";
    public const string NotProvided = "Non renseigné";

    /// <summary>The organisation as the cover shows it.</summary>
    public sealed record Holder(
        string Name, string? Siren, string Controller, string Dpo, IReadOnlyList<string> Referents, IReadOnlyList<string> Contacts);

    /// <summary>The columns whose cells hold items and parts (see <see cref="FlatRegister.Columns"/>).</summary>
    private static readonly HashSet<string> MultiValued =
    [
        H.Controller, H.Representative, H.JointControllers, H.ClientControllers, H.SubPurposes, H.DataCategories,
        H.DataSubjects, H.Recipients, H.Transfers, H.SecurityMeasures, H.EdpbCriteria, H.CnilDpiaList,
    ];

    /// <summary>Sub-headings of a section, each placed before the column it names.</summary>
    private static readonly Dictionary<string, string> Groups = new()
    {
        [H.Reference] = "Identification",
        [H.Controller] = "Responsables",
        [H.MainPurpose] = "Finalités et base légale",
        [H.DataCategories] = "Données et personnes concernées",
        [H.Recipients] = "Destinataires et transferts",
        [H.SecurityMeasures] = "Sécurité, collecte et outils",
        [H.AiUse] = "Intelligence artificielle et analyse d'impact",
        [H.DpoOpinion] = "Avis, validation et suivi",
    };

    /// <summary>The organisation of the context, its DPO and its contacts.</summary>
    public static async Task<Holder> HolderAsync(EgideDb db, CancellationToken ct)
    {
        var details = await new GetOrganization.Handler(db).Handle(db.TenantOrganizationId, ct)
            ?? throw new InvalidOperationException("The context has no organisation: call UseOrganization first.");
        var o = details.Organization;
        var address = Join(", ", o.Address.Street, Join(" ", o.Address.PostalCode, o.Address.City));
        var controller = Lines(o.Name, address, o.FunctionalMailbox is { Length: > 0 } mailbox ? $"Boîte fonctionnelle : {mailbox}" : null);
        var dpo = o.Dpo.Kind == DpoKind.NotDesignated
            ? "Aucun DPO désigné"
            : Lines(
                o.Dpo.PersonName,
                o.Dpo.Kind == DpoKind.External ? details.ExternalDpoName ?? o.Dpo.ExternalBodyName : $"DPO interne à {o.Name}",
                o.Dpo.Email, o.Dpo.Phone,
                o.Dpo.CnilDesignationNumber is { Length: > 0 } number ? $"N° de désignation CNIL : {number}" : null);
        return new Holder(o.Name, o.Siren, controller, dpo,
            o.Referents.Select(r => Join(" — ", r.Name, r.Service, r.Email, r.Phone)).ToList(),
            o.Contacts.Select(c => Join(" — ", c.Name, c.Role, c.Email, c.Phone)).ToList());
    }

    /// <param name="atUtc">When the register is the one that stood at a past instant; null for the current one.</param>
    public static byte[] Register(
        Holder holder, IReadOnlyList<ActivitySnapshot> snapshots, FlatRegister.FlatContext context, DateTime nowUtc, DateTime? atUtc)
    {
        var generated = FrenchFormat.DateAndTime(nowUtc);
        var at = atUtc is { } instant ? FrenchFormat.Date(Periods.ParisDate(instant)) : null;
        using var pdf = new PdfDocumentWriter($"{Title} – {holder.Name}{(at is null ? "" : $" au {at}")}", nowUtc);
        pdf.Footer = _ => $"{holder.Name} · {Title}{(at is null ? "" : $" au {at}")} · généré le {generated}";

        pdf.Space(60);
        pdf.Heading(Title, 0);
        pdf.Paragraph("Article 30 du règlement (UE) 2016/679 relatif à la protection des données (RGPD)", muted: true, spaceAfter: 24);
        pdf.Heading(holder.Name, 1);
        if (holder.Siren is { Length: > 0 } siren)
        {
            pdf.Paragraph($"SIREN {FormatSiren(siren)}", spaceAfter: 14);
        }
        pdf.KeyValue("Responsable du traitement", holder.Controller);
        pdf.KeyValue("Délégué à la protection des données (DPO)", holder.Dpo);
        pdf.KeyValue("Référents RGPD", holder.Referents.Count == 0 ? "Aucun référent désigné" : string.Join("\n", holder.Referents));
        if (holder.Contacts.Count > 0)
        {
            pdf.KeyValue("Autres contacts", string.Join("\n", holder.Contacts));
        }
        pdf.Space(10);
        if (at is not null)
        {
            pdf.KeyValue("Registre au", at);
        }
        pdf.KeyValue("Généré le", generated);
        pdf.KeyValue("Nombre de traitements", FrenchFormat.Number(snapshots.Count));
        if (at is not null)
        {
            pdf.Space(10);
            pdf.Paragraph($"Ce document reproduit le registre tel qu'il était à la fin du {at} (heure de Paris) : pour chaque traitement, "
                + "la dernière version enregistrée ce jour-là ; les traitements archivés à cette date n'y figurent pas.", muted: true);
        }

        pdf.NewPage();
        pdf.Heading("Sommaire des traitements", 1);
        if (snapshots.Count == 0)
        {
            pdf.Paragraph("Le registre ne contient aucun traitement.");
        }
        else
        {
            pdf.Table(
                [new("Référence", 13), new("Nom du traitement", 28), new("Finalité principale", 27), new("Base légale", 18), new("Statut", 13), new("Mise à jour", 12)],
                snapshots.Select(s => (IReadOnlyList<string>)
                [
                    s.Reference, s.Name, s.Content.MainPurpose, FlatRegister.LegalBasis(s.Content.LegalBasisCode, context.Catalogs),
                    RegisterVocabulary.Statuses.Label(s.Status), FlatRegister.Date(s.UpdatedAt),
                ]));
        }

        foreach (var snapshot in snapshots)
        {
            pdf.NewPage();
            Section(pdf, snapshot, context);
        }
        return pdf.Save();
    }

    /// <summary>One activity, under a header naming the organisation.</summary>
    public static byte[] Activity(Holder holder, ActivitySnapshot snapshot, FlatRegister.FlatContext context, DateTime nowUtc)
    {
        var generated = FrenchFormat.DateAndTime(nowUtc);
        using var pdf = new PdfDocumentWriter($"{snapshot.Reference} – {snapshot.Name} – {holder.Name}", nowUtc);
        pdf.Footer = _ => $"{holder.Name} · {Title} · fiche {snapshot.Reference} · générée le {generated}";
        pdf.Paragraph(Title, PdfFont.BodyBold, spaceAfter: 1);
        pdf.Paragraph(holder.Siren is { Length: > 0 } siren ? $"{holder.Name} — SIREN {FormatSiren(siren)}" : holder.Name, spaceAfter: 1);
        pdf.Paragraph($"DPO : {holder.Dpo.Replace("\n", " — ", StringComparison.Ordinal)}", PdfFont.Small, muted: true, spaceAfter: 1);
        pdf.Paragraph($"Fiche générée le {generated}", PdfFont.Small, muted: true, spaceAfter: 2);
        pdf.HorizontalRule();
        Section(pdf, snapshot, context);
        return pdf.Save();
    }

    /// <summary>Every column of the flat layout, under a heading with the reference, name, version and status.</summary>
    private static void Section(PdfDocumentWriter pdf, ActivitySnapshot snapshot, FlatRegister.FlatContext context)
    {
        pdf.Heading($"{snapshot.Reference} — {snapshot.Name}", 1);
        pdf.Paragraph($"Version {snapshot.Version.ToString(CultureInfo.InvariantCulture)} · {RegisterVocabulary.Statuses.Label(snapshot.Status)}",
            muted: true, spaceAfter: 2);
        foreach (var column in FlatRegister.Columns)
        {
            if (Groups.TryGetValue(column.Header, out var group))
            {
                pdf.Heading(group, 3);
            }
            pdf.KeyValue(column.Header, Display(column.Header, column.Value(snapshot, context)));
        }
    }

    /// <summary>
    /// A cell as people read it: « Non renseigné » when empty; for multi-valued columns one line per item, its
    /// non-empty parts joined by « — » (the flat layout's « | » and escapes undone).
    /// </summary>
    public static string Display(string header, string cell)
    {
        if (string.IsNullOrWhiteSpace(cell))
        {
            return NotProvided;
        }
        if (!MultiValued.Contains(header))
        {
            return cell;
        }
        var items = FlatRegister.Items(cell)
            .Select(item => string.Join(" — ", FlatRegister.Parts(item).Where(p => p.Length > 0)))
            .Where(line => line.Length > 0).ToList();
        return items.Count switch
        {
            0 => NotProvided,
            1 => items[0],
            _ => string.Join("\n", items.Select(i => "• " + i)),
        };
    }

    /// <summary>« 216 200 048 »; anything else as written.</summary>
    private static string FormatSiren(string siren) =>
        Siren.HasValidFormat(siren) ? $"{siren[..3]} {siren[3..6]} {siren[6..]}" : siren;

    private static string Join(string separator, params string?[] parts) =>
        string.Join(separator, parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));

    private static string Lines(params string?[] lines) => Join("\n", lines);
}
