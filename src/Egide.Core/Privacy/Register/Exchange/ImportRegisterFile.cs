using Egide.Core.Spreadsheets;

namespace Egide.Core.Privacy.Register.Exchange;

public enum ImportSource
{
    /// <summary>The CNIL's simplified model: one sheet per activity.</summary>
    CnilModel,

    /// <summary>One row per activity, through a column mapping.</summary>
    Flat,
}

/// <summary>The preview of a file, and for a flat file, how it was read and which mapping was applied.</summary>
/// <param name="MappingSaved">The mapping is the one the organisation saved for files with these headers.</param>
public sealed record FilePreview(ImportSource Source, ImportPreview Preview, FlatTable? Table, ColumnMapping? Mapping, bool MappingSaved);

/// <summary>
/// The one entry of every import, for the pages and the CLI: tells the CNIL model (a workbook with at least one
/// activity sheet) from a flat register (CSV, or a workbook of rows), and previews it. For a flat file, the mapping
/// given is used; else the one saved for these headers; else the automatic one. Nothing is written.
/// </summary>
public static class ImportRegisterFile
{
    public sealed class Handler(ImportRegister.Handler cnil, ImportFlatRegister.Handler flat)
    {
        public async Task<FilePreview> PreviewAsync(byte[] content, string fileName, ColumnMapping? mapping, CancellationToken ct)
        {
            FlatTable table;
            try
            {
                if (content.Length > SpreadsheetReader.MaxUploadBytes)
                {
                    throw SpreadsheetReader.TooLarge();
                }
                if (FlatTableReader.IsWorkbook(content))
                {
                    IReadOnlyList<Sheet> sheets;
                    using (var stream = new MemoryStream(content, writable: false))
                    {
                        sheets = SpreadsheetReader.Read(stream);
                    }
                    if (sheets.Any(CnilSheet.IsActivitySheet))
                    {
                        return new FilePreview(ImportSource.CnilModel, await cnil.PreviewCnilModelAsync(sheets, ct), null, null, false);
                    }
                    table = FlatTableReader.FromSheets(sheets);
                }
                else
                {
                    table = FlatTableReader.Read(content, fileName);
                }
            }
            catch (SpreadsheetException e)
            {
                return new FilePreview(ImportSource.Flat, new ImportPreview([], [new ImportProblem(Path.GetFileName(fileName), 0, 0, e.Message)]), null, null, false);
            }
            var saved = false;
            if (mapping is null)
            {
                (mapping, saved) = await flat.MappingForAsync(table.Headers, ct);
            }
            return new FilePreview(ImportSource.Flat, await flat.PreviewAsync(table, mapping, ct), table, mapping, saved);
        }
    }
}
