using System.Text.RegularExpressions;
using Egide.Core.Privacy.Catalogs;
using Egide.Core.Privacy.Register;

namespace Egide.Web.Features.Privacy.Register;

/// <summary>
/// The fields of every section of an entry as the edit page posts them. Catalogue lists are laid out one row per
/// catalogue entry (a checkbox and its details), so that the page needs no script to add or remove rows.
/// <see cref="Apply"/> writes one section into the entry; <see cref="FieldOf"/> puts the use case's messages,
/// keyed by the entry's shape (« Content.DataCategories[0].RetentionPeriod »), back on the posted row.
/// </summary>
public sealed partial class SectionForm
{
    public const int TransferRows = 5;
    private const int BlankContactRows = 2;
    private const int MaxContactRows = 10;

    public sealed class ContactInput
    {
        public string? Name { get; set; }
        public string? Address { get; set; }
        public string? PostalCode { get; set; }
        public string? City { get; set; }
        public string? Country { get; set; }
        public string? Phone { get; set; }
        public string? Email { get; set; }

        public static ContactInput Of(ActorContact? c) => c is null ? new() : new()
        {
            Name = c.Name, Address = c.Address, PostalCode = c.PostalCode, City = c.City, Country = c.Country, Phone = c.Phone, Email = c.Email,
        };

        public bool IsBlank => new[] { Name, Address, PostalCode, City, Country, Phone, Email }.All(string.IsNullOrWhiteSpace);

        public ActorContact? ToContact() => IsBlank ? null : new ActorContact
        {
            Name = Name?.Trim() ?? "", Address = Clean(Address), PostalCode = Clean(PostalCode), City = Clean(City),
            Country = Clean(Country), Phone = Clean(Phone), Email = Clean(Email),
        };
    }

    public sealed class CategoryRow
    {
        public bool Selected { get; set; }
        public string Code { get; set; } = "";
        public string? Description { get; set; }
        public string? RetentionPeriod { get; set; }
        public FinalFate? FinalFate { get; set; }
    }

    public sealed class SubjectRow
    {
        public bool Selected { get; set; }
        public string Code { get; set; } = "";
        public string? Details { get; set; }
        public int? EstimatedVolume { get; set; }
    }

    public sealed class RecipientRow
    {
        public bool Selected { get; set; }
        public string Code { get; set; } = "";
        public string? Details { get; set; }
        public Guid? ProcessorId { get; set; }
    }

    public sealed class TransferRow
    {
        public string? Recipient { get; set; }
        public string? CountryCode { get; set; }
        public TransferSafeguard Safeguard { get; set; }
        public string? Documentation { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Recipient) && string.IsNullOrWhiteSpace(CountryCode) && string.IsNullOrWhiteSpace(Documentation);
    }

    public sealed class MeasureRow
    {
        public bool Selected { get; set; }
        public string Code { get; set; } = "";
        public string? Details { get; set; }
    }

    // identification
    public string? Reference { get; set; }
    public string? Name { get; set; }
    public ProcessingRole Role { get; set; }
    public string? ResponsibleService { get; set; }
    public string? Description { get; set; }
    public ContactInput Controller { get; set; } = new();
    public ContactInput Representative { get; set; } = new();
    public List<ContactInput> JointControllers { get; set; } = [];
    public List<ContactInput> ClientControllers { get; set; } = [];

    // finalites
    public string? MainPurpose { get; set; }
    /// <summary>One sub-purpose per line.</summary>
    public string? SubPurposes { get; set; }
    public string? LegalBasisCode { get; set; }
    public string? LegalBasisJustification { get; set; }

    // donnees, personnes, destinataires, securite
    public List<CategoryRow> DataCategories { get; set; } = [];
    public List<SubjectRow> DataSubjects { get; set; } = [];
    public List<RecipientRow> Recipients { get; set; } = [];
    public List<TransferRow> Transfers { get; set; } = [];
    public List<MeasureRow> SecurityMeasures { get; set; } = [];
    public string? SecurityDetails { get; set; }

    // collecte
    public string? DataSource { get; set; }
    public string? CollectionMethod { get; set; }
    public string? Software { get; set; }
    public string? Media { get; set; }

    // ia
    public ArtificialIntelligenceUse AiUse { get; set; }
    public string? AiDescription { get; set; }

    // aipd
    public List<string> EdpbCriteria { get; set; } = [];
    public List<string> CnilDpiaListMatches { get; set; } = [];
    public DpiaDecision DpiaDecision { get; set; }
    public string? DpiaDecisionReason { get; set; }

    /// <summary>Where each item of the entry's lists came from in the posted form: list name → entry index → form row.</summary>
    private readonly Dictionary<string, List<int>> _rows = new(StringComparer.Ordinal);

