using System.IO.Compression;
using Egide.Core.Spreadsheets;
using Xunit;

namespace Egide.Core.Tests.Spreadsheets;

public sealed class SpreadsheetReaderTests
{
    private const string NotASpreadsheet =
        "Ce fichier n'est pas un classeur (ODS ou XLSX) : enregistrez-le au format .ods ou .xlsx, puis envoyez-le à nouveau.";

    private static byte[] CnilModel(string extension) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", "cnil", $"registre-traitement-simplifie.{extension}"));

    [Theory]
    [InlineData("ods")]
    [InlineData("xlsx")]
    public void Read_CnilModelInEitherFormat_ToldApartByContent(string extension)
    {
        var bytes = CnilModel(extension);
        var expected = extension == "ods" ? OdsReader.Read(new MemoryStream(bytes)) : XlsxReader.Read(new MemoryStream(bytes));

        // No file name anywhere: only the bytes decide; a stream that cannot seek (a request body) reads the same.
        foreach (var stream in new Stream[] { new MemoryStream(bytes), new ForwardOnlyStream(new MemoryStream(bytes)) })
        {
            var sheets = SpreadsheetReader.Read(stream);
            Assert.Equal(expected.Select(s => s.Name), sheets.Select(s => s.Name));
            Assert.All(expected.Zip(sheets), pair => Assert.Equal(pair.First.Cells, pair.Second.Cells));
        }
    }

    [Fact]
    public void Read_OleCompoundFile_AskedToSaveAsXlsxWithoutPassword()
    {
        var ole = new byte[8192];
        new Random(11).NextBytes(ole);
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(ole, 0);

        var error = Assert.Throws<SpreadsheetException>(() => SpreadsheetReader.Read(new MemoryStream(ole)));

        Assert.Equal(
            "Ce fichier est protégé par un mot de passe ou est un ancien classeur Excel (.xls) : enregistrez-le au format .xlsx, sans mot de passe, puis envoyez-le à nouveau.",
            error.Message);
    }

    [Fact]
    public void Read_AnythingButAWorkbook_NotAWorkbookOdsOrXlsx()
    {
        var random = new byte[4096];
        new Random(13).NextBytes(random);
        using var notes = new MemoryStream();
        using (var zip = new ZipArchive(notes, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(zip.CreateEntry("notes.txt").Open());
            entry.Write("Nom;Finalité");
        }
        notes.Position = 0;

        foreach (var file in new Stream[] { new MemoryStream(random), new MemoryStream("Nom;Finalité\nPaie;Payer"u8.ToArray()), new MemoryStream(), notes })
        {
            Assert.Equal(NotASpreadsheet, Assert.Throws<SpreadsheetException>(() => SpreadsheetReader.Read(file)).Message);
        }
    }

    [Fact]
    public void Read_OpenDocumentText_RefusedByTheOdsReaderWithItsType()
    {
        using var text = new MemoryStream();
        using (var zip = new ZipArchive(text, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(zip.CreateEntry("mimetype").Open());
            entry.Write("application/vnd.oasis.opendocument.text");
        }
        text.Position = 0;

        var error = Assert.Throws<SpreadsheetException>(() => SpreadsheetReader.Read(text));

        Assert.Equal("Ce fichier OpenDocument n'est pas un classeur (type « application/vnd.oasis.opendocument.text »).", error.Message);
    }

    [Fact]
    public void Read_LargerThanTheUploadLimit_RefusedBeforeReading()
    {
        Assert.Equal(20L * 1024 * 1024, SpreadsheetReader.MaxUploadBytes);
        const long fiftyMegabytes = 50L * 1024 * 1024;
        const string tooLarge = "Ce fichier dépasse 20 Mo : envoyez un classeur plus léger (découpé en plusieurs, ou sans images).";

        var seekable = new ZeroStream(fiftyMegabytes, canSeek: true);
        Assert.Equal(tooLarge, Assert.Throws<SpreadsheetException>(() => SpreadsheetReader.Read(seekable)).Message);
        Assert.Equal(0, seekable.BytesRead);

        // A body that cannot say its length is read up to the limit, not to its end.
        var forwardOnly = new ZeroStream(fiftyMegabytes, canSeek: false);
        Assert.Equal(tooLarge, Assert.Throws<SpreadsheetException>(() => SpreadsheetReader.Read(forwardOnly)).Message);
        Assert.InRange(forwardOnly.BytesRead, SpreadsheetReader.MaxUploadBytes, SpreadsheetReader.MaxUploadBytes + (1024 * 1024));
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A long run of zero bytes that counts what is read from it.</summary>
    private sealed class ZeroStream(long length, bool canSeek) : Stream
    {
        private long _position;

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => canSeek;

        public override bool CanWrite => false;

        public override long Length => canSeek ? length : throw new NotSupportedException();

        public override long Position
        {
            get => canSeek ? _position : throw new NotSupportedException();
            set => _position = canSeek ? value : throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, read);
            _position += read;
            BytesRead += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
