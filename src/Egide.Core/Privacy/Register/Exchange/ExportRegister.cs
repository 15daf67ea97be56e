using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using CsvHelper.Configuration;
using Egide.Core.Audit;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Deadlines;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Register.Exchange;

public enum RegisterExportFormat
{
    Csv,
    Xlsx,
    Pdf,
    Cnil,
}

/// <summary>The names people type for the formats (CLI, page addresses).</summary>
public static class RegisterExportFormats
{
    private static readonly Dictionary<string, RegisterExportFormat> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["csv"] = RegisterExportFormat.Csv,
        ["xlsx"] = RegisterExportFormat.Xlsx,
        ["pdf"] = RegisterExportFormat.Pdf,
        ["cnil"] = RegisterExportFormat.Cnil,
    };

    /// <summary>« csv, xlsx, pdf, cnil », for messages.</summary>
    public static string AllNames => string.Join(", ", Names.Keys);

    /// <summary>The format of a typed name (any case, surrounding spaces ignored), or null when there is none.</summary>
    public static RegisterExportFormat? Parse(string? name) =>
        name is not null && Names.TryGetValue(name.Trim(), out var format) ? format : null;
}

/// <summary>A generated file: its bytes, the name to offer, its media type, and how many activities it holds.</summary>
public sealed record ExportedFile(string FileName, string ContentType, byte[] Content, int ActivityCount);

