using System.IO.Compression;
using System.Text;
using Egide.Core.Spreadsheets;
using Xunit;

namespace Egide.Core.Tests.Spreadsheets;

public sealed class OdsReaderTests
{
    private static readonly string CnilModel = Path.Combine(AppContext.BaseDirectory, "fixtures", "cnil", "registre-traitement-simplifie.ods");

    private static IReadOnlyList<Sheet> ReadCnilModel()
    {
        using var file = File.OpenRead(CnilModel);
        return OdsReader.Read(file);
    }

    [Fact]
    public void Read_CnilModel_EverySheetInOrder()
    {
        var sheets = ReadCnilModel();
        Assert.Equal(["Tutoriel", "2_-_Liste_des_traitements", "3_-_Modèle_de_fiche_de_registre", "4_-_Exemple_de_fiche", "5_-_Listes"], sheets.Select(s => s.Name));
    }

    [Fact]
    public void Read_CnilExample_LabelsAndValuesWhereTheModelPutsThem()
    {
        var example = ReadCnilModel().Single(s => s.Name == "4_-_Exemple_de_fiche");
        var name = Assert.Single(example.Cells, c => c.Text == "Nom du traitement");
        Assert.Equal("Gestion de la paie", example[name.Row, name.Column + 1]!.Text);
        var reference = Assert.Single(example.Cells, c => c.Text == "N° / RÉF");
        Assert.Equal("1 - Exemple", example[reference.Row, reference.Column + 1]!.Text);

        // A typed date: the value, not its display.
        var created = Assert.Single(example.Cells, c => c.Text == "Date de création du traitement");
        var date = example[created.Row, created.Column + 1]!;
        Assert.Equal(CellType.Date, date.Type);
        Assert.Equal(new DateTime(2018, 5, 26), date.Date);
        Assert.Equal("26/05/2018", date.Text);

        var transfer = Assert.Single(example.Cells, c => c.Text == "Banque d'Andorre" && example[c.Row, c.Column + 1]?.Text == "Andorre");
        Assert.Equal("Clauses contractuelles types (CCT)", example[transfer.Row, transfer.Column + 2]!.Text);
    }

    [Fact]
    public void Read_CnilLists_LongColumnsReadToTheEnd()
    {
        var lists = ReadCnilModel().Single(s => s.Name == "5_-_Listes");
        var header = Assert.Single(lists.Cells, c => c.Text == "Pays");
        var countries = lists.Cells.Where(c => c.Column == header.Column && c.Row > header.Row + 1).Select(c => c.Text).ToList();
        Assert.Contains("Andorre", countries);
        Assert.Equal("Zimbabwe", countries[^1]);
        Assert.True(countries.Count > 170, $"{countries.Count} countries");
    }

    [Fact]
    public void Read_RepeatedMergedTypedAndFormulaCells_AsASpreadsheetShowsThem()
    {
        var content = """
            <table:table table:name="Essai">
              <table:table-column table:number-columns-repeated="16384"/>
              <table:table-row>
                <table:table-cell office:value-type="string" table:number-columns-spanned="2" table:number-rows-spanned="1"><text:p>Titre fusionné</text:p></table:table-cell>
                <table:covered-table-cell/>
                <table:table-cell table:number-columns-repeated="3"/>
                <table:table-cell office:value-type="float" office:value="1234.5"><text:p>1 234,50</text:p></table:table-cell>
              </table:table-row>
              <table:table-row table:number-rows-repeated="2">
                <table:table-cell office:value-type="string" table:number-columns-repeated="2"><text:p>Même</text:p></table:table-cell>
              </table:table-row>
              <table:table-row>
                <table:table-cell office:value-type="string"><text:p>Deux<text:s text:c="3"/>espaces</text:p><text:p>et<text:tab/>une<text:line-break/>suite</text:p></table:table-cell>
                <table:table-cell table:formula="of:=SUM([.F1])" office:value-type="float" office:value="1234.5"><text:p>1 234,50</text:p></table:table-cell>
                <table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>VRAI</text:p></table:table-cell>
                <table:table-cell office:value-type="date" office:date-value="2024-02-29T14:05:00"><text:p>29/02/2024 14:05</text:p></table:table-cell>
              </table:table-row>
              <table:table-row table:number-rows-repeated="1048571"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
            </table:table>
            """;
        var sheet = Assert.Single(OdsReader.Read(Ods(content)));

        Assert.Equal(["A1", "F1", "A2", "B2", "A3", "B3", "A4", "B4", "C4", "D4"], sheet.Cells.Select(c => c.Address));
        Assert.Equal((2, 1), (sheet[1, 1]!.ColumnsSpanned, sheet[1, 1]!.RowsSpanned));
        Assert.Equal((CellType.Number, 1234.5), (sheet[1, 6]!.Type, sheet[1, 6]!.Number!.Value));
        Assert.Equal("Même", sheet[3, 2]!.Text);
        Assert.Equal("Deux   espaces\net\tune\nsuite", sheet[4, 1]!.Text);
        Assert.True(sheet[4, 2]!.IsFormula);
        Assert.False(sheet[1, 6]!.IsFormula);
        Assert.True(sheet[4, 3]!.Boolean);
        Assert.Equal(new DateTime(2024, 2, 29, 14, 5, 0), sheet[4, 4]!.Date);
    }

