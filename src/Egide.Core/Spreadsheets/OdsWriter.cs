using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Egide.Core.Spreadsheets;

public enum OdsStyle
{
    Normal,
    /// <summary>Bold: labels and table headers.</summary>
    Bold,
    /// <summary>Bold, larger: a sheet's title.</summary>
    Title,
}

/// <summary>A cell to write: text (line breaks kept) or a day; <paramref name="Row"/> and <paramref name="Column"/> count from 1.</summary>
public sealed record OdsCell(int Row, int Column, string? Text, DateOnly? Date = null, OdsStyle Style = OdsStyle.Normal, int ColumnsSpanned = 1);

/// <summary>A sheet to write: its name, its column widths in centimetres (the last one repeats), its cells in any order.</summary>
public sealed record OdsSheet(string Name, IReadOnlyList<double> ColumnWidths, IReadOnlyList<OdsCell> Cells);

/// <summary>
/// Writes an OpenDocument spreadsheet (.ods, ODF 1.3) that LibreOffice, Excel and <see cref="OdsReader"/> open: the
/// <c>mimetype</c> entry first and stored uncompressed (so that the type is readable at a fixed offset), then
/// content.xml, styles.xml, meta.xml and the manifest. Text cells are strings, never formulas, whatever they start
/// with; days are typed dates shown dd/mm/yyyy.
/// </summary>
public static class OdsWriter
{
    public const string MimeType = "application/vnd.oasis.opendocument.spreadsheet";

    private const string OfficeNs = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    private const string StyleNs = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
    private const string TextNs = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    private const string TableNs = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    private const string FoNs = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";
    private const string NumberNs = "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0";
    private const string MetaNs = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0";
    private const string ManifestNs = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";
    private const string Version = "1.3";

    /// <summary>The characters a sheet name may not hold (LibreOffice and Excel alike).</summary>
    public static readonly char[] ForbiddenInSheetName = ['[', ']', '*', '?', ':', '/', '\\'];

    public const int SheetNameMaxLength = 31;

