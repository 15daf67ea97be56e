using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Egide.Core.Privacy.Requests.Letters;

/// <summary>
/// Writes a letter as a plain WordprocessingML document: real paragraphs with named styles (Title, Heading 1,
/// Normal, List Paragraph and the letter's own), Word's numbering for lists, A4 with 2.5 cm margins, French as the
/// document language, no protection, so that the person finishes it in Word or LibreOffice. Text between
/// « [ » and « ] » is a blank to fill: it is highlighted.
/// </summary>
internal sealed class LetterDocument
{
    public const string RecipientStyle = "Destinataire";
    public const string SubjectStyle = "Objet";
    public const string SignatureStyle = "Signature";
    public const string CompactStyle = "Entete";

    private const int BulletList = 1;
    private const int LetteredList = 2;
    private const string Font = "Arial";

    private readonly List<OpenXmlElement> _body = [];
    private int _lists;
    private readonly List<(int Id, int Abstract)> _instances = [];

    public void Title(string text) => Add(StyleIds.Title, text);

    public void Heading(string text) => Add(StyleIds.Heading1, text);

    public void Paragraph(string text) => Add(null, text);

    /// <summary>Several lines, each its own paragraph of the style (an address, the recipient block).</summary>
    public void Lines(string? style, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            Add(style, line);
        }
    }

    public void Styled(string style, string text) => Add(style, text);

    /// <summary>A paragraph aligned right (the place and date).</summary>
    public void Right(string text)
    {
        var paragraph = NewParagraph(null, text);
        paragraph.ParagraphProperties!.Justification = new Justification { Val = JustificationValues.Right };
        _body.Add(paragraph);
    }

    /// <summary>A paragraph that starts with a bold label: « Objet : … ».</summary>
    public void Labelled(string style, string label, string text)
    {
        var paragraph = new Paragraph(new ParagraphProperties { ParagraphStyleId = new ParagraphStyleId { Val = style } });
        paragraph.Append(new Run(new RunProperties { Bold = new Bold() }, Text(label)));
        foreach (var run in Runs(text))
        {
            paragraph.Append(run);
        }
        _body.Add(paragraph);
    }

    public void Bullets(IEnumerable<string> items) => List(BulletList, items);

    /// <summary>a), b), c)…: for a list that follows the points of an article.</summary>
    public void Lettered(IEnumerable<string> items) => List(LetteredList, items);

    private void List(int abstractNum, IEnumerable<string> items)
    {
        // A numbering instance per list, so that each lettered list starts again at a).
        var id = ++_lists;
        _instances.Add((id, abstractNum));
        foreach (var item in items)
        {
            var paragraph = NewParagraph(StyleIds.ListParagraph, item);
            paragraph.ParagraphProperties!.NumberingProperties = new NumberingProperties(
                new NumberingLevelReference { Val = 0 }, new NumberingId { Val = id });
            _body.Add(paragraph);
        }
    }

    private void Add(string? style, string text) => _body.Add(NewParagraph(style, text));

    private static Paragraph NewParagraph(string? style, string text)
    {
        var properties = new ParagraphProperties();
        if (style is not null)
        {
            properties.ParagraphStyleId = new ParagraphStyleId { Val = style };
        }
        var paragraph = new Paragraph(properties);
        foreach (var run in Runs(text))
        {
            paragraph.Append(run);
        }
        return paragraph;
    }

    /// <summary>The text as runs; « [à compléter] » blanks highlighted so that the person sees what is left to write.</summary>
    private static IEnumerable<Run> Runs(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var open = text.IndexOf('[', start);
            var close = open < 0 ? -1 : text.IndexOf(']', open);
            if (open < 0 || close < 0)
            {
                yield return new Run(Text(text[start..]));
                yield break;
            }
            if (open > start)
            {
                yield return new Run(Text(text[start..open]));
            }
            yield return new Run(
                new RunProperties { Highlight = new Highlight { Val = HighlightColorValues.Yellow } },
                Text(text[open..(close + 1)]));
            start = close + 1;
        }
    }

    private static Text Text(string value) => new(value) { Space = SpaceProcessingModeValues.Preserve };

    public byte[] Save(string title, DateTime createdUtc)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = Styles();
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = Numbering();
            main.AddNewPart<DocumentSettingsPart>().Settings = new Settings(
                new DefaultTabStop { Val = 708 },
                new ThemeFontLanguages { Val = "fr-FR" });
            var body = new Body();
            foreach (var element in _body)
            {
                body.Append(element);
            }
            body.Append(new SectionProperties(
                // A4 in twentieths of a point, with 2.5 cm margins all round.
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1418, Right = 1418U, Bottom = 1418, Left = 1418U, Header = 709U, Footer = 709U, Gutter = 0U }));
            main.Document = new Document(body);

            var properties = document.PackageProperties;
            properties.Title = title;
            properties.Creator = "Egide";
            properties.Language = "fr-FR";
            properties.Created = createdUtc;
            properties.Modified = createdUtc;
        }
        return stream.ToArray();
    }

    private Numbering Numbering()
    {
        var numbering = new Numbering(
            AbstractList(BulletList, NumberFormatValues.Bullet, "–"),
            AbstractList(LetteredList, NumberFormatValues.LowerLetter, "%1)"));
        foreach (var (id, abstractNum) in _instances)
        {
            numbering.Append(new NumberingInstance(new AbstractNumId { Val = abstractNum }) { NumberID = id });
        }
        return numbering;
    }

    private static AbstractNum AbstractList(int id, NumberFormatValues format, string text) =>
        new(
            new MultiLevelType { Val = MultiLevelValues.SingleLevel },
            new Level(
                new StartNumberingValue { Val = 1 },
                new NumberingFormat { Val = format },
                new LevelText { Val = text },
                new LevelJustification { Val = LevelJustificationValues.Left },
                new PreviousParagraphProperties(new Indentation { Left = "720", Hanging = "360" }))
            { LevelIndex = 0 })
        { AbstractNumberId = id };

    private static Styles Styles() =>
        new(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle
                {
                    RunFonts = new RunFonts { Ascii = Font, HighAnsi = Font, ComplexScript = Font, EastAsia = Font },
                    FontSize = new FontSize { Val = "22" },
                    FontSizeComplexScript = new FontSizeComplexScript { Val = "22" },
                    Languages = new Languages { Val = "fr-FR", EastAsia = "fr-FR", Bidi = "ar-SA" },
                }),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle
                {
                    SpacingBetweenLines = new SpacingBetweenLines { After = "160", Line = "264", LineRule = LineSpacingRuleValues.Auto },
                })),
            ParagraphStyle(StyleIds.Normal, "Normal", null, isDefault: true),
            ParagraphStyle(StyleIds.Title, "Title", StyleIds.Normal,
                paragraph: new StyleParagraphProperties { SpacingBetweenLines = new SpacingBetweenLines { After = "40" } },
                run: new StyleRunProperties { Bold = new Bold(), FontSize = new FontSize { Val = "28" }, FontSizeComplexScript = new FontSizeComplexScript { Val = "28" } }),
            ParagraphStyle(StyleIds.Heading1, "heading 1", StyleIds.Normal,
                paragraph: new StyleParagraphProperties
                {
                    KeepNext = new KeepNext(),
                    SpacingBetweenLines = new SpacingBetweenLines { Before = "240", After = "120" },
                    OutlineLevel = new OutlineLevel { Val = 0 },
                },
                run: new StyleRunProperties { Bold = new Bold(), FontSize = new FontSize { Val = "24" }, FontSizeComplexScript = new FontSizeComplexScript { Val = "24" } }),
            ParagraphStyle(StyleIds.ListParagraph, "List Paragraph", StyleIds.Normal,
                paragraph: new StyleParagraphProperties
                {
                    SpacingBetweenLines = new SpacingBetweenLines { After = "80" },
                    Indentation = new Indentation { Left = "720" },
                }),
            ParagraphStyle(CompactStyle, "En-tête de l'organisme", StyleIds.Normal,
                paragraph: new StyleParagraphProperties { SpacingBetweenLines = new SpacingBetweenLines { After = "0" } }),
            ParagraphStyle(RecipientStyle, "Destinataire", StyleIds.Normal,
                paragraph: new StyleParagraphProperties
                {
                    SpacingBetweenLines = new SpacingBetweenLines { After = "0" },
                    Indentation = new Indentation { Left = "5103" }, // 9 cm: the window of a DL envelope
                }),
            ParagraphStyle(SubjectStyle, "Objet", StyleIds.Normal,
                paragraph: new StyleParagraphProperties { SpacingBetweenLines = new SpacingBetweenLines { After = "60" } }),
            ParagraphStyle(SignatureStyle, "Signature", StyleIds.Normal,
                paragraph: new StyleParagraphProperties
                {
                    SpacingBetweenLines = new SpacingBetweenLines { After = "0" },
                    Indentation = new Indentation { Left = "5103" },
                }));

    private static Style ParagraphStyle(
        string id, string name, string? basedOn, bool isDefault = false,
        StyleParagraphProperties? paragraph = null, StyleRunProperties? run = null)
    {
        var style = new Style { Type = StyleValues.Paragraph, StyleId = id, StyleName = new StyleName { Val = name } };
        if (isDefault)
        {
            style.Default = true;
        }
        if (basedOn is not null)
        {
            style.BasedOn = new BasedOn { Val = basedOn };
        }
        style.PrimaryStyle = new PrimaryStyle();
        if (paragraph is not null)
        {
            style.StyleParagraphProperties = paragraph;
        }
        if (run is not null)
        {
            style.StyleRunProperties = run;
        }
        return style;
    }

    /// <summary>Word's own ids for its built-in styles, so that Word and LibreOffice map them to theirs.</summary>
    internal static class StyleIds
    {
        public const string Normal = "Normal";
        public const string Title = "Title";
        public const string Heading1 = "Heading1";
        public const string ListParagraph = "ListParagraph";
    }
}
