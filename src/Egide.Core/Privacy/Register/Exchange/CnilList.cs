using Egide.Core.Spreadsheets;

namespace Egide.Core.Privacy.Register.Exchange;

/// <summary>What the top of the model's list sheet says: the controller (responsable de l'organisme), the representative and the DPO.</summary>
/// <param name="DpoCompany">« Société (si DPO externe) ».</param>
public sealed record CnilOrganizationBlock(ActorContact? Controller, ActorContact? Representative, ActorContact? Dpo, string? DpoCompany);

/// <summary>One filled cell of the organisation block: its value and where it was found.</summary>
public sealed record CnilBlockValue(string Value, int Row, int Column);

/// <summary>One row of the list of processing activities; the reference ties it to its fiche.</summary>
/// <param name="IsExample">The model's own example row, « (EXEMPLE) Gestion de la paie »: its name is read without the prefix.</param>
public sealed record CnilListRow(int Row, string? Name, string? Reference, string? Purpose, bool? HasSensitiveData, bool IsExample, int NameColumn, int ReferenceColumn);

/// <summary>The list sheet read: the organisation block (with the cell of each value, to name it), the rows, and what was wrong.</summary>
public sealed record CnilListResult(
    string Sheet, CnilOrganizationBlock Block, IReadOnlyDictionary<string, CnilBlockValue> DpoCells,
    IReadOnlyList<CnilListRow> Rows, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Reads the sheet « 2_-_Liste_des_traitements » of the CNIL's simplified model. Rows 1 to 6 hold three blocks
/// (controller, representative, DPO), each opened by « Coordonnées du … » in column A, with labels such as « Nom : »
/// whose value is written either after the colon in the label's own cell or in the next cell: both are read. Below,
/// under the header row « Nom du traitement | N° / RÉF | … », one row per processing activity.
/// </summary>
public static class CnilList
{
    private const string ExamplePrefix = "(exemple)";

    private static readonly string[] Fields = ["nom", "prenom", "societe", "adresse", "code postal", "ville", "telephone", "adresse mel"];

    /// <summary>The list: « Nom du traitement » in column A and « N° / RÉF » beside it, as column headers.</summary>
    public static bool IsListSheet(Sheet sheet) => HeaderRow(sheet) > 0 && !CnilSheet.IsActivitySheet(sheet);

    public static CnilListResult Read(Sheet sheet)
    {
        var problems = new List<ImportProblem>();
        var header = HeaderRow(sheet);
        var starts = sheet.Cells.Where(c => c.Column == 1 && c.Row < header)
            .Select(c => (Cell: c, Kind: Key(c.Text) switch
            {
                var k when k.StartsWith("coordonnees du responsable", StringComparison.Ordinal) => "controller",
                var k when k.StartsWith("coordonnees du representant", StringComparison.Ordinal) => "representative",
                var k when k.StartsWith("coordonnees du delegue", StringComparison.Ordinal) || k.Contains("(dpo)", StringComparison.Ordinal) => "dpo",
                _ => null,
            }))
            .Where(s => s.Kind is not null).OrderBy(s => s.Cell.Row).ToList();

        var blocks = new Dictionary<string, Dictionary<string, CnilBlockValue>>(StringComparer.Ordinal);
        for (var i = 0; i < starts.Count; i++)
        {
            var last = i + 1 < starts.Count ? starts[i + 1].Cell.Row - 1 : header - 1;
            blocks[starts[i].Kind!] = Values(sheet, starts[i].Cell.Row, last);
        }

        ActorContact? Contact(string kind, string what)
        {
            if (!blocks.TryGetValue(kind, out var values) || values.Count == 0)
            {
                return null;
            }
            string? V(string field) => values.TryGetValue(field, out var v) ? v.Value : null;
            var name = string.Join(' ', new[] { V("prenom"), V("nom") }.Where(n => n is not null));
            if (name.Length == 0)
            {
                var first = values.Values.OrderBy(v => v.Row).ThenBy(v => v.Column).First();
                problems.Add(new ImportProblem(sheet.Name, first.Row, first.Column, $"Les coordonnées {what} n'ont pas de nom : elles ne sont pas reprises.", Blocking: false));
                return null;
            }
            return new ActorContact { Name = name, Address = V("adresse"), PostalCode = V("code postal"), City = V("ville"), Phone = V("telephone"), Email = V("adresse mel") };
        }
        var dpoCells = blocks.GetValueOrDefault("dpo") ?? [];
        var company = dpoCells.TryGetValue("societe", out var c) && !IsNone(c.Value) ? c.Value : null;
        var block = new CnilOrganizationBlock(
            Contact("controller", "du responsable de l'organisme"), Contact("representative", "du représentant"), Contact("dpo", "du DPO"), company);
        return new CnilListResult(sheet.Name, block, dpoCells, header > 0 ? Rows(sheet, header) : [], problems);
    }

    /// <summary>« N/A », « néant », « - »: what people write for « not applicable ».</summary>
    public static bool IsNone(string value) => Key(value) is "n/a" or "na" or "neant" or "-" or "sans objet" or "aucun" or "aucune";

    /// <summary>The name without the model's « (EXEMPLE) » prefix.</summary>
    public static string WithoutExamplePrefix(string name) =>
        Key(name).StartsWith(ExamplePrefix, StringComparison.Ordinal) ? name.Trim()[ExamplePrefix.Length..].Trim() : name.Trim();

    private static Dictionary<string, CnilBlockValue> Values(Sheet sheet, int first, int last)
    {
        var values = new Dictionary<string, CnilBlockValue>(StringComparer.Ordinal);
        foreach (var cell in sheet.Cells.Where(c => c.Row >= first && c.Row <= last && c.Column > 1))
        {
            if (Field(cell.Text) is not { } field)
            {
                continue;
            }
            var after = cell.Text[(cell.Text.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            if (after.Length > 0)
            {
                values.TryAdd(field, new CnilBlockValue(after, cell.Row, cell.Column));
            }
            else if (sheet[cell.Row, cell.Column + 1] is { } next && next.Text.Trim() is { Length: > 0 } text && Field(next.Text) is null)
            {
                values.TryAdd(field, new CnilBlockValue(text, next.Row, next.Column));
            }
        }
        return values;
    }

    /// <summary>The field a label such as « Adresse mél : » names, or null when the text is no such label.</summary>
    private static string? Field(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }
        var label = Key(text[..colon]);
        return label.StartsWith("societe", StringComparison.Ordinal) ? "societe" : Fields.FirstOrDefault(f => f == label);
    }

    private static int HeaderRow(Sheet sheet) =>
        sheet.Cells.Where(c => c.Column == 1 && Key(c.Text) == "nom du traitement")
            .Select(c => c.Row).FirstOrDefault(r => sheet[r, 2] is { } b && Key(b.Text) == "n° / ref");

    private static List<CnilListRow> Rows(Sheet sheet, int header)
    {
        int Column(int row, string title, int fallback) =>
            sheet.Cells.FirstOrDefault(c => c.Row == row && Key(c.Text) == title)?.Column ?? fallback;
        var purposeColumn = Column(header - 1, "finalite du traitement", 5);
        var sensitiveColumn = Column(header, "oui/non", Column(header - 1, "donnees sensibles ?", 8));
        string? Text(int row, int column) => sheet[row, column]?.Text.Trim() is { Length: > 0 } text ? text : null;

        var rows = new List<CnilListRow>();
        foreach (var row in sheet.Cells.Where(c => c.Row > header).Select(c => c.Row).Distinct().Order())
        {
            var name = Text(row, 1);
            var reference = Text(row, 2);
            if (name is null && reference is null)
            {
                continue;
            }
            var sensitive = Text(row, sensitiveColumn) is { } answer ? Key(answer) switch { "oui" => true, "non" => false, _ => (bool?)null } : null;
            var isExample = name is not null && Key(name).StartsWith(ExamplePrefix, StringComparison.Ordinal);
            rows.Add(new CnilListRow(row, name is null ? null : WithoutExamplePrefix(name), reference, Text(row, purposeColumn), sensitive, isExample, 1, 2));
        }
        return rows;
    }

    private static string Key(string text) => CnilVocabulary.Key(text);
}
