using System.IO.Compression;

namespace Egide.Core.Spreadsheets;

/// <summary>
/// Reads a workbook sent by a person, whatever its name says: an OpenDocument spreadsheet (.ods) or an Office Open
/// XML workbook (.xlsx), told apart by their content. A password-protected Office file or an old .xls is refused
/// with what to do; anything else is refused as not a workbook. CSV is read elsewhere.
/// </summary>
public static class SpreadsheetReader
{
    /// <summary>
    /// The largest file accepted, in bytes (20 Mo): a larger upload is refused before anything is read. The CNIL
    /// model weighs 60 Ko; a register of a few hundred activities, well under 1 Mo.
    /// </summary>
    public const long MaxUploadBytes = 20L * 1024 * 1024;

    /// <summary>How a compound file (OLE2) starts: an encrypted OOXML file, or an .xls of Excel 97–2003.</summary>
    private static readonly byte[] OleSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private const string NotASpreadsheet =
        "Ce fichier n'est pas un classeur (ODS ou XLSX) : enregistrez-le au format .ods ou .xlsx, puis envoyez-le à nouveau.";

    public static IReadOnlyList<Sheet> Read(Stream stream, SpreadsheetLimits? limits = null)
    {
        using var buffered = stream.CanSeek ? null : Buffer(stream);
        var file = buffered ?? stream;
        if (file.Length - file.Position > MaxUploadBytes)
        {
            throw TooLarge();
        }
        if (StartsWithOleSignature(file))
        {
            throw new SpreadsheetException(XlsxReader.ProtectedOrOldFormat);
        }
        var start = file.Position;
        bool isOds;
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            isOds = zip.GetEntry("mimetype") is not null || zip.GetEntry("content.xml") is not null;
            if (!isOds && zip.GetEntry("[Content_Types].xml") is null)
            {
                throw new SpreadsheetException(NotASpreadsheet);
            }
        }
        catch (InvalidDataException)
        {
            throw new SpreadsheetException(NotASpreadsheet);
        }
        file.Position = start;
        return isOds ? OdsReader.Read(file, limits) : XlsxReader.Read(file, limits);
    }

    /// <summary>Whether a seekable stream starts, where it stands, like a compound file; it is left where it was.</summary>
    internal static bool StartsWithOleSignature(Stream stream)
    {
        if (!stream.CanSeek)
        {
            return false;
        }
        var start = stream.Position;
        Span<byte> header = stackalloc byte[OleSignature.Length];
        var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        stream.Position = start;
        return read == header.Length && header.SequenceEqual(OleSignature);
    }

    /// <summary>A stream that cannot seek (a request body), copied in memory up to the size limit: a zip is read from its end.</summary>
    private static MemoryStream Buffer(Stream stream)
    {
        var copy = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (copy.Length + read > MaxUploadBytes)
            {
                throw TooLarge();
            }
            copy.Write(chunk, 0, read);
        }
        copy.Position = 0;
        return copy;
    }

    public static SpreadsheetException TooLarge() =>
        new($"Ce fichier dépasse {MaxUploadBytes / (1024 * 1024)} Mo : envoyez un classeur plus léger (découpé en plusieurs, ou sans images).");
}
