using Egide.Core.Documents;
using Egide.Core.Tests.Privacy.Register.Exchange;
using Xunit;

namespace Egide.Core.Tests.Documents;

public sealed class PdfDocumentWriterTests
{
    private static readonly DateTime Created = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Wrap_WordWiderThanTheLine_BrokenIntoPiecesThatFit()
    {
        using var pdf = new PdfDocumentWriter("Essai", Created);
        var word = string.Concat(Enumerable.Repeat("anticonstitutionnellement", 6));

        var lines = pdf.Wrap($"Début {word} fin", PdfFont.Body, 120);

        Assert.Equal("Début", lines[0]);
        Assert.Equal(word, string.Concat(lines.Skip(1)).Replace(" fin", "", StringComparison.Ordinal));
        Assert.True(lines.Count >= 6, string.Join(" / ", lines));
        Assert.All(lines, line => Assert.True(pdf.Measure(line, PdfFont.Body) <= 120, $"« {line} » is wider than the line"));
        Assert.EndsWith("fin", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Wrap_LineBreaksAndSpaces_KeptAsLines()
    {
        using var pdf = new PdfDocumentWriter("Essai", Created);

        Assert.Equal(["Une ligne", "", "une autre"], pdf.Wrap("Une  ligne\r\n\nune autre", PdfFont.Body, PdfDocumentWriter.TextWidth));
    }

    [Fact]
    public void Table_RowTallerThanWhatRemains_NextPageWithHeaderRepeated()
    {
        using var pdf = new PdfDocumentWriter("Essai", Created);
        pdf.Paragraph("Premier paragraphe");
        while (pdf.Remaining > 60)
        {
            pdf.Paragraph("Remplissage");
        }
        var tall = string.Join("\n", Enumerable.Range(1, 8).Select(i => $"Ligne {i} de la cellule haute"));

        pdf.Table([new("Colonne Alpha", 1), new("Colonne Bêta", 2)], [["court", "première rangée"], ["Rangée haute", tall]]);
        var read = Pdf.Read(pdf.Save());

        Assert.Equal(2, read.PageCount);
        var first = RegisterPdfTests.Normalise(read.Pages[0]);
        var second = RegisterPdfTests.Normalise(read.Pages[1]);
        Assert.Contains("Colonne Alpha Colonne Bêta", first, StringComparison.Ordinal);
        Assert.DoesNotContain("Rangée haute", first, StringComparison.Ordinal);
        Assert.StartsWith("Colonne Alpha Colonne Bêta", second, StringComparison.Ordinal);
        Assert.Contains("Rangée haute Ligne 1 de la cellule haute", second, StringComparison.Ordinal);
        Assert.Contains("Ligne 8 de la cellule haute", second, StringComparison.Ordinal);
        Assert.Contains("Page 1 / 2", first, StringComparison.Ordinal);
        Assert.Contains("Page 2 / 2", second, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_FirstRowDoesNotFit_HeaderMovesWithIt()
    {
        using var pdf = new PdfDocumentWriter("Essai", Created);
        while (pdf.Remaining > 40)
        {
            pdf.Paragraph("Remplissage");
        }

        pdf.Table([new("Colonne Alpha", 1), new("Colonne Bêta", 2)], [["Rangée", "Une\ncellule\nsur\ncinq\nlignes"]]);
        var read = Pdf.Read(pdf.Save());

        Assert.Equal(2, read.PageCount);
        Assert.DoesNotContain("Colonne Alpha", read.Pages[0], StringComparison.Ordinal);
        Assert.StartsWith("Colonne Alpha Colonne Bêta Rangée Une", RegisterPdfTests.Normalise(read.Pages[1]), StringComparison.Ordinal);
    }

    [Fact]
    public void Table_RowTallerThanAPage_SplitAcrossPagesEachWithTheHeader()
    {
        using var pdf = new PdfDocumentWriter("Essai", Created);
        var huge = string.Join("\n", Enumerable.Range(1, 150).Select(i => $"Ligne {i}"));

        pdf.Table([new("Clé", 1), new("Valeur", 3)], [["Énorme", huge]]);
        var read = Pdf.Read(pdf.Save());

        Assert.True(read.PageCount >= 2);
        Assert.All(read.Pages, page => Assert.StartsWith("Clé Valeur", RegisterPdfTests.Normalise(page), StringComparison.Ordinal));
        var text = RegisterPdfTests.Normalise(read.Text);
        Assert.Contains("Ligne 1 ", text, StringComparison.Ordinal);
        Assert.Contains("Ligne 150", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_Metadata_TitleAuthorAndCreationDate()
    {
        using var pdf = new PdfDocumentWriter("Registre « test » – œuvre", Created);
        pdf.Paragraph("Texte");
        var path = Path.Combine(Path.GetTempPath(), $"egide-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf.Save());
        try
        {
            var info = Pdf.Run("pdfinfo", "-isodates", path);
            Assert.Contains("Title:           Registre « test » – œuvre", info, StringComparison.Ordinal);
            Assert.Contains("Author:          Egide", info, StringComparison.Ordinal);
            Assert.Contains("CreationDate:    2026-11-23T09:00:00", info, StringComparison.Ordinal);
            Assert.Contains("Page size:       595.28 x 841.89 pts (A4)", info, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