    [Fact]
    public void Read_NotASpreadsheet_ClearFrenchRefusal()
    {
        var error = Assert.Throws<SpreadsheetException>(() => OdsReader.Read(new MemoryStream(Encoding.UTF8.GetBytes("Nom;Finalité\nPaie;Payer"))));
        Assert.Contains("n'est pas un classeur", error.Message, StringComparison.Ordinal);

        using var text = new MemoryStream();
        using (var zip = new ZipArchive(text, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "mimetype", "application/vnd.oasis.opendocument.text");
            Write(zip, "content.xml", "<office:document-content/>");
        }
        text.Position = 0;
        Assert.Contains("n'est pas un classeur", Assert.Throws<SpreadsheetException>(() => OdsReader.Read(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PasswordProtected_AskedToSaveWithoutPassword()
    {
        using var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "mimetype", "application/vnd.oasis.opendocument.spreadsheet");
            Write(zip, "META-INF/manifest.xml", """
                <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
                  <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">
                    <manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA"/>
                  </manifest:file-entry>
                </manifest:manifest>
                """);
            Write(zip, "content.xml", "chiffré");
        }
        file.Position = 0;
        Assert.Contains("protégé par un mot de passe", Assert.Throws<SpreadsheetException>(() => OdsReader.Read(file)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ZipBomb_RefusedBeforeItIsInflated()
    {
        // 200 MB of one repeated byte compress to a few hundred kilobytes.
        using var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "mimetype", "application/vnd.oasis.opendocument.spreadsheet");
            using var content = zip.CreateEntry("content.xml", CompressionLevel.SmallestSize).Open();
            var block = Encoding.ASCII.GetBytes(new string(' ', 1024 * 1024));
            for (var i = 0; i < 200; i++)
            {
                content.Write(block);
            }
        }
        Assert.True(bomb.Length < 2 * 1024 * 1024, $"{bomb.Length} bytes");
        bomb.Position = 0;
        var error = Assert.Throws<SpreadsheetException>(() => OdsReader.Read(bomb, new SpreadsheetLimits(MaxUncompressedBytes: 16 * 1024 * 1024)));
        Assert.Contains("plus de 16 Mo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MillionsOfRepeatedFilledRows_RefusedPastTheLimit()
    {
        var content = """
            <table:table table:name="Piège">
              <table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
            </table:table>
            """;
        var error = Assert.Throws<SpreadsheetException>(() => OdsReader.Read(Ods(content), new SpreadsheetLimits(MaxRows: 10_000)));
        Assert.Contains("lignes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CellWithOnlyAComment_NextCellsKeepTheirColumns()
    {
        const string content = """
            <table:table table:name="Commentaires">
              <table:table-row>
                <table:table-cell><office:annotation><text:p>Note de relecture</text:p></office:annotation></table:table-cell>
                <table:table-cell office:value-type="string"><office:annotation><text:p>À revoir</text:p></office:annotation><text:p>B1</text:p></table:table-cell>
                <table:table-cell office:value-type="string"><text:p>C1</text:p><office:annotation><text:p>fin</text:p></office:annotation></table:table-cell>
                <table:table-cell office:value-type="string"><text:p>D1</text:p></table:table-cell>
              </table:table-row>
            </table:table>
            """;

        var sheet = Assert.Single(OdsReader.Read(Ods(content)));

        Assert.Equal([("B1", "B1"), ("C1", "C1"), ("D1", "D1")], sheet.Cells.Select(c => (c.Address, c.Text)));
    }

    private static MemoryStream Ods(string tables)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "mimetype", "application/vnd.oasis.opendocument.spreadsheet");
            Write(zip, "content.xml", $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
                    xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">
                  <office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>
                </office:document-content>
                """);
        }
        stream.Position = 0;
        return stream;
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var entry = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        entry.Write(text);
    }
}
