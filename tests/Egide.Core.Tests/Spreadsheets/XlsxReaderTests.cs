using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;
using Egide.Core.Spreadsheets;
using Xunit;

namespace Egide.Core.Tests.Spreadsheets;

public sealed class XlsxReaderTests
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private static readonly string CnilFolder = Path.Combine(AppContext.BaseDirectory, "fixtures", "cnil");

    private static IReadOnlyList<Sheet> ReadCnilModel(string extension, Func<Stream, IReadOnlyList<Sheet>> read)
    {
        using var file = File.OpenRead(Path.Combine(CnilFolder, $"registre-traitement-simplifie.{extension}"));
        return read(file);
    }

    [Fact]
    public void Read_CnilModelSavedAsXlsx_SameSheetsAndCellsAsTheOds()
    {
        var xlsx = ReadCnilModel("xlsx", s => XlsxReader.Read(s));
        var ods = ReadCnilModel("ods", s => OdsReader.Read(s));

        // « 5_-_Listes » is hidden in the workbook: still listed.
        Assert.Equal(["Tutoriel", "2_-_Liste_des_traitements", "3_-_Modèle_de_fiche_de_registre", "4_-_Exemple_de_fiche", "5_-_Listes"], xlsx.Select(s => s.Name));
        var example = xlsx.Single(s => s.Name == "4_-_Exemple_de_fiche");
        Assert.Equal("Gestion de la paie", example.Cells.Single(c => c.Text == "Nom du traitement") is var name ? example[name.Row, name.Column + 1]!.Text : null);
        var created = example[6, 2]!;
        Assert.Equal((CellType.Date, new DateTime(2018, 5, 26), "26/05/2018", 7), (created.Type, created.Date, created.Text, created.ColumnsSpanned));
        Assert.Equal((CellType.Number, 75001d, "75001"), (example[10, 4]!.Type, example[10, 4]!.Number, example[10, 4]!.Text));
        Assert.Null(example[6, 3]); // covered by B6:H6

        // Cell by cell, every field: address, type, text, value, span, formula mark.
        foreach (var (fromOds, fromXlsx) in ods.Zip(xlsx))
        {
            Assert.Equal(fromOds.Cells, fromXlsx.Cells);
        }
    }

    [Fact]
    public void Read_WorkbookWrittenByClosedXml_ValuesTypesFormulasMergesAndHiddenSheet()
    {
        var file = Generated(workbook =>
        {
            var sheet = workbook.Worksheets.Add("Essai");
            sheet.Cell("A1").Value = "Titre fusionné";
            sheet.Range("A1:C2").Merge();
            sheet.Cell("D1").Value = 1234.5;
            sheet.Cell("E1").Value = new DateTime(2024, 2, 29);
            sheet.Cell("F1").Value = new DateTime(2024, 2, 29, 14, 5, 0);
            sheet.Cell("G1").Value = true;
            sheet.Cell("H1").FormulaA1 = "D1*2";
            sheet.Cell("A3").RichText.AddText("Gras").SetBold().AddText(" et normal");
            sheet.Cell("B3").Value = "  espaces gardés  ";
            sheet.Cell("C3").Value = "Ligne 1\nLigne 2";
            sheet.Cell("D3").Value = "En ligne";
            sheet.Cell("D3").ShareString = false;
            sheet.Cell("E3").Value = -12.25;
            sheet.Cell("F3").Value = 45000;
            sheet.Cell("F3").Style.NumberFormat.Format = "dd/mm/yyyy";
            sheet.Cell("G3").Value = 3;
            sheet.Cell("G3").Style.NumberFormat.Format = "0\" jours\"";
            sheet.Cell("H3").Value = false;
            var hidden = workbook.Worksheets.Add("Cachée");
            hidden.Cell("B2").Value = "secret";
            hidden.Hide();
        });

        var sheets = XlsxReader.Read(file);

        Assert.Equal(["Essai", "Cachée"], sheets.Select(s => s.Name));
        var sheet = sheets[0];
        Assert.Equal(["A1", "D1", "E1", "F1", "G1", "H1", "A3", "B3", "C3", "D3", "E3", "F3", "G3", "H3"], sheet.Cells.Select(c => c.Address));
        Assert.Equal(("Titre fusionné", 3, 2), (sheet[1, 1]!.Text, sheet[1, 1]!.ColumnsSpanned, sheet[1, 1]!.RowsSpanned));
        Assert.Equal(new SheetCell(1, 4, CellType.Number, "1234.5", Number: 1234.5), sheet[1, 4]);
        Assert.Equal(new SheetCell(1, 5, CellType.Date, "29/02/2024", Date: new DateTime(2024, 2, 29)), sheet[1, 5]);
        Assert.Equal(new SheetCell(1, 6, CellType.Date, "29/02/2024 14:05", Date: new DateTime(2024, 2, 29, 14, 5, 0)), sheet[1, 6]);
        Assert.Equal(new SheetCell(1, 7, CellType.Boolean, "VRAI", Boolean: true), sheet[1, 7]);
        Assert.Equal(new SheetCell(1, 8, CellType.Number, "2469", Number: 2469, IsFormula: true), sheet[1, 8]);
        Assert.Equal("Gras et normal", sheet[3, 1]!.Text);
        Assert.Equal("  espaces gardés  ", sheet[3, 2]!.Text);
        Assert.Equal("Ligne 1\nLigne 2", sheet[3, 3]!.Text);
        Assert.Equal(new SheetCell(3, 4, CellType.String, "En ligne"), sheet[3, 4]);
        Assert.Equal(new SheetCell(3, 5, CellType.Number, "-12.25", Number: -12.25), sheet[3, 5]);
        Assert.Equal(new SheetCell(3, 6, CellType.Date, "15/03/2023", Date: new DateTime(2023, 3, 15)), sheet[3, 6]);
        Assert.Equal(new SheetCell(3, 7, CellType.Number, "3", Number: 3), sheet[3, 7]); // « jours » is quoted text, not a date
        Assert.Equal((CellType.Boolean, false, "FAUX"), (sheet[3, 8]!.Type, sheet[3, 8]!.Boolean, sheet[3, 8]!.Text));
        Assert.Equal(new SheetCell(2, 2, CellType.String, "secret"), Assert.Single(sheets[1].Cells));
    }

    [Fact]
    public void Read_Date1904System_DatesShiftedByItsEpoch()
    {
        var file = Generated(workbook =>
        {
            workbook.Use1904DateSystem = true;
            workbook.Worksheets.Add("Dates").Cell("A1").Value = new DateTime(2024, 2, 29);
        });
        Assert.Equal(new DateTime(2024, 2, 29), Assert.Single(Assert.Single(XlsxReader.Read(file)).Cells).Date);

        // The same serial number in each system: 0 is 01/01/1904 in one, 30/12/1899 in the other.
        var sheet = """<sheetData><row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>1462</v></c></row></sheetData>""";
        var in1904 = Assert.Single(XlsxReader.Read(Workbook(sheet, styles: Styles, date1904: true)));
        Assert.Equal([new DateTime(1904, 1, 1), new DateTime(1908, 1, 2)], in1904.Cells.Select(c => c.Date));
        var in1900 = Assert.Single(XlsxReader.Read(Workbook(sheet, styles: Styles)));
        Assert.Equal([new DateTime(1899, 12, 30), new DateTime(1904, 1, 1)], in1900.Cells.Select(c => c.Date));
    }

    private const string Styles = $"""
        <styleSheet xmlns="{Main}">
          <numFmts count="3">
            <numFmt numFmtId="164" formatCode="dd/mm/yyyy\ hh:mm"/>
            <numFmt numFmtId="165" formatCode="0&quot; jours&quot;"/>
            <numFmt numFmtId="166" formatCode="[Red]0;[Blue]\-0"/>
          </numFmts>
          <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
          <cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs>
        </styleSheet>
        """;

    [Fact]
    public void Read_HandWrittenParts_EveryCellTypeImplicitPositionsAndCoveredCells()
    {
        var strings = $"""
            <sst xmlns="{Main}">
              <si><r><rPr><b/></rPr><t>Gras</t></r><r><t xml:space="preserve"> et normal</t></r><rPh sb="0" eb="1"><t>ガ</t></rPh></si>
              <si><t>Premier</t></si>
              <si><t>Fusion</t></si>
              <si><t>Couverte</t></si>
              <si><t>Ligne 1_x000D_
            Ligne 2_x005F_x0041_</t></si>
              <si><t> </t></si>
              <si><t xml:space="preserve"> </t></si>
            </sst>
            """;
        var sheet = """
            <sheetData>
              <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>
              <row>
                <c t="inlineStr"><is><t xml:space="preserve">  deux  </t></is></c>
                <c><v>42</v></c>
                <c r="E2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>
                <c t="e"><f>1/0</f><v>#DIV/0!</v></c>
              </row>
              <row r="3">
                <c r="B3" t="s"><v>2</v></c><c r="C3" t="s"><v>3</v></c>
                <c r="D3" s="2"><v>45351.586805555555</v></c><c r="E3" s="3"><v>3</v></c><c r="F3" s="1"><v>45351</v></c>
                <c r="G3" t="d"><v>2024-02-29T14:05:00</v></c><c r="H3" t="b"><v>0</v></c><c r="I3" s="4"><v>-5</v></c><c r="J3"><v>0.30000000000000004</v></c>
              </row>
              <row r="4"><c r="B4" s="1"/><c r="C4" t="s"><v>3</v></c></row>
              <row r="5"><c r="A5" t="s"><v>4</v></c></row>
              <row r="6"><c r="A6" s="1"/><c r="B6"><f>SUM(A1:A2)</f></c><c r="C6" t="s"><v>5</v></c><c r="D6" t="s"><v>6</v></c></row>
            </sheetData>
            <mergeCells count="1"><mergeCell ref="B3:C4"/></mergeCells>
            """;

        var read = Assert.Single(XlsxReader.Read(Workbook(sheet, strings, Styles)));

        Assert.Equal(["A1", "B1", "A2", "B2", "E2", "F2", "B3", "D3", "E3", "F3", "G3", "H3", "I3", "J3", "A5", "D6"], read.Cells.Select(c => c.Address));
        Assert.Equal(["Gras et normal", "Premier", "  deux  "], read.Cells.Take(3).Select(c => c.Text));
        Assert.Equal(new SheetCell(2, 2, CellType.Number, "42", Number: 42), read[2, 2]); // style 0, not cellStyleXfs' date
        Assert.Equal(new SheetCell(2, 5, CellType.String, "ab", IsFormula: true), read[2, 5]);
        Assert.Equal(new SheetCell(2, 6, CellType.String, "#DIV/0!", IsFormula: true), read[2, 6]);
        Assert.Equal(new SheetCell(3, 2, CellType.String, "Fusion", ColumnsSpanned: 2, RowsSpanned: 2), read[3, 2]);
        Assert.Equal(new SheetCell(3, 4, CellType.Date, "29/02/2024 14:05", Date: new DateTime(2024, 2, 29, 14, 5, 0)), read[3, 4]);
        Assert.Equal(new SheetCell(3, 5, CellType.Number, "3", Number: 3), read[3, 5]);
        Assert.Equal(new SheetCell(3, 6, CellType.Date, "29/02/2024", Date: new DateTime(2024, 2, 29)), read[3, 6]);
        Assert.Equal(new SheetCell(3, 7, CellType.Date, "29/02/2024 14:05", Date: new DateTime(2024, 2, 29, 14, 5, 0)), read[3, 7]);
        Assert.Equal(new SheetCell(3, 8, CellType.Boolean, "FAUX", Boolean: false), read[3, 8]);
        Assert.Equal(new SheetCell(3, 9, CellType.Number, "-5", Number: -5), read[3, 9]); // [Red] is a colour, not a date
        Assert.Equal("0.30000000000000004", read[3, 10]!.Text); // the shortest text that reads back as the same number
        Assert.Equal("Ligne 1\nLigne 2_x0041_", read[5, 1]!.Text);
        Assert.Equal(" ", read[6, 4]!.Text); // kept under xml:space="preserve", dropped (C6) without
    }

    [Theory]
    [InlineData("dd/mm/yyyy", true)]
    [InlineData("[$-40C]d mmmm yyyy;@", true)]
    [InlineData("[h]:mm:ss", true)]
    [InlineData("General", false)]
    [InlineData("#,##0.00\\ [$€-40C]", false)]
    [InlineData("0\" heures\"", false)]
    [InlineData("[Red]0.00", false)]
    [InlineData("0.00E+00", false)]
    [InlineData("\\d0", false)]
    [InlineData("@", false)]
    public void IsDateFormat_LettersOutsideQuotesBracketsAndEscapes(string format, bool isDate) =>
        Assert.Equal(isDate, XlsxReader.IsDateFormat(format));

    [Fact]
    public void Read_RelativeAndAbsoluteTargets_SheetsInWorkbookOrder()
    {
        var parts = MinimalParts("""<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>un</t></is></c></row></sheetData>""");
        parts["xl/workbook.xml"] = $"""
            <workbook xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
              <sheets><sheet name="Deux" sheetId="2" r:id="rId9"/><sheet name="Un" sheetId="1" r:id="rId1"/></sheets>
            </workbook>
            """;
        parts["xl/_rels/workbook.xml.rels"] = """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
              <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>
              <Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="../xl/./worksheets/Feuille%202.xml"/>
            </Relationships>
            """;
        parts["xl/worksheets/Feuille 2.xml"] = $"""<worksheet xmlns="{Main}"><sheetData><row r="2"><c r="B2" t="inlineStr"><is><t>deux</t></is></c></row></sheetData></worksheet>""";

        var sheets = XlsxReader.Read(Zip(parts));

        Assert.Equal([("Deux", "B2", "deux"), ("Un", "A1", "un")], sheets.Select(s => (s.Name, Assert.Single(s.Cells).Address, s.Cells[0].Text)));
    }

    [Fact]
    public void Read_PartNamedInAnotherCase_Found()
    {
        var parts = MinimalParts("""<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>trouvée</t></is></c></row></sheetData>""");
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].Replace("worksheets/sheet1.xml", "Worksheets/Sheet1.XML", StringComparison.Ordinal);
        Assert.Equal("trouvée", Assert.Single(Assert.Single(XlsxReader.Read(Zip(parts))).Cells).Text);
    }

    [Fact]
    public void Read_ThousandsOfSheetsOnOnePart_Refused()
    {
        var parts = MinimalParts("");
        var sheets = string.Concat(Enumerable.Range(1, 1_001).Select(i => $"<sheet name=\"F{i}\" sheetId=\"{i}\" r:id=\"rId1\"/>"));
        parts["xl/workbook.xml"] = $"""<workbook xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets></workbook>""";
        Assert.Equal("Ce classeur a plus de 1\u202F000 feuilles : découpez-le.", Assert.Throws<SpreadsheetException>(() => XlsxReader.Read(Zip(parts))).Message);
    }

    [Fact]
    public void Read_ZipBomb_RefusedWithMemoryBounded()
    {
        // 200 MB of spaces in a sheet compress to a few hundred kilobytes.
        using var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in MinimalParts(""))
            {
                if (name != "xl/worksheets/sheet1.xml")
                {
                    Write(zip, name, text);
                }
            }
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            sheet.Write(Encoding.UTF8.GetBytes($"""<worksheet xmlns="{Main}"><sheetData>"""));
            var block = Encoding.ASCII.GetBytes(new string(' ', 1024 * 1024));
            for (var i = 0; i < 200; i++)
            {
                sheet.Write(block);
            }
        }
        Assert.True(bomb.Length < 2 * 1024 * 1024, $"{bomb.Length} bytes");

        bomb.Position = 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<SpreadsheetException>(() => XlsxReader.Read(bomb, new SpreadsheetLimits(MaxUncompressedBytes: 16 * 1024 * 1024)));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal("Ce fichier se décompresse en plus de 16 Mo : il est refusé (fichier trop gros ou piégé).", error.Message);
        Assert.True(allocated < 8 * 1024 * 1024, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public void Read_PartsEachUnderTheLimit_TheirTotalCounted()
    {
        var filler = new string('x', 6 * 1024 * 1024);
        var file = Workbook(
            """<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>""",
            sharedStrings: $"""<sst xmlns="{Main}"><si><t>{filler}</t></si></sst>""",
            styles: $"""<styleSheet xmlns="{Main}"><!--{filler}--></styleSheet>""");

        Assert.Equal(filler, Assert.Single(Assert.Single(XlsxReader.Read(file, new SpreadsheetLimits(MaxUncompressedBytes: 16 * 1024 * 1024))).Cells).Text);
        file.Position = 0;
        var error = Assert.Throws<SpreadsheetException>(() => XlsxReader.Read(file, new SpreadsheetLimits(MaxUncompressedBytes: 10 * 1024 * 1024)));
        Assert.Contains("plus de 10 Mo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PasswordProtectedOrOldXls_AskedToSaveAsXlsxWithoutPassword()
    {
        var ole = new byte[4096];
        new Random(5).NextBytes(ole);
        byte[] signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        signature.CopyTo(ole, 0);

        var error = Assert.Throws<SpreadsheetException>(() => XlsxReader.Read(new MemoryStream(ole)));

        Assert.Equal(
            "Ce fichier est protégé par un mot de passe ou est un ancien classeur Excel (.xls) : enregistrez-le au format .xlsx, sans mot de passe, puis envoyez-le à nouveau.",
            error.Message);
    }

    [Fact]
    public void Read_RandomBytesOrAZipThatIsNoWorkbook_NotAWorkbook()
    {
        const string notAWorkbook = "Ce fichier n'est pas un classeur Excel (.xlsx) : enregistrez-le au format .xlsx, puis envoyez-le à nouveau.";
        var random = new byte[4096];
        new Random(7).NextBytes(random);
        Assert.Equal(notAWorkbook, Assert.Throws<SpreadsheetException>(() => XlsxReader.Read(new MemoryStream(random))).Message);

        Assert.Equal(notAWorkbook, Assert.Throws<SpreadsheetException>(() => XlsxReader.Read(Zip(new() { ["lisez-moi.txt"] = "Bonjour" }))).Message);

        // A Word document: a package, but no workbook in it.
        var document = Zip(new()
        {
            ["[Content_Types].xml"] = """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>""",
            ["_rels/.rels"] = """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
                </Relationships>
                """,
            ["word/document.xml"] = """<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>""",
        });
        Assert.Equal(notAWorkbook, Assert.Throws<SpreadsheetException>(() => XlsxReader.Read(document)).Message);
    }

    [Theory]
    [InlineData("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>coupé")]
    [InlineData("<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>3</v></c></row></sheetData>")] // no shared string 3
    [InlineData("<sheetData><row r=\"1\"><c r=\"1A\"><v>1</v></c></row></sheetData>")]
    [InlineData("<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row></sheetData>")]
    public void Read_DamagedSheet_Refused(string sheetData)
    {
        var parts = MinimalParts("");
        parts["xl/worksheets/sheet1.xml"] = $"""<worksheet xmlns="{Main}">{sheetData}""" + (sheetData.EndsWith("</sheetData>", StringComparison.Ordinal) ? "</worksheet>" : "");

        var error = Assert.Throws<SpreadsheetException>(() => XlsxReader.Read(Zip(parts)));

        Assert.Equal("Ce classeur est endommagé : son contenu n'est pas lisible ; ouvrez-le dans votre tableur et enregistrez-le à nouveau.", error.Message);
    }

    [Fact]
    public void Read_EntityExpansion_RefusedAsDamaged()
    {
        var parts = MinimalParts("");
        parts["xl/worksheets/sheet1.xml"] = $"""
            <?xml version="1.0"?>
            <!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
            <worksheet xmlns="{Main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&c;</t></is></c></row></sheetData></worksheet>
            """;
        Assert.Contains("endommagé", Assert.Throws<SpreadsheetException>(() => XlsxReader.Read(Zip(parts))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SheetPartMissing_NamesTheSheet()
    {
        var parts = MinimalParts("");
        parts.Remove("xl/worksheets/sheet1.xml");
        var error = Assert.Throws<SpreadsheetException>(() => XlsxReader.Read(Zip(parts)));
        Assert.StartsWith("Ce classeur est endommagé : la feuille « Feuille1 » est introuvable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PastTheLimits_CellsRowsColumnsRefused()
    {
        var limits = new SpreadsheetLimits(MaxCells: 100, MaxRows: 50, MaxColumns: 20);
        var hundred = string.Concat(Enumerable.Range(1, 10).Select(r =>
            $"<row r=\"{r}\">" + string.Concat(Enumerable.Range(1, 10).Select(c => $"<c r=\"{SheetCell.ColumnName(c)}{r}\"><v>{c}</v></c>")) + "</row>"));
        Assert.Equal(100, Assert.Single(XlsxReader.Read(Workbook($"<sheetData>{hundred}</sheetData>"), limits)).Cells.Count);

        var cells = Assert.Throws<SpreadsheetException>(() => XlsxReader.Read(Workbook($"<sheetData>{hundred}<row r=\"11\"><c r=\"A11\"><v>1</v></c></row></sheetData>"), limits));
        Assert.Equal("Ce classeur dépasse 100 cellules remplies : découpez-le.", cells.Message);

        var rows = Assert.Throws<SpreadsheetException>(() => XlsxReader.Read(Workbook("<sheetData><row r=\"51\"><c r=\"A51\"><v>1</v></c></row></sheetData>"), limits));
        Assert.Equal("Ce classeur dépasse 50 lignes remplies par feuille : découpez-le.", rows.Message);

        var columns = Assert.Throws<SpreadsheetException>(() => XlsxReader.Read(Workbook("<sheetData><row r=\"1\"><c r=\"U1\"><v>1</v></c></row></sheetData>"), limits));
        Assert.Equal("Ce classeur dépasse 20 colonnes remplies : il ne peut pas être lu.", columns.Message);

        // Empty, styled cells far away cost nothing (Excel writes them for formatted blank areas).
        var sheet = Assert.Single(XlsxReader.Read(Workbook("<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"90000\"><c r=\"ZZ90000\" s=\"0\"/></row></sheetData>"), limits));
        Assert.Equal(["A1"], sheet.Cells.Select(c => c.Address));
    }

    [Fact]
    public void Read_ManyMergedRangesOverTheWholeSheet_ReadQuickly()
    {
        var merges = string.Concat(Enumerable.Repeat("<mergeCell ref=\"A1:XFD1048576\"/>", 100_000));
        var rows = string.Concat(Enumerable.Range(1, 1_000).Select(r =>
            $"<row r=\"{r}\">" + (r == 1 ? "<c r=\"A1\"><v>0</v></c>" : "") + $"<c r=\"B{r}\"><v>{r}</v></c></row>"));
        var file = Workbook($"<sheetData>{rows}</sheetData><mergeCells>{merges}</mergeCells>");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sheet = Assert.Single(XlsxReader.Read(file));

        Assert.Equal(new SheetCell(1, 1, CellType.Number, "0", Number: 0, ColumnsSpanned: 16_384, RowsSpanned: 1_048_576), Assert.Single(sheet.Cells));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{clock.Elapsed}");
    }

    private static MemoryStream Generated(Action<XLWorkbook> fill)
    {
        using var workbook = new XLWorkbook();
        fill(workbook);
        var stream = new MemoryStream();
        workbook.SaveAs(stream, new SaveOptions { EvaluateFormulasBeforeSaving = true });
        stream.Position = 0;
        return stream;
    }

    /// <summary>The parts of a one-sheet workbook (« Feuille1 »): the sheet is given as what goes in &lt;worksheet&gt;.</summary>
    internal static Dictionary<string, string> MinimalParts(string sheetContent, string? sharedStrings = null, string? styles = null, bool date1904 = false)
    {
        var parts = new Dictionary<string, string>
        {
            ["[Content_Types].xml"] = """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>""",
            ["_rels/.rels"] = """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
                </Relationships>
                """,
            ["xl/workbook.xml"] = $"""
                <workbook xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                  <workbookPr date1904="{(date1904 ? "1" : "0")}"/>
                  <sheets><sheet name="Feuille1" sheetId="1" r:id="rId1"/></sheets>
                </workbook>
                """,
            ["xl/_rels/workbook.xml.rels"] = """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
                  <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
                  <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
                </Relationships>
                """,
            ["xl/worksheets/sheet1.xml"] = $"""<worksheet xmlns="{Main}">{sheetContent}</worksheet>""",
        };
        if (sharedStrings is not null)
        {
            parts["xl/sharedStrings.xml"] = sharedStrings;
        }
        if (styles is not null)
        {
            parts["xl/styles.xml"] = styles;
        }
        return parts;
    }

    internal static MemoryStream Workbook(string sheetContent, string? sharedStrings = null, string? styles = null, bool date1904 = false) =>
        Zip(MinimalParts(sheetContent, sharedStrings, styles, date1904));

    internal static MemoryStream Zip(Dictionary<string, string> parts)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in parts)
            {
                Write(zip, name, text);
            }
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
