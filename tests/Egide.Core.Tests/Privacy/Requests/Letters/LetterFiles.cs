using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Xunit;

namespace Egide.Core.Tests.Privacy.Requests.Letters;

/// <summary>Opens a generated letter as Word would, checks it against the schema and gives its text.</summary>
internal static class LetterFiles
{
    /// <summary>The paragraphs' text, one paragraph per line; fails on any schema error.</summary>
    public static string ValidText(byte[] content)
    {
        using (var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read))
        {
            Assert.NotNull(zip.GetEntry("word/document.xml"));
        }
        using var document = WordprocessingDocument.Open(new MemoryStream(content), false);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2010).Validate(document)
            .Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        return string.Join("\n", document.MainDocumentPart!.Document.Body!.Elements<Paragraph>().Select(p => p.InnerText));
    }

    public static WordprocessingDocument Open(byte[] content) => WordprocessingDocument.Open(new MemoryStream(content), false);
}