    /// <summary>The form of an entry as saved, every catalogue row offered.</summary>
    public static SectionForm Of(ActivityInput input, RegisterCatalogs catalogs)
    {
        var c = input.Content;
        var form = new SectionForm
        {
            Reference = input.Reference,
            Name = input.Name,
            Role = input.Role,
            ResponsibleService = input.ResponsibleService,
            Description = c.Description,
            Controller = ContactInput.Of(c.Controller),
            Representative = ContactInput.Of(c.Representative),
            JointControllers = c.JointControllers.Select(ContactInput.Of).ToList(),
            ClientControllers = c.ClientControllers.Select(ContactInput.Of).ToList(),
            MainPurpose = c.MainPurpose,
            SubPurposes = string.Join("\n", c.SubPurposes),
            LegalBasisCode = c.LegalBasisCode,
            LegalBasisJustification = c.LegalBasisJustification,
            DataCategories = Rows(catalogs.DataCategories, c.DataCategories, d => d.CategoryCode, (code, d) => new CategoryRow
            {
                Code = code, Selected = d is not null, Description = d?.Description, RetentionPeriod = d?.RetentionPeriod, FinalFate = d?.FinalFate,
            }),
            DataSubjects = Rows(catalogs.DataSubjectCategories, c.DataSubjects, d => d.CategoryCode, (code, d) => new SubjectRow
            {
                Code = code, Selected = d is not null, Details = d?.Details, EstimatedVolume = d?.EstimatedVolume,
            }),
            Recipients = Rows(catalogs.RecipientTypes, c.Recipients, r => r.TypeCode, (code, r) => new RecipientRow
            {
                Code = code, Selected = r is not null, Details = r?.Details, ProcessorId = r?.ProcessorId,
            }),
            Transfers = c.Transfers.Select(t => new TransferRow { Recipient = t.Recipient, CountryCode = t.CountryCode, Safeguard = t.Safeguard, Documentation = t.Documentation }).ToList(),
            SecurityMeasures = Rows(catalogs.SecurityMeasures, c.SecurityMeasures, m => m.MeasureCode, (code, m) => new MeasureRow
            {
                Code = code, Selected = m is not null, Details = m?.Details,
            }),
            SecurityDetails = c.SecurityDetails,
            DataSource = c.DataSource,
            CollectionMethod = c.CollectionMethod,
            Software = c.Software,
            Media = c.Media,
            AiUse = c.AiUse,
            AiDescription = c.AiDescription,
            EdpbCriteria = c.EdpbCriteria.ToList(),
            CnilDpiaListMatches = c.CnilDpiaListMatches.ToList(),
            DpiaDecision = c.DpiaDecision,
            DpiaDecisionReason = c.DpiaDecisionReason,
        };
        form.AddBlankRows();
        return form;
    }

    /// <summary>Blank rows to fill: contacts (a few more than written) and transfers (up to <see cref="TransferRows"/>).</summary>
    public void AddBlankRows()
    {
        while (JointControllers.Count(x => x.IsBlank) < BlankContactRows && JointControllers.Count < MaxContactRows)
        {
            JointControllers.Add(new());
        }
        while (ClientControllers.Count(x => x.IsBlank) < BlankContactRows && ClientControllers.Count < MaxContactRows)
        {
            ClientControllers.Add(new());
        }
        while (Transfers.Count < TransferRows)
        {
            Transfers.Add(new());
        }
    }

    /// <summary>
    /// One row per catalogue entry still offered, and per entry the activity uses even if withdrawn since, with
    /// what the activity says of it.
    /// </summary>
    private static List<TRow> Rows<TUse, TRow>(
        IReadOnlyDictionary<string, CatalogEntry> catalog, IReadOnlyList<TUse> used, Func<TUse, string> codeOf, Func<string, TUse?, TRow> row)
        where TUse : class
    {
        var byCode = used.GroupBy(codeOf).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var codes = catalog.Values.Where(e => e.IsActive || byCode.ContainsKey(e.Code)).Select(e => e.Code)
            .Concat(byCode.Keys.Where(k => !catalog.ContainsKey(k)));
        return codes.Select(code => row(code, byCode.GetValueOrDefault(code))).ToList();
    }

