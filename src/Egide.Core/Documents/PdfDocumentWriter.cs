using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Egide.Core.Documents;

/// <summary>A size and weight of the one family (<see cref="PdfSetup.FontFamily"/>).</summary>
public readonly record struct PdfFont(double Size, bool Bold = false)
{
    public static readonly PdfFont Body = new(9.5);
    public static readonly PdfFont BodyBold = new(9.5, true);
    public static readonly PdfFont Small = new(8);
    public static readonly PdfFont SmallBold = new(8, true);
    public static readonly PdfFont Footer = new(7.5);
}

/// <summary>A table column: its header and its share of the text width (widths are scaled to fill it).</summary>
public sealed record PdfColumn(string Header, double Width);

/// <summary>
/// A flowing A4 portrait document over PDFsharp's XGraphics: headings, wrapped paragraphs, key/value rows and simple
/// tables, laid out from top to bottom with page breaks where the text needs them, and « Page n / N » footers drawn
/// once the page count is known. Text is real text in an embedded Unicode font, so it can be searched and copied.
/// One writer makes one document; it is not thread-safe.
/// </summary>
public sealed class PdfDocumentWriter : IDisposable
{
    /// <summary>A4 in points (1/72 inch).</summary>
    public const double PageWidth = 595.28, PageHeight = 841.89;

    public const double Margin = 50;
    private const double FooterHeight = 36;
    private const double CellPadding = 3;

    private static readonly XColor Ink = XColor.FromArgb(0x1E, 0x1E, 0x1E);
    private static readonly XColor Muted = XColor.FromArgb(0x59, 0x59, 0x59);
    private static readonly XColor Rule = XColor.FromArgb(0xB0, 0xB0, 0xB0);
    private static readonly XColor HeaderFill = XColor.FromArgb(0xE8, 0xEB, 0xF0);

    private readonly PdfDocument _document;
    private readonly Dictionary<PdfFont, XFont> _fonts = [];
    private readonly Dictionary<(PdfFont, string), double> _widths = [];
    private readonly XSolidBrush _ink = new(Ink);
    private readonly XSolidBrush _muted = new(Muted);
    private readonly XSolidBrush _headerFill = new(HeaderFill);
    private readonly XPen _rule = new(Rule, 0.5);
    private XGraphics _graphics = null!;
    private double _y;
    private bool _saved;

    /// <param name="title">The document's title in its properties.</param>
    /// <param name="createdUtc">Its creation date in its properties.</param>
    public PdfDocumentWriter(string title, DateTime createdUtc)
    {
        PdfSetup.EnsureReady();
        _document = new PdfDocument();
        _document.Info.Title = title;
        _document.Info.Author = "Egide";
        _document.Info.Creator = "Egide";
        _document.Info.CreationDate = DateTime.SpecifyKind(createdUtc, DateTimeKind.Utc);
        _document.Options.CompressContentStreams = true;
        NewPage();
    }

    /// <summary>The width text may take between the margins.</summary>
    public static double TextWidth => PageWidth - 2 * Margin;

    private static double Bottom => PageHeight - Margin - FooterHeight;

    /// <summary>The pages so far.</summary>
    public int PageCount => _document.PageCount;

    /// <summary>Height left on the current page above the footer.</summary>
    public double Remaining => Bottom - _y;

    /// <summary>Text drawn at the bottom left of every page (the page number goes on the right); null for none.</summary>
    public Func<int, string>? Footer { get; set; }

    public void NewPage()
    {
        _graphics?.Dispose();
        var page = _document.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);
        _graphics = XGraphics.FromPdfPage(page);
        _y = Margin;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit on this one.</summary>
    public void KeepTogether(double height)
    {
        if (height > Remaining && _y > Margin)
        {
            NewPage();
        }
    }

    public void Space(double points)
    {
        _y += points;
        if (_y > Bottom)
        {
            NewPage();
        }
    }

    /// <summary>A heading; level 1 is the largest. It is never left alone at the bottom of a page.</summary>
    public void Heading(string text, int level = 1)
    {
        var font = level switch { 0 => new PdfFont(20, true), 1 => new PdfFont(14, true), 2 => new PdfFont(11, true), _ => PdfFont.BodyBold };
        if (_y > Margin)
        {
            Space(level <= 1 ? 10 : 6);
        }
        var lines = Wrap(text, font, TextWidth);
        KeepTogether(LineHeight(font) * (lines.Count + 3));
        DrawLines(lines, font, _ink, Margin);
        Space(level <= 1 ? 5 : 3);
    }

