using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Egide.Core.Common;

namespace Egide.Core.Spreadsheets;

/// <summary>
/// Reads an Office Open XML workbook (.xlsx, as saved by Excel, LibreOffice or OnlyOffice) by streaming its parts,
/// into the same sheets and cells as <see cref="OdsReader"/>: every sheet in the workbook's order (hidden ones too),
/// shared and inline strings (rich text runs joined), numbers, dates (a number whose cell format shows a date, in
/// the 1900 or 1904 date system), booleans, cached values of formulas (marked), and merged cells. Every part is
/// inflated through one budget, so that a zip bomb is refused before it fills memory. ClosedXML is not used here:
/// it loads the whole workbook in memory.
/// </summary>
public static class XlsxReader
{
    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string StrictMainNs = "http://purl.oclc.org/ooxml/spreadsheetml/main";
    private const string RelationshipNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string StrictRelationshipNs = "http://purl.oclc.org/ooxml/officeDocument/relationships";
    private const string PackageRelationshipNs = "http://schemas.openxmlformats.org/package/2006/relationships";

    /// <summary>Excel's row and column bounds (XFD1048576): an address past them is not a cell.</summary>
    private const int MaxSheetRows = 1_048_576;
    private const int MaxSheetColumns = 16_384;

    /// <summary>Far more than a register needs; each sheet costs memory even when empty, and many may point to one part.</summary>
    private const int MaxSheets = 1_000;

    internal const string ProtectedOrOldFormat =
        "Ce fichier est protégé par un mot de passe ou est un ancien classeur Excel (.xls) : enregistrez-le au format .xlsx, sans mot de passe, puis envoyez-le à nouveau.";

    private const string NotAWorkbook =
        "Ce fichier n'est pas un classeur Excel (.xlsx) : enregistrez-le au format .xlsx, puis envoyez-le à nouveau.";

