using Egide.Core.Common;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Egide.Core.Spreadsheets;

public enum CellType
{
    String,
    Number,
    Date,
    Boolean,
    Time,
}

/// <summary>
/// One non-empty cell. <paramref name="Row"/> and <paramref name="Column"/> count from 1, as a spreadsheet shows
/// them (column 1 = A). A merged cell is its top-left cell with its span; the cells it covers are not listed.
/// </summary>
public sealed record SheetCell(
    int Row, int Column, CellType Type, string Text, double? Number = null, DateTime? Date = null, bool? Boolean = null,
    bool IsFormula = false, int ColumnsSpanned = 1, int RowsSpanned = 1)
{
    /// <summary>« B12 », as people name a cell in a message.</summary>
    public string Address => $"{ColumnName(Column)}{Row}";

    public static string ColumnName(int column)
    {
        var name = new StringBuilder();
        for (var c = column; c > 0; c = (c - 1) / 26)
        {
            name.Insert(0, (char)('A' + ((c - 1) % 26)));
        }
        return name.ToString();
    }
}

public sealed class Sheet(string name, IReadOnlyList<SheetCell> cells)
{
    public string Name { get; } = name;

    /// <summary>The non-empty cells, row by row, left to right.</summary>
    public IReadOnlyList<SheetCell> Cells { get; } = cells;

    private readonly Dictionary<(int, int), SheetCell> _byAddress = cells.ToDictionary(c => (c.Row, c.Column));

    public SheetCell? this[int row, int column] => _byAddress.GetValueOrDefault((row, column));
}

/// <summary>Why a file cannot be read as a spreadsheet, in French, for the person who sent it.</summary>
public sealed class SpreadsheetException(string message) : Exception(message);

/// <summary>What a reader accepts, so that a hostile file (a zip bomb, millions of repeated rows) cannot exhaust the server.</summary>
public sealed record SpreadsheetLimits(long MaxUncompressedBytes = 64L * 1024 * 1024, int MaxCells = 500_000, int MaxRows = 100_000, int MaxColumns = 1_000)
{
    public static SpreadsheetLimits Default { get; } = new();
}

/// <summary>
/// Reads an OpenDocument spreadsheet (.ods) by streaming its content.xml: no well-kept .NET library does it.
/// Handles repeated rows and cells (kept only when they carry content: the trailing million empty rows of
/// every LibreOffice sheet cost nothing), merged cells, typed values (float, percentage, currency, date, time,
/// boolean, string with its spaces, tabs and line breaks) and marks formulas. Refuses, in French: a file that
/// is not an ODS spreadsheet, a password-protected one, and one past the limits (uncompressed size, cells).
/// </summary>
public static class OdsReader
{
    private const string TableNs = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    private const string OfficeNs = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    private const string TextNs = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    private const string ManifestNs = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";
    private const string MimeType = "application/vnd.oasis.opendocument.spreadsheet";