    public void Paragraph(string text, PdfFont? font = null, bool muted = false, double spaceAfter = 4)
    {
        var f = font ?? PdfFont.Body;
        DrawLines(Wrap(text, f, TextWidth), f, muted ? _muted : _ink, Margin);
        Space(spaceAfter);
    }

    /// <summary>A thin line across the text width.</summary>
    public void HorizontalRule()
    {
        Space(2);
        _graphics.DrawLine(_rule, Margin, _y, PageWidth - Margin, _y);
        Space(4);
    }

    /// <summary>A label in bold on the left, its value wrapped on the right; long values go on over the next page.</summary>
    public void KeyValue(string key, string value, double keyWidth = 150)
    {
        const double gap = 8;
        var keyLines = Wrap(key, PdfFont.BodyBold, keyWidth);
        var valueLines = Wrap(value, PdfFont.Body, TextWidth - keyWidth - gap);
        var height = LineHeight(PdfFont.Body);
        // The key and at least two lines of its value stay together.
        KeepTogether(height * Math.Min(Math.Max(keyLines.Count, valueLines.Count), Math.Max(keyLines.Count, 2)));
        for (var i = 0; i < Math.Max(keyLines.Count, valueLines.Count); i++)
        {
            if (_y + height > Bottom)
            {
                NewPage();
            }
            if (i < keyLines.Count)
            {
                Draw(keyLines[i], PdfFont.BodyBold, _ink, Margin, _y);
            }
            if (i < valueLines.Count)
            {
                Draw(valueLines[i], PdfFont.Body, _ink, Margin + keyWidth + gap, _y);
            }
            _y += height;
        }
        _y += 2.5;
    }

    /// <summary>
    /// A table with a header row, repeated at the top of each page it runs onto. A row that does not fit in what
    /// remains of a page starts on the next; one taller than a whole page is split between pages.
    /// </summary>
    public void Table(IReadOnlyList<PdfColumn> columns, IEnumerable<IReadOnlyList<string>> rows, PdfFont? font = null)
    {
        var body = font ?? PdfFont.Small;
        var header = body with { Bold = true };
        var total = columns.Sum(c => c.Width);
        var widths = columns.Select(c => c.Width / total * TextWidth).ToArray();
        var headerCells = columns.Select((c, i) => Wrap(c.Header, header, widths[i] - 2 * CellPadding)).ToArray();
        var headerHeight = headerCells.Max(c => c.Count) * LineHeight(header) + 2 * CellPadding;
        var lineHeight = LineHeight(body);

        var laidOut = rows.Select(row => row.Select((text, i) => Wrap(text, body, widths[i] - 2 * CellPadding)).ToArray());
        var first = true;
        foreach (var cells in laidOut)
        {
            var lines = cells.Max(c => c.Count);
            var height = lines * lineHeight + 2 * CellPadding;
            var fitsOnAFreshPage = headerHeight + height <= Bottom - Margin;
            if (first)
            {
                // The header never stays alone at the bottom of a page.
                KeepTogether(headerHeight + (fitsOnAFreshPage ? height : 2 * lineHeight + 2 * CellPadding));
                DrawRow(headerCells, widths, header, headerHeight, fill: true);
                first = false;
            }
            if (_y + height > Bottom && (fitsOnAFreshPage || _y + 2 * lineHeight + 2 * CellPadding > Bottom))
            {
                NewPage();
                DrawRow(headerCells, widths, header, headerHeight, fill: true);
            }
            var done = 0;
            while (done < lines)
            {
                var room = (int)Math.Floor((Bottom - _y - 2 * CellPadding) / lineHeight);
                if (room < 1)
                {
                    NewPage();
                    DrawRow(headerCells, widths, header, headerHeight, fill: true);
                    continue;
                }
                var take = Math.Min(room, lines - done);
                var part = cells.Select(c => (IReadOnlyList<string>)c.Skip(done).Take(take).ToList()).ToArray();
                DrawRow(part, widths, body, take * lineHeight + 2 * CellPadding, fill: false);
                done += take;
            }
        }
        if (first)
        {
            KeepTogether(headerHeight);
            DrawRow(headerCells, widths, header, headerHeight, fill: true);
        }
        Space(6);
    }