/// <summary>
/// The register of the context's organisation as a flat file (<see cref="FlatRegister"/>): the current register
/// (archived entries left out), or the register as it stood at a past instant. The caller has checked that the
/// person may read the register, and told the context its organisation.
/// </summary>
public static class ExportRegister
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string RegisterSheet = "Registre";
    public const string AboutSheet = "À propos";

    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        /// <param name="atUtc">The register as it stood at this instant; the current register when null.</param>
        public async Task<ExportedFile> Handle(RegisterExportFormat format, DateTime? atUtc, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == db.TenantOrganizationId)
                .Select(o => o.Name).SingleOrDefaultAsync(ct)
                ?? throw new InvalidOperationException("The context has no organisation: call UseOrganization first.");
            var snapshots = atUtc is { } at
                ? await RegisterHistory.AtAsync(db, at, ct)
                : await CurrentAsync(ct);
            var context = new FlatRegister.FlatContext(
                await RegisterCatalogs.LoadAsync(db, ct),
                // Archived processors too: an old version may name one.
                await db.Processors.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct));
            var rows = snapshots.Select(s => FlatRegister.Row(s, context)).ToList();

            var day = atUtc is { } date ? Periods.ParisDate(date) : Periods.ParisDate(now);
            var name = $"registre-{Slug(organization)}-{day:yyyy-MM-dd}";
            var file = format switch
            {
                RegisterExportFormat.Csv => new ExportedFile(name + ".csv", CsvContentType, Csv(rows), rows.Count),
                RegisterExportFormat.Xlsx => new ExportedFile(name + ".xlsx", XlsxContentType, Xlsx(rows, organization, now, atUtc), rows.Count),
                RegisterExportFormat.Pdf => new ExportedFile(name + ".pdf", RegisterPdf.ContentType, RegisterPdf.Register(await RegisterPdf.HolderAsync(db, ct), snapshots, context, now, atUtc), rows.Count),
                RegisterExportFormat.Cnil => new ExportedFile(name + ".ods", CnilModelExport.ContentType, await CnilModelExport.WriteAsync(db, snapshots, context.Catalogs, now, atUtc, ct), rows.Count),
                _ => throw new NotSupportedException($"The {format} export is not built yet."),
            };
            AuditTrail.Record(db, AuditEvent.Downloaded(nameof(Organizations.Organization), db.TenantOrganizationId, db.TenantOrganizationId, file.FileName,
                ("Format", format.ToString()), ("At", atUtc), ("Activities", rows.Count)));
            await db.SaveChangesAsync(ct);
            return file;
        }

        private async Task<IReadOnlyList<ActivitySnapshot>> CurrentAsync(CancellationToken ct)
        {
            var activities = await db.ProcessingActivities.AsNoTracking()
                .Where(a => a.Status != ActivityStatus.Archived).ToListAsync(ct);
            // Same order as the register at a date, so that both exports of one register are alike.
            return activities.Select(ActivitySnapshot.Of)
                .OrderBy(s => s.Reference, StringComparer.Create(FrenchFormat.Culture, ignoreCase: true)).ToList();
        }
    }

    /// <summary>UTF-8 with a BOM (Excel opens it right), « ; », RFC 4180 quoting, CRLF between records.</summary>
    internal static byte[] Csv(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = ";",
            NewLine = "\r\n",
            ShouldQuote = args => args.Field is { } f && (f.Contains(';') || f.Contains('"') || f.Contains('\n') || f.Contains('\r')),
            // Neutralised here, by FlatRegister's documented rule, not by CsvHelper's own (which would differ).
            InjectionOptions = InjectionOptions.None,
        }))
        {
            foreach (var column in FlatRegister.Columns)
            {
                csv.WriteField(column.Header);
            }
            csv.NextRecord();
            foreach (var row in rows)
            {
                foreach (var cell in row)
                {
                    csv.WriteField(FlatRegister.Neutralise(cell));
                }
                csv.NextRecord();
            }
        }
        return stream.ToArray();
    }

    internal static byte[] Xlsx(IReadOnlyList<IReadOnlyList<string>> rows, string organization, DateTime nowUtc, DateTime? atUtc)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(RegisterSheet);
        for (var c = 0; c < FlatRegister.Columns.Count; c++)
        {
            var column = FlatRegister.Columns[c];
            Text(sheet.Cell(1, c + 1), column.Header);
            sheet.Column(c + 1).Width = column.Width;
        }
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < rows[r].Count; c++)
            {
                Text(sheet.Cell(r + 2, c + 1), rows[r][c]);
            }
        }
        var used = sheet.Range(1, 1, rows.Count + 1, FlatRegister.Columns.Count);
        used.Style.Alignment.WrapText = true;
        used.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
        sheet.Row(1).Style.Font.Bold = true;
        sheet.SheetView.FreezeRows(1);
        sheet.RangeUsed()?.SetAutoFilter();

        var about = workbook.Worksheets.Add(AboutSheet);
        var lines = new List<(string, string)>
        {
            ("Organisme", organization),
            ("Généré le", FrenchFormat.DateAndTime(nowUtc)),
        };
        if (atUtc is { } at)
        {
            lines.Add(("Registre au", FrenchFormat.Date(Periods.ParisDate(at))));
        }
        lines.Add(("Nombre de traitements", rows.Count.ToString(CultureInfo.InvariantCulture)));
        lines.Add(("Version du format", FlatRegister.FormatVersion));
        for (var i = 0; i < lines.Count; i++)
        {
            Text(about.Cell(i + 1, 1), lines[i].Item1);
            Text(about.Cell(i + 1, 2), lines[i].Item2);
        }
        about.Column(1).Width = 25;
        about.Column(1).Style.Font.Bold = true;
        about.Column(2).Width = 60;

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>Typed as text: a spreadsheet never evaluates it, whatever it starts with.</summary>
    internal static void Text(IXLCell cell, string value)
    {
        cell.SetValue(value);
        cell.DataType = XLDataType.Text;
    }

    /// <summary>« Commune d'Achicourt » → « commune-d-achicourt »: ASCII letters and digits, hyphens between words.</summary>
    public static string Slug(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var slug = new StringBuilder();
        foreach (var c in decomposed)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        var text = slug.ToString().Trim('-');
        if (text.Length > 60)
        {
            text = text[..60].TrimEnd('-');
        }
        return text.Length == 0 ? "organisme" : text;
    }
}