    /// <summary>The entry with this section replaced by what was posted; every other section as it was.</summary>
    public ActivityInput Apply(string section, ActivityInput before)
    {
        var c = before.Content;
        _rows.Clear();
        switch (section)
        {
            case ActivitySections.Identification:
                return before with
                {
                    Reference = Reference ?? "",
                    Name = Name ?? "",
                    Role = Role,
                    ResponsibleService = Clean(ResponsibleService),
                    Content = c with
                    {
                        Description = Clean(Description),
                        Controller = Controller.ToContact(),
                        Representative = Representative.ToContact(),
                        JointControllers = JointControllers.Select(x => x.ToContact()).OfType<ActorContact>().ToList(),
                        // Kept when the role changes, so that nothing typed is lost; shown again if it changes back.
                        ClientControllers = ClientControllers.Select(x => x.ToContact()).OfType<ActorContact>().ToList(),
                    },
                };
            case ActivitySections.Purposes:
                var subPurposes = (SubPurposes ?? "").Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
                return before with
                {
                    Content = c with
                    {
                        MainPurpose = MainPurpose ?? "",
                        SubPurposes = subPurposes,
                        LegalBasisCode = Clean(LegalBasisCode),
                        LegalBasisJustification = Clean(LegalBasisJustification),
                    },
                };
            case ActivitySections.Data:
                return before with
                {
                    Content = c with
                    {
                        DataCategories = Selected(nameof(DataCategories), DataCategories, r => r.Selected, r => new DataCategoryUse
                        {
                            CategoryCode = r.Code, Description = Clean(r.Description), RetentionPeriod = Clean(r.RetentionPeriod), FinalFate = r.FinalFate,
                        }),
                    },
                };
            case ActivitySections.Subjects:
                return before with
                {
                    Content = c with
                    {
                        DataSubjects = Selected(nameof(DataSubjects), DataSubjects, r => r.Selected, r => new DataSubjectUse
                        {
                            CategoryCode = r.Code, Details = Clean(r.Details), EstimatedVolume = r.EstimatedVolume,
                        }),
                    },
                };
            case ActivitySections.Recipients:
                return before with
                {
                    Content = c with
                    {
                        Recipients = Selected(nameof(Recipients), Recipients, r => r.Selected, r => new RecipientUse
                        {
                            TypeCode = r.Code, Details = Clean(r.Details), ProcessorId = r.ProcessorId,
                        }),
                        Transfers = Selected(nameof(Transfers), Transfers, r => !r.IsBlank, r => new TransferUse
                        {
                            Recipient = r.Recipient?.Trim() ?? "", CountryCode = r.CountryCode ?? "", Safeguard = r.Safeguard, Documentation = Clean(r.Documentation),
                        }),
                    },
                };
            case ActivitySections.Security:
                return before with
                {
                    Content = c with
                    {
                        SecurityMeasures = Selected(nameof(SecurityMeasures), SecurityMeasures, r => r.Selected, r => new SecurityMeasureUse
                        {
                            MeasureCode = r.Code, Details = Clean(r.Details),
                        }),
                        SecurityDetails = Clean(SecurityDetails),
                    },
                };
            case ActivitySections.Collection:
                return before with
                {
                    Content = c with { DataSource = Clean(DataSource), CollectionMethod = Clean(CollectionMethod), Software = Clean(Software), Media = Clean(Media) },
                };
            case ActivitySections.Ai:
                return before with { Content = c with { AiUse = AiUse, AiDescription = Clean(AiDescription) } };
            case ActivitySections.Dpia:
                return before with
                {
                    Content = c with
                    {
                        EdpbCriteria = EdpbCriteria.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct().ToList(),
                        CnilDpiaListMatches = CnilDpiaListMatches.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct().ToList(),
                        DpiaDecision = DpiaDecision,
                        DpiaDecisionReason = Clean(DpiaDecisionReason),
                    },
                };
            default:
                throw new ArgumentOutOfRangeException(nameof(section), section, "Unknown section.");
        }
    }

    private List<TUse> Selected<TRow, TUse>(string list, List<TRow> rows, Func<TRow, bool> selected, Func<TRow, TUse> use)
    {
        var map = new List<int>();
        var uses = new List<TUse>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (selected(rows[i]))
            {
                map.Add(i);
                uses.Add(use(rows[i]));
            }
        }
        _rows[list] = map;
        return uses;
    }

    /// <summary>
    /// The name of the posted field a message of the use case is about (« Form.DataCategories[3].RetentionPeriod »),
    /// or null when this form has no such field (the message then goes on the page).
    /// </summary>
    public string? FieldOf(string key)
    {
        var match = KeyPattern().Match(key);
        if (!match.Success)
        {
            return null;
        }
        var property = match.Groups["property"].Value;
        if (!match.Groups["index"].Success)
        {
            return $"Form.{property}";
        }
        var index = int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (property is nameof(SubPurposes) or nameof(EdpbCriteria) or nameof(CnilDpiaListMatches))
        {
            return $"Form.{property}";
        }
        if (!_rows.TryGetValue(property, out var map) || index >= map.Count)
        {
            return null;
        }
        var field = match.Groups["field"].Success ? match.Groups["field"].Value
            : property == nameof(Transfers) ? nameof(TransferRow.Recipient) : nameof(CategoryRow.Selected);
        // The entry's code field is the row's checkbox here.
        if (field is nameof(DataCategoryUse.CategoryCode) or nameof(RecipientUse.TypeCode) or nameof(SecurityMeasureUse.MeasureCode))
        {
            field = nameof(CategoryRow.Selected);
        }
        return $"Form.{property}[{map[index]}].{field}";
    }

    [GeneratedRegex(@"^(?:Content\.)?(?<property>[A-Za-z]+)(?:\[(?<index>\d+)\](?:\.(?<field>[A-Za-z]+))?)?$")]
    private static partial Regex KeyPattern();

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