    private const string Damaged =
        "Ce classeur est endommagé : son contenu n'est pas lisible ; ouvrez-le dans votre tableur et enregistrez-le à nouveau.";

    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        // Only insignificant whitespace: text under xml:space="preserve" is still reported, as Excel means it.
        IgnoreWhitespace = true,
    };

    private static readonly HashSet<int> BuiltInDateFormats = [14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47];

    public static IReadOnlyList<Sheet> Read(Stream stream, SpreadsheetLimits? limits = null)
    {
        limits ??= SpreadsheetLimits.Default;
        if (SpreadsheetReader.StartsWithOleSignature(stream))
        {
            throw new SpreadsheetException(ProtectedOrOldFormat);
        }
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw new SpreadsheetException(NotAWorkbook);
        }
        using (zip)
        {
            try
            {
                return ReadWorkbook(zip, new Context(limits, new InflateBudget(limits.MaxUncompressedBytes)));
            }
            catch (Exception e) when (e is XmlException or InvalidDataException or NotSupportedException)
            {
                throw new SpreadsheetException(Damaged);
            }
        }
    }

    private sealed class Context(SpreadsheetLimits limits, InflateBudget budget)
    {
        public SpreadsheetLimits Limits { get; } = limits;

        public InflateBudget Budget { get; } = budget;

        public List<string> SharedStrings { get; set; } = [];

        public bool[] DateStyles { get; set; } = [];

        public bool Date1904 { get; set; }

        public int TotalCells { get; set; }
    }

    private sealed record Relationship(string Type, string Target);

    private readonly record struct Merge(int Top, int Left, int Bottom, int Right);

    private static List<Sheet> ReadWorkbook(ZipArchive archive, Context context)
    {
        // Part names are case-insensitive in a package; zip entry names are not.
        var zip = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in archive.Entries)
        {
            zip.TryAdd(entry.FullName, entry);
        }
        if (Entry(zip, "[Content_Types].xml") is null)
        {
            throw new SpreadsheetException(NotAWorkbook);
        }
        var packageRels = Entry(zip, "_rels/.rels") is { } rootRels ? ReadRelationships(rootRels, "", context) : [];
        var workbookPath = packageRels.Values.FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal))?.Target
            ?? "xl/workbook.xml";
        var workbookEntry = Entry(zip, workbookPath) ?? throw new SpreadsheetException(NotAWorkbook);
        var declaredSheets = ReadPart(workbookEntry, context, xml => ReadWorkbookPart(xml, context));

        var folder = workbookPath.Contains('/') ? workbookPath[..(workbookPath.LastIndexOf('/') + 1)] : "";
        var relsPath = $"{folder}_rels/{workbookPath[folder.Length..]}.rels";
        var rels = Entry(zip, relsPath) is { } relsEntry ? ReadRelationships(relsEntry, folder, context) : [];
        if (PartOfType(zip, rels, "/sharedStrings") is { } sharedStrings)
        {
            context.SharedStrings = ReadPart(sharedStrings, context, xml => ReadSharedStrings(xml, context));
        }
        if (PartOfType(zip, rels, "/styles") is { } styles)
        {
            context.DateStyles = ReadPart(styles, context, ReadDateStyles);
        }

        var sheets = new List<Sheet>(declaredSheets.Count);
        foreach (var (name, id) in declaredSheets)
        {
            var part = id is not null && rels.TryGetValue(id, out var rel) ? Entry(zip, rel.Target) : null;
            if (part is null)
            {
                throw new SpreadsheetException($"Ce classeur est endommagé : la feuille « {name} » est introuvable ; ouvrez-le dans votre tableur et enregistrez-le à nouveau.");
            }
            sheets.Add(new Sheet(name, ReadPart(part, context, xml => ReadWorksheet(xml, context))));
        }
        return sheets;
    }

    private static ZipArchiveEntry? PartOfType(Dictionary<string, ZipArchiveEntry> zip, Dictionary<string, Relationship> rels, string typeSuffix) =>
        rels.Values.FirstOrDefault(r => r.Type.EndsWith(typeSuffix, StringComparison.Ordinal)) is { } rel ? Entry(zip, rel.Target) : null;

    private static ZipArchiveEntry? Entry(Dictionary<string, ZipArchiveEntry> zip, string path) => zip.GetValueOrDefault(path);

    private static T ReadPart<T>(ZipArchiveEntry entry, Context context, Func<XmlReader, T> read)
    {
        using var raw = entry.Open();
        using var bounded = new BoundedStream(raw, context.Budget);
        using var xml = XmlReader.Create(bounded, XmlSettings);
        return read(xml);
    }

    private static bool IsMain(XmlReader xml, string localName) =>
        xml.NodeType == XmlNodeType.Element && xml.LocalName == localName && xml.NamespaceURI is MainNs or StrictMainNs;

    private static List<(string Name, string? RelationshipId)> ReadWorkbookPart(XmlReader xml, Context context)
    {
        if (xml.MoveToContent() != XmlNodeType.Element || !IsMain(xml, "workbook"))
        {
            throw new SpreadsheetException(NotAWorkbook);
        }
        var sheets = new List<(string, string?)>();
        while (xml.Read())
        {
            if (IsMain(xml, "workbookPr"))
            {
                context.Date1904 = xml.GetAttribute("date1904") is "1" or "true";
            }
            else if (IsMain(xml, "sheet"))
            {
                if (sheets.Count == MaxSheets)
                {
                    throw new SpreadsheetException($"Ce classeur a plus de {FrenchFormat.Number(MaxSheets)} feuilles : découpez-le.");
                }
                var name = xml.GetAttribute("name") ?? $"Feuille {sheets.Count + 1}";
                sheets.Add((name, xml.GetAttribute("id", RelationshipNs) ?? xml.GetAttribute("id", StrictRelationshipNs)));
            }
        }
        return sheets;
    }

    /// <summary>A part's relationships by id, their targets resolved to zip entry names.</summary>
    private static Dictionary<string, Relationship> ReadRelationships(ZipArchiveEntry entry, string folder, Context context) =>
        ReadPart(entry, context, xml =>
        {
            var rels = new Dictionary<string, Relationship>(StringComparer.Ordinal);
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Relationship" && xml.NamespaceURI == PackageRelationshipNs
                    && xml.GetAttribute("Id") is { } id && xml.GetAttribute("Target") is { } target
                    && xml.GetAttribute("TargetMode") is not "External")
                {
                    rels.TryAdd(id, new Relationship(xml.GetAttribute("Type") ?? "", ResolveTarget(folder, target)));
                }
            }
            return rels;
        });

    /// <summary>« worksheets/sheet1.xml » from « xl/ », « /xl/worksheets/sheet1.xml » or « ../xl/… »: the entry name.</summary>
    private static string ResolveTarget(string folder, string target)
    {
        target = Uri.UnescapeDataString(target).Replace('\\', '/');
        var path = target.StartsWith('/') ? target[1..] : folder + target;
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment is not ("." or ""))
            {
                segments.Add(segment);
            }
        }
        return string.Join('/', segments);
    }

    private static List<string> ReadSharedStrings(XmlReader xml, Context context)
    {
        var strings = new List<string>();
        xml.Read();
        while (!xml.EOF)
        {
            if (IsMain(xml, "si"))
            {
                // A shared string exists to be used by a cell: more of them than cells is a trap.
                if (strings.Count >= context.Limits.MaxCells)
                {
                    throw TooManyCells(context.Limits);
                }
                strings.Add(ReadRichText(xml));
                continue;
            }
            xml.Read();
        }
        return strings;
    }

    /// <summary>
    /// The text of an &lt;si&gt; or &lt;is&gt; element: its &lt;t&gt;, or its runs' &lt;t&gt; joined; phonetic
    /// guides left out. Leaves the reader past the element.
    /// </summary>
    private static string ReadRichText(XmlReader xml)
    {
        if (xml.IsEmptyElement)
        {
            xml.Read();
            return "";
        }
        var depth = xml.Depth;
        var text = new StringBuilder();
        xml.Read();
        while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (IsMain(xml, "rPh") || IsMain(xml, "phoneticPr"))
            {
                xml.Skip();
                continue;
            }
            if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace)
            {
                text.Append(xml.Value);
            }
            xml.Read();
        }
        xml.Read();
        return Unescape(text.ToString());
    }

    /// <summary>
    /// OOXML writes characters XML cannot carry as « _x000D_ » (and a literal « _x » as « _x005F_x »); a carriage
    /// return before a line break is dropped so that lines end as in <see cref="OdsReader"/>.
    /// </summary>
    private static string Unescape(string text)
    {
        if (!text.Contains("_x", StringComparison.Ordinal))
        {
            return text;
        }
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_' && i + 6 < text.Length && text[i + 1] == 'x' && text[i + 6] == '_'
                && ushort.TryParse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                result.Append((char)code);
                i += 6;
            }
            else
            {
                result.Append(text[i]);
            }
        }
        return result.Replace("\r\n", "\n").ToString();
    }

    /// <summary>For each cell format (the « s » of a cell), whether its number shows a date or a time.</summary>
    private static bool[] ReadDateStyles(XmlReader xml)
    {
        var customFormats = new Dictionary<int, string>();
        var cellFormats = new List<int>();
        while (xml.Read())
        {
            if (IsMain(xml, "numFmt") && int.TryParse(xml.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                customFormats[id] = xml.GetAttribute("formatCode") ?? "";
            }
            else if (IsMain(xml, "cellXfs") && !xml.IsEmptyElement)
            {
                // cellStyleXfs also holds <xf> elements: only those of cellXfs are what cells point to.
                var depth = xml.Depth;
                while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
                {
                    if (IsMain(xml, "xf") && xml.Depth == depth + 1)
                    {
                        cellFormats.Add(int.TryParse(xml.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var format) ? format : 0);
                    }
                }
            }
        }
        return [.. cellFormats.Select(f => customFormats.TryGetValue(f, out var code) ? IsDateFormat(code) : BuiltInDateFormats.Contains(f))];
    }

    /// <summary>A format shows a date or time when it has d, m, y, h or s outside quoted text, brackets and escapes.</summary>
    internal static bool IsDateFormat(string formatCode)
    {
        for (var i = 0; i < formatCode.Length; i++)
        {
            switch (formatCode[i])
            {
                case '"':
                    var closing = formatCode.IndexOf('"', i + 1);
                    i = closing < 0 ? formatCode.Length : closing;
                    break;
                case '[':
                    var end = formatCode.IndexOf(']', i + 1);
                    i = end < 0 ? formatCode.Length : end;
                    break;
                case '\\' or '_' or '*':
                    i++; // an escaped character, a space as wide as the next one, a fill character
                    break;
                case 'd' or 'D' or 'm' or 'M' or 'y' or 'Y' or 'h' or 'H' or 's' or 'S':
                    return true;
            }
        }
        return false;
    }

    private static List<SheetCell> ReadWorksheet(XmlReader xml, Context context)
    {
        var cells = new Dictionary<(int Row, int Column), SheetCell>();
        var merges = new List<Merge>();
        var row = 0;
        var column = 0;
        xml.Read();
        while (!xml.EOF)
        {
            if (IsMain(xml, "row"))
            {
                row = xml.GetAttribute("r") is { } r ? ParseRow(r) : row + 1;
                column = 0;
            }
            else if (IsMain(xml, "c"))
            {
                var cell = ReadCell(xml, context, ref row, ref column);
                if (cell is not null)
                {
                    Count(cell, context);
                    if (!cells.TryAdd((cell.Row, cell.Column), cell))
                    {
                        throw new SpreadsheetException(Damaged); // two cells at one address
                    }
                }
                continue; // ReadCell left the reader past the cell
            }
            else if (IsMain(xml, "mergeCell") && xml.GetAttribute("ref") is { } reference && ParseRange(reference) is { } merge)
            {
                if (merges.Count >= context.Limits.MaxCells)
                {
                    throw new SpreadsheetException($"Ce classeur dépasse {FrenchFormat.Number(context.Limits.MaxCells)} plages de cellules fusionnées : découpez-le.");
                }
                merges.Add(merge);
            }
            xml.Read();
        }
        var ordered = cells.Values.OrderBy(c => c.Row).ThenBy(c => c.Column).ToList();
        return merges.Count == 0 ? ordered : Merged(ordered, merges, context.Limits);
    }

    private static void Count(SheetCell cell, Context context)
    {
        var limits = context.Limits;
        if (cell.Column > limits.MaxColumns)
        {
            throw new SpreadsheetException($"Ce classeur dépasse {FrenchFormat.Number(limits.MaxColumns)} colonnes remplies : il ne peut pas être lu.");
        }
        if (cell.Row > limits.MaxRows)
        {
            throw new SpreadsheetException($"Ce classeur dépasse {FrenchFormat.Number(limits.MaxRows)} lignes remplies par feuille : découpez-le.");
        }
        if (++context.TotalCells > limits.MaxCells)
        {
            throw TooManyCells(limits);
        }
    }

    private static SpreadsheetException TooManyCells(SpreadsheetLimits limits) =>
        new($"Ce classeur dépasse {FrenchFormat.Number(limits.MaxCells)} cellules remplies : découpez-le.");

    /// <summary>One &lt;c&gt; element, null when it holds nothing; leaves the reader past it.</summary>
    private static SheetCell? ReadCell(XmlReader xml, Context context, ref int row, ref int column)
    {
        if (xml.GetAttribute("r") is { } reference)
        {
            (row, column) = ParseAddress(reference) ?? throw new SpreadsheetException(Damaged);
        }
        else
        {
            column++;
        }
        var type = xml.GetAttribute("t") ?? "n";
        var style = int.TryParse(xml.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        string? value = null;
        string? inline = null;
        var formula = false;
        if (xml.IsEmptyElement)
        {
            xml.Read();
            return null;
        }
        var depth = xml.Depth;
        xml.Read();
        while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (IsMain(xml, "f"))
            {
                formula = true;
                xml.Skip();
            }
            else if (IsMain(xml, "v"))
            {
                value = xml.ReadElementContentAsString();
            }
            else if (IsMain(xml, "is"))
            {
                inline = ReadRichText(xml);
            }
            else if (xml.NodeType == XmlNodeType.Element)
            {
                xml.Skip(); // extLst and the like
            }
            else
            {
                xml.Read();
            }
        }
        xml.Read();

        var cell = new SheetCell(row, column, CellType.String, "", IsFormula: formula);
        switch (type)
        {
            case "s":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= context.SharedStrings.Count)
                {
                    throw new SpreadsheetException(Damaged);
                }
                return Text(cell, context.SharedStrings[index]);
            case "inlineStr":
                return Text(cell, inline ?? Unescape(value ?? ""));
            case "str" or "e":
                return Text(cell, Unescape(value ?? ""));
            case "b":
                return value?.Trim() switch
                {
                    "1" or "true" => cell with { Type = CellType.Boolean, Boolean = true, Text = "VRAI" },
                    "0" or "false" => cell with { Type = CellType.Boolean, Boolean = false, Text = "FAUX" },
                    _ => Text(cell, value ?? ""),
                };
            case "d":
                return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var iso)
                    ? Date(cell, DateTime.SpecifyKind(iso, DateTimeKind.Unspecified))
                    : Text(cell, value ?? "");
            default:
                if (string.IsNullOrWhiteSpace(value))
                {
                    return null;
                }
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return Text(cell, value);
                }
                if (style < context.DateStyles.Length && context.DateStyles[style] && ToDate(number, context.Date1904) is { } date)
                {
                    return Date(cell, date);
                }
                return cell with { Type = CellType.Number, Number = number, Text = number.ToString(CultureInfo.InvariantCulture) };
        }
    }

    private static SheetCell? Text(SheetCell cell, string text) => text.Length == 0 ? null : cell with { Text = text };

    private static SheetCell Date(SheetCell cell, DateTime date) => cell with
    {
        Type = CellType.Date,
        Date = date,
        Text = date.ToString(
            date.TimeOfDay == TimeSpan.Zero ? "dd/MM/yyyy" : date.Second == 0 && date.Millisecond == 0 ? "dd/MM/yyyy HH:mm" : "dd/MM/yyyy HH:mm:ss",
            CultureInfo.InvariantCulture),
    };

    /// <summary>A serial date: days since 30/12/1899 (Excel's 1900 system, as OLE Automation) or since 01/01/1904.</summary>
    private static DateTime? ToDate(double serial, bool date1904)
    {
        var oa = date1904 ? serial + 1462 : serial;
        return oa is > -657435.0 and < 2958466.0 ? DateTime.FromOADate(oa) : null;
    }

    private static int ParseRow(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var row) && row is > 0 and <= MaxSheetRows
            ? row
            : throw new SpreadsheetException(Damaged);

    /// <summary>« B12 » → (12, 2); null when it is not a cell address.</summary>
    private static (int Row, int Column)? ParseAddress(string address)
    {
        var i = 0;
        var column = 0;
        while (i < address.Length && char.IsAsciiLetter(address[i]) && i < 3)
        {
            column = (column * 26) + (char.ToUpperInvariant(address[i]) - 'A' + 1);
            i++;
        }
        if (i == 0 || column > MaxSheetColumns
            || !int.TryParse(address.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out var row) || row is < 1 or > MaxSheetRows)
        {
            return null;
        }
        return (row, column);
    }

    private static Merge? ParseRange(string reference)
    {
        var parts = reference.Split(':');
        if (parts.Length != 2 || ParseAddress(parts[0]) is not { } from || ParseAddress(parts[1]) is not { } to)
        {
            return null;
        }
        var merge = new Merge(Math.Min(from.Row, to.Row), Math.Min(from.Column, to.Column), Math.Max(from.Row, to.Row), Math.Max(from.Column, to.Column));
        return merge.Top == merge.Bottom && merge.Left == merge.Right ? null : merge;
    }

    /// <summary>
    /// Gives each merged range's top-left cell its span and drops the cells it covers, in one pass down the rows:
    /// the ranges that cross the current row mark, per column, which of them covers it. The cost stays linear in
    /// cells and ranges even for a hostile file (ranges are cut at the column limit, past which no cell is kept).
    /// </summary>
    private static List<SheetCell> Merged(List<SheetCell> cells, List<Merge> merges, SpreadsheetLimits limits)
    {
        merges.Sort((a, b) => a.Top.CompareTo(b.Top));
        var covering = new int[limits.MaxColumns + 1];
        Array.Fill(covering, -1);
        var ending = new PriorityQueue<int, int>();
        var next = 0;
        var result = new List<SheetCell>(cells.Count);
        foreach (var cell in cells)
        {
            while (ending.TryPeek(out var done, out var bottom) && bottom < cell.Row)
            {
                ending.Dequeue();
                var (left, right) = Columns(merges[done], limits);
                for (var c = left; c <= right; c++)
                {
                    if (covering[c] == done)
                    {
                        covering[c] = -1;
                    }
                }
            }
            while (next < merges.Count && merges[next].Top <= cell.Row)
            {
                if (merges[next].Bottom >= cell.Row && merges[next].Left <= limits.MaxColumns)
                {
                    var (left, right) = Columns(merges[next], limits);
                    Array.Fill(covering, next, left, right - left + 1);
                    ending.Enqueue(next, merges[next].Bottom);
                }
                next++;
            }
            if (covering[cell.Column] is var m and >= 0)
            {
                var merge = merges[m];
                if (merge.Top == cell.Row && merge.Left == cell.Column)
                {
                    result.Add(cell with { ColumnsSpanned = merge.Right - merge.Left + 1, RowsSpanned = merge.Bottom - merge.Top + 1 });
                }
                continue; // covered by the range: not a cell of its own, as in a spreadsheet
            }
            result.Add(cell);
        }
        return result;
    }

    private static (int Left, int Right) Columns(Merge merge, SpreadsheetLimits limits) => (merge.Left, Math.Min(merge.Right, limits.MaxColumns));
}
