using Egide.Web.Features.Privacy.Register;
using System.Globalization;
using Egide.Core.Data;
using Egide.Core.Privacy.Catalogs;
using Egide.Core.Privacy.Register;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Processors;

/// <summary>The processor form as posted: text as typed (the date too), the clauses as the letters ticked.</summary>
public sealed class ProcessorForm
{
    public const int TransferRows = 3;

    public string? Name { get; set; }
    public string? Siren { get; set; }
    public string? Address { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public string? DpoName { get; set; }
    public string? DpoEmail { get; set; }

    /// <summary>yyyy-MM-dd, as an input of type date sends it.</summary>
    public string? ContractDate { get; set; }

    public string? ContractReference { get; set; }

    /// <summary>The letters (a to h) of the clauses the contract contains.</summary>
    public List<string> Clauses { get; set; } = [];

    public string? SubProcessors { get; set; }
    public string? DataLocation { get; set; }
    public List<TransferRow> Transfers { get; set; } = [];

    public sealed class TransferRow
    {
        public string? Recipient { get; set; }
        public string? CountryCode { get; set; }
        public TransferSafeguard Safeguard { get; set; }
        public string? Documentation { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Recipient) && string.IsNullOrWhiteSpace(CountryCode) && string.IsNullOrWhiteSpace(Documentation);
    }

    public bool Has(char letter) => Clauses.Contains(letter.ToString());

    public static ProcessorForm Of(Processor p) => new()
    {
        Name = p.Name, Siren = p.Siren, Address = p.Address, ContactName = p.ContactName, ContactEmail = p.ContactEmail,
        ContactPhone = p.ContactPhone, DpoName = p.DpoName, DpoEmail = p.DpoEmail,
        ContractDate = p.ContractDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ContractReference = p.ContractReference,
        Clauses = Article28.Clauses.Where(c => p.Clauses.HasFlag(c.Clause)).Select(c => c.Letter.ToString()).ToList(),
        SubProcessors = p.SubProcessors, DataLocation = p.DataLocation,
        Transfers = p.Transfers.Select(t => new TransferRow { Recipient = t.Recipient, CountryCode = t.CountryCode, Safeguard = t.Safeguard, Documentation = t.Documentation }).ToList(),
    };
}

/// <summary>What the create and edit pages share: the form, its choices, and its translation into the use case's input.</summary>
public abstract class ProcessorFormPage(EgideDb db, CurrentUser user) : PrivacyPage(user)
{
    protected EgideDb Db { get; } = db;

    [BindProperty]
    public ProcessorForm Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> CountryItems { get; private set; } = [];

    public IReadOnlyList<SelectListItem> SafeguardItems { get; } =
        Enum.GetValues<TransferSafeguard>().Select(s => new SelectListItem(s.French(), s.ToString())).ToList();

    /// <summary>Countries outside the EEA (a transfer's destination), by name, with blank rows up to three.</summary>
    protected async Task PrepareFormAsync(CancellationToken ct)
    {
        var countries = await Db.Countries.AsNoTracking().Where(c => c.Zone != TransferZone.EuropeanEconomicArea)
            .Select(c => new { c.Code, c.Name, c.Zone }).ToListAsync(ct);
        CountryItems =
        [
            new("Choisir…", ""),
            .. countries.OrderBy(c => c.Name, StringComparer.Create(Egide.Core.Common.FrenchFormat.Culture, ignoreCase: true))
                .Select(c => new SelectListItem($"{c.Name} – {PrivacyLabels.Zone(c.Zone)}", c.Code.Trim())),
        ];
        while (Input.Transfers.Count < ProcessorForm.TransferRows)
        {
            Input.Transfers.Add(new ProcessorForm.TransferRow());
        }
    }

    /// <summary>
    /// The use case's input, or null when the date cannot be read (its message is then on the field). Blank
    /// transfer rows are dropped first and the raw posted values forgotten, so that the use case's messages,
    /// keyed by the remaining rows, sit next to the right rows when the form is shown again.
    /// </summary>
    protected ProcessorInput? ToInput()
    {
        Input.Transfers = Input.Transfers.Where(t => !t.IsBlank).Take(ProcessorForm.TransferRows).ToList();
        ModelState.Clear();
        DateOnly? contractDate = null;
        if (!string.IsNullOrWhiteSpace(Input.ContractDate))
        {
            if (DateOnly.TryParseExact(Input.ContractDate.Trim(), ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                contractDate = date;
            }
            else
            {
                ModelState.AddModelError("Input.ContractDate", $"« {Input.ContractDate} » n'est pas une date : saisissez-la sous la forme jj/mm/aaaa.");
                return null;
            }
        }
        var clauses = Article28.Clauses.Where(c => Input.Has(c.Letter)).Aggregate(Article28Clauses.None, (all, c) => all | c.Clause);
        return new ProcessorInput
        {
            Name = Input.Name ?? "",
            Siren = Input.Siren,
            Address = Input.Address,
            ContactName = Input.ContactName,
            ContactEmail = Input.ContactEmail,
            ContactPhone = Input.ContactPhone,
            DpoName = Input.DpoName,
            DpoEmail = Input.DpoEmail,
            ContractDate = contractDate,
            ContractReference = Input.ContractReference,
            Clauses = clauses,
            SubProcessors = Input.SubProcessors,
            DataLocation = Input.DataLocation,
            Transfers = Input.Transfers.Select(t => new TransferUse
            {
                Recipient = t.Recipient?.Trim() ?? "",
                CountryCode = t.CountryCode?.Trim() ?? "",
                Safeguard = t.Safeguard,
                Documentation = string.IsNullOrWhiteSpace(t.Documentation) ? null : t.Documentation.Trim(),
            }).ToList(),
        };
    }
}