    public static byte[] Write(IReadOnlyList<OdsSheet> sheets, DateTime createdUtc)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(zip, "mimetype", CompressionLevel.NoCompression, s => s.Write(Encoding.ASCII.GetBytes(MimeType)));
            Entry(zip, "content.xml", CompressionLevel.Optimal, s => Xml(s, w => Content(w, sheets)));
            Entry(zip, "styles.xml", CompressionLevel.Optimal, s => Xml(s, Styles));
            Entry(zip, "meta.xml", CompressionLevel.Optimal, s => Xml(s, w => Meta(w, createdUtc)));
            Entry(zip, "META-INF/manifest.xml", CompressionLevel.Optimal, s => Xml(s, Manifest));
        }
        return stream.ToArray();
    }

    private static void Entry(ZipArchive zip, string name, CompressionLevel level, Action<Stream> write)
    {
        using var entry = zip.CreateEntry(name, level).Open();
        write(entry);
    }

    private static void Xml(Stream stream, Action<XmlWriter> write)
    {
        // No indentation: white space inside a cell's paragraph would be part of its text.
        using var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false });
        writer.WriteStartDocument();
        write(writer);
        writer.WriteEndDocument();
    }

    private static void Content(XmlWriter w, IReadOnlyList<OdsSheet> sheets)
    {
        w.WriteStartElement("office", "document-content", OfficeNs);
        Namespaces(w);
        w.WriteAttributeString("office", "version", OfficeNs, Version);

        w.WriteStartElement("office", "automatic-styles", OfficeNs);
        var widths = sheets.SelectMany(s => s.ColumnWidths).Distinct().ToList();
        foreach (var width in widths)
        {
            w.WriteStartElement("style", "style", StyleNs);
            w.WriteAttributeString("style", "name", StyleNs, ColumnStyle(width));
            w.WriteAttributeString("style", "family", StyleNs, "table-column");
            w.WriteStartElement("style", "table-column-properties", StyleNs);
            w.WriteAttributeString("fo", "break-before", FoNs, "auto");
            w.WriteAttributeString("style", "column-width", StyleNs, Centimetres(width));
            w.WriteEndElement();
            w.WriteEndElement();
        }
        w.WriteStartElement("number", "date-style", NumberNs);
        w.WriteAttributeString("style", "name", StyleNs, "N-date");
        foreach (var part in new[] { "day", "/", "month", "/", "year" })
        {
            if (part == "/")
            {
                w.WriteElementString("number", "text", NumberNs, "/");
            }
            else
            {
                w.WriteStartElement("number", part, NumberNs);
                w.WriteAttributeString("number", "style", NumberNs, "long");
                w.WriteEndElement();
            }
        }
        w.WriteEndElement();
        CellStyle(w, "ce-normal", bold: false, size: null, dataStyle: null);
        CellStyle(w, "ce-bold", bold: true, size: null, dataStyle: null);
        CellStyle(w, "ce-title", bold: true, size: "13pt", dataStyle: null);
        CellStyle(w, "ce-date", bold: false, size: null, dataStyle: "N-date");
        w.WriteEndElement();

        w.WriteStartElement("office", "body", OfficeNs);
        w.WriteStartElement("office", "spreadsheet", OfficeNs);
        foreach (var sheet in sheets)
        {
            Table(w, sheet);
        }
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void CellStyle(XmlWriter w, string name, bool bold, string? size, string? dataStyle)
    {
        w.WriteStartElement("style", "style", StyleNs);
        w.WriteAttributeString("style", "name", StyleNs, name);
        w.WriteAttributeString("style", "family", StyleNs, "table-cell");
        w.WriteAttributeString("style", "parent-style-name", StyleNs, "Default");
        if (dataStyle is not null)
        {
            w.WriteAttributeString("style", "data-style-name", StyleNs, dataStyle);
        }
        w.WriteStartElement("style", "table-cell-properties", StyleNs);
        w.WriteAttributeString("fo", "wrap-option", FoNs, "wrap");
        w.WriteAttributeString("style", "vertical-align", StyleNs, "top");
        w.WriteEndElement();
        if (bold || size is not null)
        {
            w.WriteStartElement("style", "text-properties", StyleNs);
            if (bold)
            {
                w.WriteAttributeString("fo", "font-weight", FoNs, "bold");
            }
            if (size is not null)
            {
                w.WriteAttributeString("fo", "font-size", FoNs, size);
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void Table(XmlWriter w, OdsSheet sheet)
    {
        w.WriteStartElement("table", "table", TableNs);
        w.WriteAttributeString("table", "name", TableNs, sheet.Name);
        foreach (var width in sheet.ColumnWidths)
        {
            w.WriteStartElement("table", "table-column", TableNs);
            w.WriteAttributeString("table", "style-name", TableNs, ColumnStyle(width));
            w.WriteAttributeString("table", "default-cell-style-name", TableNs, "ce-normal");
            w.WriteEndElement();
        }
        var rows = sheet.Cells.GroupBy(c => c.Row).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Column).ToList());
        var last = rows.Count == 0 ? 0 : rows.Keys.Max();
        for (var r = 1; r <= last; r++)
        {
            w.WriteStartElement("table", "table-row", TableNs);
            var column = 1;
            foreach (var cell in rows.GetValueOrDefault(r) ?? [])
            {
                if (cell.Column < column)
                {
                    throw new InvalidOperationException($"Cell {cell.Row}:{cell.Column} of '{sheet.Name}' overlaps the one before.");
                }
                EmptyCells(w, cell.Column - column);
                Cell(w, cell);
                if (cell.ColumnsSpanned > 1)
                {
                    w.WriteStartElement("table", "covered-table-cell", TableNs);
                    if (cell.ColumnsSpanned > 2)
                    {
                        w.WriteAttributeString("table", "number-columns-repeated", TableNs, (cell.ColumnsSpanned - 1).ToString(CultureInfo.InvariantCulture));
                    }
                    w.WriteEndElement();
                }
                column = cell.Column + cell.ColumnsSpanned;
            }
            if (column == 1)
            {
                EmptyCells(w, 1); // a row holds at least one cell
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void EmptyCells(XmlWriter w, int count)
    {
        if (count <= 0)
        {
            return;
        }
        w.WriteStartElement("table", "table-cell", TableNs);
        if (count > 1)
        {
            w.WriteAttributeString("table", "number-columns-repeated", TableNs, count.ToString(CultureInfo.InvariantCulture));
        }
        w.WriteEndElement();
    }

    private static void Cell(XmlWriter w, OdsCell cell)
    {
        w.WriteStartElement("table", "table-cell", TableNs);
        var style = cell.Date is not null ? "ce-date" : cell.Style switch
        {
            OdsStyle.Bold => "ce-bold",
            OdsStyle.Title => "ce-title",
            _ => "ce-normal",
        };
        w.WriteAttributeString("table", "style-name", TableNs, style);
        if (cell.ColumnsSpanned > 1)
        {
            w.WriteAttributeString("table", "number-columns-spanned", TableNs, cell.ColumnsSpanned.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("table", "number-rows-spanned", TableNs, "1");
        }
        if (cell.Date is { } day)
        {
            w.WriteAttributeString("office", "value-type", OfficeNs, "date");
            w.WriteAttributeString("office", "date-value", OfficeNs, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Paragraphs(w, day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
        }
        else if (!string.IsNullOrEmpty(cell.Text))
        {
            w.WriteAttributeString("office", "value-type", OfficeNs, "string");
            Paragraphs(w, cell.Text);
        }
        w.WriteEndElement();
    }

    /// <summary>One paragraph per line; runs of spaces, leading spaces and tabs as ODF elements, so that none is collapsed.</summary>
    private static void Paragraphs(XmlWriter w, string text)
    {
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n'))
        {
            w.WriteStartElement("text", "p", TextNs);
            var run = new StringBuilder();
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (c == '\t')
                {
                    Flush(w, run);
                    w.WriteElementString("text", "tab", TextNs, null);
                }
                else if (c == ' ')
                {
                    var spaces = 1;
                    while (i + spaces < line.Length && line[i + spaces] == ' ')
                    {
                        spaces++;
                    }
                    // ODF collapses spaces: one between words stays text, the others (and leading or trailing ones) are counted.
                    var interior = i > 0 && i + spaces < line.Length;
                    if (interior)
                    {
                        run.Append(' ');
                    }
                    var counted = interior ? spaces - 1 : spaces;
                    if (counted > 0)
                    {
                        Flush(w, run);
                        w.WriteStartElement("text", "s", TextNs);
                        if (counted > 1)
                        {
                            w.WriteAttributeString("text", "c", TextNs, counted.ToString(CultureInfo.InvariantCulture));
                        }
                        w.WriteEndElement();
                    }
                    i += spaces - 1;
                }
                else if (XmlConvert.IsXmlChar(c))
                {
                    run.Append(c);
                }
                else if (char.IsHighSurrogate(c) && i + 1 < line.Length && XmlConvert.IsXmlSurrogatePair(line[i + 1], c))
                {
                    run.Append(c).Append(line[++i]);
                }
                // Other control characters cannot be written in XML: left out.
            }
            Flush(w, run);
            w.WriteEndElement();
        }
    }

    private static void Flush(XmlWriter w, StringBuilder run)
    {
        if (run.Length > 0)
        {
            w.WriteString(run.ToString());
            run.Clear();
        }
    }

    private static void Styles(XmlWriter w)
    {
        w.WriteStartElement("office", "document-styles", OfficeNs);
        Namespaces(w);
        w.WriteAttributeString("office", "version", OfficeNs, Version);
        w.WriteStartElement("office", "styles", OfficeNs);
        w.WriteStartElement("style", "style", StyleNs);
        w.WriteAttributeString("style", "name", StyleNs, "Default");
        w.WriteAttributeString("style", "family", StyleNs, "table-cell");
        w.WriteStartElement("style", "text-properties", StyleNs);
        w.WriteAttributeString("style", "font-name", StyleNs, "Liberation Sans");
        w.WriteAttributeString("fo", "font-size", FoNs, "10pt");
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void Meta(XmlWriter w, DateTime createdUtc)
    {
        w.WriteStartElement("office", "document-meta", OfficeNs);
        w.WriteAttributeString("xmlns", "meta", null, MetaNs);
        w.WriteAttributeString("office", "version", OfficeNs, Version);
        w.WriteStartElement("office", "meta", OfficeNs);
        w.WriteElementString("meta", "generator", MetaNs, "Egide");
        w.WriteElementString("meta", "creation-date", MetaNs, DateTime.SpecifyKind(createdUtc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture));
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void Manifest(XmlWriter w)
    {
        w.WriteStartElement("manifest", "manifest", ManifestNs);
        w.WriteAttributeString("manifest", "version", ManifestNs, Version);
        void File(string path, string mediaType)
        {
            w.WriteStartElement("manifest", "file-entry", ManifestNs);
            w.WriteAttributeString("manifest", "full-path", ManifestNs, path);
            if (path == "/")
            {
                w.WriteAttributeString("manifest", "version", ManifestNs, Version);
            }
            w.WriteAttributeString("manifest", "media-type", ManifestNs, mediaType);
            w.WriteEndElement();
        }
        File("/", MimeType);
        File("content.xml", "text/xml");
        File("styles.xml", "text/xml");
        File("meta.xml", "text/xml");
        w.WriteEndElement();
    }

    private static void Namespaces(XmlWriter w)
    {
        w.WriteAttributeString("xmlns", "office", null, OfficeNs);
        w.WriteAttributeString("xmlns", "style", null, StyleNs);
        w.WriteAttributeString("xmlns", "text", null, TextNs);
        w.WriteAttributeString("xmlns", "table", null, TableNs);
        w.WriteAttributeString("xmlns", "fo", null, FoNs);
        w.WriteAttributeString("xmlns", "number", null, NumberNs);
    }

    private static string ColumnStyle(double width) => "co-" + Math.Round(width * 100).ToString(CultureInfo.InvariantCulture);

    private static string Centimetres(double width) => width.ToString("0.###", CultureInfo.InvariantCulture) + "cm";
}