    public static IReadOnlyList<Sheet> Read(Stream stream, SpreadsheetLimits? limits = null)
    {
        limits ??= SpreadsheetLimits.Default;
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw new SpreadsheetException("Ce fichier n'est pas un classeur OpenDocument (.ods) : il ne peut pas être lu.");
        }
        using (zip)
        {
            var mimetype = zip.GetEntry("mimetype");
            if (mimetype is not null && ReadSmall(mimetype, limits) is var declared && declared.Trim() != MimeType)
            {
                throw new SpreadsheetException($"Ce fichier OpenDocument n'est pas un classeur (type « {declared.Trim()} »).");
            }
            if (zip.GetEntry("META-INF/manifest.xml") is { } manifest && IsEncrypted(manifest, limits))
            {
                throw new SpreadsheetException("Ce classeur est protégé par un mot de passe : enregistrez-le sans mot de passe, puis envoyez-le à nouveau.");
            }
            var content = zip.GetEntry("content.xml")
                ?? throw new SpreadsheetException("Ce fichier n'est pas un classeur OpenDocument (.ods) : son contenu est introuvable.");
            using var raw = content.Open();
            using var bounded = new BoundedStream(raw, limits.MaxUncompressedBytes);
            try
            {
                return ReadContent(bounded, limits);
            }
            catch (XmlException)
            {
                throw new SpreadsheetException("Ce classeur est endommagé : son contenu n'est pas lisible.");
            }
            catch (InvalidDataException)
            {
                throw new SpreadsheetException("Ce classeur est endommagé : son contenu n'est pas lisible.");
            }
        }
    }

    private static List<Sheet> ReadContent(Stream content, SpreadsheetLimits limits)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = false, IgnoreComments = true };
        using var xml = XmlReader.Create(content, settings);
        var sheets = new List<Sheet>();
        var totalCells = 0;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "table" && xml.NamespaceURI == TableNs)
            {
                var name = xml.GetAttribute("name", TableNs) ?? $"Feuille {sheets.Count + 1}";
                sheets.Add(new Sheet(name, ReadTable(xml, limits, ref totalCells)));
            }
        }
        return sheets;
    }

    private static List<SheetCell> ReadTable(XmlReader xml, SpreadsheetLimits limits, ref int totalCells)
    {
        var cells = new List<SheetCell>();
        if (xml.IsEmptyElement)
        {
            return cells;
        }
        var depth = xml.Depth;
        var row = 0;
        while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType != XmlNodeType.Element || xml.NamespaceURI != TableNs || xml.LocalName != "table-row")
            {
                continue; // columns, header-rows and row-groups are walked through: their rows are read below
            }
            var repeat = Count(xml.GetAttribute("number-rows-repeated", TableNs));
            var rowCells = ReadRow(xml, row + 1, limits);
            if (rowCells.Count == 0)
            {
                row += repeat;
                continue;
            }
            for (var r = 0; r < repeat; r++)
            {
                row++;
                if (row > limits.MaxRows)
                {
                    throw new SpreadsheetException($"Ce classeur dépasse {FrenchFormat.Number(limits.MaxRows)} lignes remplies par feuille : découpez-le.");
                }
                totalCells += rowCells.Count;
                if (totalCells > limits.MaxCells)
                {
                    throw new SpreadsheetException($"Ce classeur dépasse {FrenchFormat.Number(limits.MaxCells)} cellules remplies : découpez-le.");
                }
                cells.AddRange(r == 0 ? rowCells : rowCells.Select(c => c with { Row = row }));
            }
        }
        return cells;
    }

    private static List<SheetCell> ReadRow(XmlReader xml, int row, SpreadsheetLimits limits)
    {
        var cells = new List<SheetCell>();
        if (xml.IsEmptyElement)
        {
            return cells;
        }
        var depth = xml.Depth;
        var column = 0;
        while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType != XmlNodeType.Element || xml.NamespaceURI != TableNs
                || xml.LocalName is not ("table-cell" or "covered-table-cell"))
            {
                continue;
            }
            var repeat = Count(xml.GetAttribute("number-columns-repeated", TableNs));
            var cell = xml.LocalName == "table-cell" ? ReadCell(xml, row) : SkipElement(xml);
            if (cell is null)
            {
                column += repeat;
                continue;
            }
            for (var c = 0; c < repeat; c++)
            {
                column++;
                if (column > limits.MaxColumns)
                {
                    throw new SpreadsheetException($"Ce classeur dépasse {FrenchFormat.Number(limits.MaxColumns)} colonnes remplies : il ne peut pas être lu.");
                }
                cells.Add(cell with { Column = column });
            }
        }
        return cells;
    }

    private static SheetCell? SkipElement(XmlReader xml)
    {
        if (!xml.IsEmptyElement)
        {
            xml.Skip();
        }
        return null;
    }

    private static SheetCell? ReadCell(XmlReader xml, int row)
    {
        var valueType = xml.GetAttribute("value-type", OfficeNs);
        var value = xml.GetAttribute("value", OfficeNs);
        var dateValue = xml.GetAttribute("date-value", OfficeNs);
        var timeValue = xml.GetAttribute("time-value", OfficeNs);
        var booleanValue = xml.GetAttribute("boolean-value", OfficeNs);
        var stringValue = xml.GetAttribute("string-value", OfficeNs);
        var formula = xml.GetAttribute("formula", TableNs) is not null;
        var columnsSpanned = Count(xml.GetAttribute("number-columns-spanned", TableNs));
        var rowsSpanned = Count(xml.GetAttribute("number-rows-spanned", TableNs));
        var text = xml.IsEmptyElement ? "" : ReadParagraphs(xml);
        if (valueType is null && text.Length == 0)
        {
            return null;
        }
        var cell = new SheetCell(row, 0, CellType.String, stringValue ?? text, IsFormula: formula, ColumnsSpanned: columnsSpanned, RowsSpanned: rowsSpanned);
        return valueType switch
        {
            "float" or "percentage" or "currency" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) =>
                cell with { Type = CellType.Number, Number = number },
            "date" when DateTime.TryParse(dateValue, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal | DateTimeStyles.AllowWhiteSpaces, out var date) =>
                cell with { Type = CellType.Date, Date = DateTime.SpecifyKind(date, DateTimeKind.Unspecified) },
            "boolean" when bool.TryParse(booleanValue, out var boolean) => cell with { Type = CellType.Boolean, Boolean = boolean },
            "time" => cell with { Type = CellType.Time, Text = text.Length > 0 ? text : timeValue ?? "" },
            _ => cell,
        };
    }

    /// <summary>The cell's paragraphs, one per line, with the spaces, tabs and line breaks ODF encodes as elements.</summary>
    private static string ReadParagraphs(XmlReader xml)
    {
        var depth = xml.Depth;
        var text = new StringBuilder();
        var paragraphs = 0;
        // Skip() leaves the reader on the node after the skipped one: that node is read, not passed over.
        var skipped = false;
        while ((skipped || xml.Read()) && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            skipped = false;
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.NamespaceURI == TextNs && xml.LocalName is "p" or "h":
                    if (paragraphs++ > 0)
                    {
                        text.Append('\n');
                    }
                    break;
                case XmlNodeType.Element when xml.NamespaceURI == TextNs && xml.LocalName == "s":
                    text.Append(' ', Count(xml.GetAttribute("c", TextNs)));
                    break;
                case XmlNodeType.Element when xml.NamespaceURI == TextNs && xml.LocalName == "tab":
                    text.Append('\t');
                    break;
                case XmlNodeType.Element when xml.NamespaceURI == TextNs && xml.LocalName == "line-break":
                    text.Append('\n');
                    break;
                case XmlNodeType.Element when xml.NamespaceURI == OfficeNs && xml.LocalName == "annotation":
                    xml.Skip(); // a comment on the cell is not its value
                    skipped = true;
                    break;
                case XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace or XmlNodeType.CDATA:
                    text.Append(xml.Value);
                    break;
            }
        }
        return text.ToString();
    }

    private static int Count(string? attribute) =>
        int.TryParse(attribute, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : 1;

    private static bool IsEncrypted(ZipArchiveEntry manifest, SpreadsheetLimits limits)
    {
        using var raw = manifest.Open();
        using var bounded = new BoundedStream(raw, Math.Min(limits.MaxUncompressedBytes, 1024 * 1024));
        using var xml = XmlReader.Create(bounded, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        try
        {
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.NamespaceURI == ManifestNs && xml.LocalName == "encryption-data")
                {
                    return true;
                }
            }
        }
        catch (XmlException)
        {
            throw new SpreadsheetException("Ce classeur est endommagé : sa description n'est pas lisible.");
        }
        return false;
    }

    private static string ReadSmall(ZipArchiveEntry entry, SpreadsheetLimits limits)
    {
        using var raw = entry.Open();
        using var bounded = new BoundedStream(raw, Math.Min(limits.MaxUncompressedBytes, 1024));
        using var reader = new StreamReader(bounded, Encoding.ASCII);
        return reader.ReadToEnd();
    }
}
