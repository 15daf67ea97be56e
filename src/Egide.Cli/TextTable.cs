namespace Egide.Cli;

/// <summary>A plain text table with columns aligned by spaces: readable in a terminal, easy to cut/grep.</summary>
internal static class TextTable
{
    public static async Task WriteAsync(TextWriter output, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Prepend(h.Length).Max()).ToArray();
        await WriteRowAsync(output, headers, widths);
        await WriteRowAsync(output, widths.Select(w => new string('-', w)).ToList(), widths);
        foreach (var row in rows)
        {
            await WriteRowAsync(output, row, widths);
        }
    }

    private static Task WriteRowAsync(TextWriter output, IReadOnlyList<string> cells, int[] widths) =>
        output.WriteLineAsync(string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
}
