using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Egide.Core.Common;
using Egide.Core.Spreadsheets;

namespace Egide.Core.Privacy.Register.Exchange;

/// <summary>One data row of a flat file: its number as a spreadsheet shows it, and a cell per header (empty when absent).</summary>
public sealed record FlatTableRow(int Number, IReadOnlyList<string> Cells);

/// <summary>
/// A register kept as one row per activity: the header row and the rows under it, from a CSV file or from one sheet
/// of a workbook, with what reading found wrong (merged cells, formulas, a second column of the same name…).
/// </summary>
/// <param name="Source">The sheet's name, or the file's name for a CSV: what the preview shows beside a row.</param>
/// <param name="Description">How the file was read, for people: « CSV, UTF-8, séparateur « ; » », « feuille « Registre » ».</param>
public sealed record FlatTable(
    string Source, string Description, IReadOnlyList<string> Headers, IReadOnlyList<FlatTableRow> Rows, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Reads a flat register from the bytes people send: a workbook (ODS or XLSX, recognised by their content, never by
/// their name) or a CSV file in UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1252, separated by « ; », « , »
/// or tabs — the separator found in the header row. The header row is the first row with a value. Refuses, in French
/// (<see cref="SpreadsheetException"/>), what is neither, and what is past the limits.
/// </summary>
public static class FlatTableReader
{
    public static FlatTable Read(byte[] file, string fileName, SpreadsheetLimits? limits = null)
    {
        limits ??= SpreadsheetLimits.Default;
        if (file.Length > SpreadsheetReader.MaxUploadBytes)
        {
            throw SpreadsheetReader.TooLarge();
        }
        if (IsWorkbook(file))
        {
            using var stream = new MemoryStream(file, writable: false);
            return FromSheets(SpreadsheetReader.Read(stream, limits));
        }
        return FromCsv(file, fileName, limits);
    }

    /// <summary>A zip (ODS, XLSX) or a compound file (a protected workbook, an old .xls): never read as CSV.</summary>
    public static bool IsWorkbook(byte[] file) => file is [0x50, 0x4B, 0x03, 0x04, ..] or [0xD0, 0xCF, 0x11, 0xE0, ..];

    /// <summary>The sheet « Registre » when there is one (Egide's own export), else the first sheet with a value.</summary>
    public static FlatTable FromSheets(IReadOnlyList<Sheet> sheets)
    {
        var problems = new List<ImportProblem>();
        if (sheets.FirstOrDefault(s => s.Name == ExportRegister.AboutSheet) is { } about)
        {
            var version = about.Cells.FirstOrDefault(c => c.Column == 1 && c.Text.Trim() == "Version du format") is { } label
                ? about[label.Row, 2]?.Text.Trim() : null;
            if (version is not null && version != FlatRegister.FormatVersion)
            {
                problems.Add(new ImportProblem(about.Name, 0, 0,
                    $"Ce classeur est au format « {version} », que cette version d'Egide ne sait pas relire (elle lit « {FlatRegister.FormatVersion} »)."));
            }
        }
        var sheet = sheets.FirstOrDefault(s => s.Name == ExportRegister.RegisterSheet && s.Cells.Count > 0)
            ?? sheets.FirstOrDefault(s => s.Name != ExportRegister.AboutSheet && s.Cells.Count > 0)
            ?? throw new SpreadsheetException("Ce classeur ne contient aucune feuille remplie.");

        var headerRow = sheet.Cells.Min(c => c.Row);
        var headerCells = sheet.Cells.Where(c => c.Row == headerRow).ToList();
        var width = headerCells.Max(c => c.Column);
        var headers = new string[width];
        for (var c = 1; c <= width; c++)
        {
            headers[c - 1] = sheet[headerRow, c]?.Text.Trim() ?? "";
        }
        foreach (var cell in sheet.Cells)
        {
            if (cell.ColumnsSpanned > 1 || cell.RowsSpanned > 1)
            {
                var end = SheetCell.ColumnName(cell.Column + cell.ColumnsSpanned - 1) + (cell.Row + cell.RowsSpanned - 1);
                problems.Add(new ImportProblem(sheet.Name, cell.Row, cell.Column,
                    $"Cellules fusionnées ({cell.Address} à {end}) : défusionnez-les et écrivez la valeur dans chaque cellule, une ligne par traitement."));
            }
            if (cell.IsFormula)
            {
                problems.Add(new ImportProblem(sheet.Name, cell.Row, cell.Column,
                    "Cellule calculée par une formule : sa valeur affichée est reprise telle quelle.", Blocking: false));
            }
            if (cell.Row > headerRow && cell.Column > width && cell.Text.Trim().Length > 0)
            {
                problems.Add(new ImportProblem(sheet.Name, cell.Row, cell.Column,
                    "Valeur dans une colonne sans en-tête : elle n'est pas importée. Donnez un nom à la colonne (ligne " + headerRow + ").", Blocking: false));
            }
        }
        var rows = sheet.Cells.Where(c => c.Row > headerRow && c.Column <= width && c.Text.Trim().Length > 0)
            .GroupBy(c => c.Row)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var cells = new string[width];
                Array.Fill(cells, "");
                foreach (var cell in g)
                {
                    cells[cell.Column - 1] = CellText(cell);
                }
                return new FlatTableRow(g.Key, cells);
            })
            .ToList();
        CheckHeaders(sheet.Name, headerRow, headers, problems);
        return new FlatTable(sheet.Name, $"feuille « {sheet.Name} », en-têtes en ligne {headerRow}", headers, rows, problems);
    }

    /// <summary>The text of a cell: numbers as written without grouping, dates as dd/MM/yyyy, the rest as displayed.</summary>
    private static string CellText(SheetCell cell) => cell.Type switch
    {
        CellType.Date when cell.Date is { } date => date.TimeOfDay == TimeSpan.Zero
            ? date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)
            : date.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture),
        _ => cell.Text,
    };

    public static FlatTable FromCsv(byte[] file, string fileName, SpreadsheetLimits limits)
    {
        var (text, encoding) = Decode(file);
        if (text.AsSpan(0, Math.Min(text.Length, 8192)).Contains('\0'))
        {
            throw new SpreadsheetException("Ce fichier n'est ni un classeur (ODS, XLSX) ni un fichier CSV : il ne peut pas être lu.");
        }
        var delimiter = Delimiter(text);
        var problems = new List<ImportProblem>();
        var source = Path.GetFileName(fileName);
        var records = new List<(int Number, string[] Cells)>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            HasHeaderRecord = false,
            IgnoreBlankLines = false,
            DetectColumnCountChanges = false,
            MissingFieldFound = null,
            BadDataFound = args => problems.Add(new ImportProblem(source, records.Count + 1, 0,
                "Guillemets mal placés dans cette ligne : elle est lue telle quelle, vérifiez-la.", Blocking: false)),
        };
        using (var reader = new StringReader(text))
        using (var parser = new CsvParser(reader, config))
        {
            var cells = 0L;
            while (parser.Read())
            {
                var record = parser.Record ?? [];
                cells += record.Length;
                if (records.Count >= limits.MaxRows || cells > limits.MaxCells || record.Length > limits.MaxColumns)
                {
                    throw new SpreadsheetException(
                        $"Ce fichier est trop grand pour être importé (au plus {FrenchFormat.Number(limits.MaxRows)} lignes, {FrenchFormat.Number(limits.MaxColumns)} colonnes et {FrenchFormat.Number(limits.MaxCells)} cellules).");
                }
                records.Add((records.Count + 1, record.Select(FlatRegister.Restore).ToArray()));
            }
        }
        var filled = records.Where(r => r.Cells.Any(c => c.Trim().Length > 0)).ToList();
        if (filled.Count == 0)
        {
            throw new SpreadsheetException("Ce fichier CSV est vide.");
        }
        var header = filled[0];
        var headers = header.Cells.Select(h => h.Trim()).ToArray();
        var rows = new List<FlatTableRow>();
        foreach (var (number, cells) in filled.Skip(1))
        {
            var row = new string[headers.Length];
            Array.Fill(row, "");
            for (var c = 0; c < cells.Length; c++)
            {
                if (c < headers.Length)
                {
                    row[c] = cells[c];
                }
                else if (cells[c].Trim().Length > 0)
                {
                    problems.Add(new ImportProblem(source, number, c + 1,
                        $"Valeur au-delà de la dernière colonne : elle n'est pas importée (séparateur « {delimiter} » attendu, vérifiez les guillemets)."));
                }
            }
            rows.Add(new FlatTableRow(number, row));
        }
        CheckHeaders(source, header.Number, headers, problems);
        var separator = delimiter == "\t" ? "tabulation" : $"« {delimiter} »";
        return new FlatTable(source, $"CSV, {encoding}, séparateur {separator}", headers, rows, problems);
    }

    /// <summary>BOM first; then strict UTF-8; Windows-1252 (what Excel writes by default in France) when UTF-8 fails.</summary>
    private static (string Text, string Encoding) Decode(byte[] bytes)
    {
        if (bytes is [0xEF, 0xBB, 0xBF, ..])
        {
            return (new UTF8Encoding(false).GetString(bytes, 3, bytes.Length - 3), "UTF-8");
        }
        if (bytes is [0xFF, 0xFE, ..])
        {
            return (Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2), "UTF-16");
        }
        if (bytes is [0xFE, 0xFF, ..])
        {
            return (Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2), "UTF-16");
        }
        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return (Encoding.GetEncoding(1252).GetString(bytes), "Windows-1252");
        }
    }

    /// <summary>The most frequent of « ; », « , » and tab in the first record (outside quotes); « ; » when none.</summary>
    private static string Delimiter(string text)
    {
        int semicolons = 0, commas = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted)
            {
                if (c is '\n' or '\r')
                {
                    if (semicolons + commas + tabs > 0)
                    {
                        break;
                    }
                }
                else if (c == ';')
                {
                    semicolons++;
                }
                else if (c == ',')
                {
                    commas++;
                }
                else if (c == '\t')
                {
                    tabs++;
                }
            }
        }
        return tabs > semicolons && tabs > commas ? "\t" : commas > semicolons ? "," : ";";
    }

    private static void CheckHeaders(string source, int row, string[] headers, List<ImportProblem> problems)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var c = 0; c < headers.Length; c++)
        {
            if (headers[c].Length == 0)
            {
                continue;
            }
            if (seen.TryGetValue(headers[c], out var first))
            {
                problems.Add(new ImportProblem(source, row, c + 1,
                    $"Deux colonnes s'appellent « {headers[c]} » (colonnes {SheetCell.ColumnName(first + 1)} et {SheetCell.ColumnName(c + 1)}) : renommez l'une d'elles."));
            }
            else
            {
                seen[headers[c]] = c;
            }
        }
    }
}