    /// <summary>Draws the footers and returns the document's bytes. The writer is done after this.</summary>
    public byte[] Save()
    {
        if (_saved)
        {
            throw new InvalidOperationException("The document has already been saved.");
        }
        _saved = true;
        _graphics.Dispose();
        var count = _document.PageCount;
        for (var n = 1; n <= count; n++)
        {
            using var graphics = XGraphics.FromPdfPage(_document.Pages[n - 1], XGraphicsPdfPageOptions.Append);
            _graphics = graphics;
            var top = PageHeight - Margin - FooterHeight + 14;
            graphics.DrawLine(_rule, Margin, top - 4, PageWidth - Margin, top - 4);
            var number = string.Create(CultureInfo.InvariantCulture, $"Page {n} / {count}");
            var numberWidth = Measure(number, PdfFont.Footer);
            Draw(number, PdfFont.Footer, _muted, PageWidth - Margin - numberWidth, top);
            if (Footer?.Invoke(n) is { Length: > 0 } text)
            {
                var y = top;
                foreach (var line in Wrap(text, PdfFont.Footer, TextWidth - numberWidth - 12).Take(2))
                {
                    Draw(line, PdfFont.Footer, _muted, Margin, y);
                    y += LineHeight(PdfFont.Footer);
                }
            }
        }
        using var stream = new MemoryStream();
        _document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        if (!_saved)
        {
            _graphics.Dispose();
        }
        _document.Dispose();
    }

    /// <summary>The width of <paramref name="text"/> on one line.</summary>
    public double Measure(string text, PdfFont font)
    {
        if (text.Length == 0)
        {
            return 0;
        }
        if (!_widths.TryGetValue((font, text), out var width))
        {
            width = _graphics.MeasureString(text, Font(font)).Width;
            // Words repeat through a document; whole lines seldom do.
            if (text.Length <= 40)
            {
                _widths[(font, text)] = width;
            }
        }
        return width;
    }

    public double LineHeight(PdfFont font) => Font(font).GetHeight() * 1.05;

    /// <summary>
    /// The lines <paramref name="text"/> takes in <paramref name="width"/>: broken at spaces, each line break kept, and
    /// a word wider than the line cut where the line is full.
    /// </summary>
    public IReadOnlyList<string> Wrap(string text, PdfFont font, double width)
    {
        var lines = new List<string>();
        var space = Measure(" ", font);
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n'))
        {
            var line = new System.Text.StringBuilder();
            var lineWidth = 0.0;
            foreach (var word in paragraph.Replace('\t', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var wordWidth = Measure(word, font);
                if (line.Length > 0 && lineWidth + space + wordWidth <= width)
                {
                    line.Append(' ').Append(word);
                    lineWidth += space + wordWidth;
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }
                var rest = word;
                while (Measure(rest, font) > width && rest.Length > 1)
                {
                    var fits = LongestFittingPrefix(rest, font, width);
                    lines.Add(rest[..fits]);
                    rest = rest[fits..];
                }
                line.Append(rest);
                lineWidth = Measure(rest, font);
            }
            lines.Add(line.ToString());
        }
        return lines;
    }

    private int LongestFittingPrefix(string word, PdfFont font, double width)
    {
        int low = 1, high = word.Length - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (_graphics.MeasureString(word[..middle], Font(font)).Width <= width)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }
        // Never split a surrogate pair.
        return char.IsHighSurrogate(word[low - 1]) && low > 1 ? low - 1 : low;
    }

    private void DrawLines(IReadOnlyList<string> lines, PdfFont font, XBrush brush, double x)
    {
        var height = LineHeight(font);
        foreach (var line in lines)
        {
            if (_y + height > Bottom)
            {
                NewPage();
            }
            Draw(line, font, brush, x, _y);
            _y += height;
        }
    }

    private void DrawRow(IReadOnlyList<string>[] cells, double[] widths, PdfFont font, double height, bool fill)
    {
        var x = Margin;
        var lineHeight = LineHeight(font);
        for (var i = 0; i < widths.Length; i++)
        {
            if (fill)
            {
                _graphics.DrawRectangle(_headerFill, x, _y, widths[i], height);
            }
            _graphics.DrawRectangle(_rule, x, _y, widths[i], height);
            var y = _y + CellPadding;
            foreach (var line in i < cells.Length ? cells[i] : [])
            {
                Draw(line, font, _ink, x + CellPadding, y);
                y += lineHeight;
            }
            x += widths[i];
        }
        _y += height;
    }

    private void Draw(string text, PdfFont font, XBrush brush, double x, double y)
    {
        if (text.Length > 0)
        {
            _graphics.DrawString(text, Font(font), brush, x, y, XStringFormats.TopLeft);
        }
    }

    private XFont Font(PdfFont font)
    {
        if (!_fonts.TryGetValue(font, out var xfont))
        {
            xfont = new XFont(PdfSetup.FontFamily, font.Size, font.Bold ? XFontStyleEx.Bold : XFontStyleEx.Regular,
                new XPdfFontOptions(PdfSharp.Pdf.PdfFontEncoding.Unicode));
            _fonts[font] = xfont;
        }
        return xfont;
    }
}
