using System.Reflection;
using PdfSharp;
using PdfSharp.Fonts;

namespace Egide.Core.Documents;

/// <summary>
/// What PDFsharp needs once per process before it draws anything: the licence choice (asked for from 6.5 on) and our
/// font resolver. Done the first time a document is written, so that the web application, the CLI, the tests and the
/// benchmark cannot forget it.
/// </summary>
public static class PdfSetup
{
    /// <summary>The one family every Egide document is written in.</summary>
    public const string FontFamily = "DejaVu Sans";

    private static readonly Lazy<bool> Done = new(() =>
    {
        // PDFsharp 6.5 is licensed AGPL-3.0-only or commercially, and throws until a choice is made. The AGPL
        // choice binds how Egide itself is distributed; a commercial key would be loaded here instead
        // (PdfSharpLicense.LoadLicense).
        PdfSharpLicense.SetAgplLicense();
        GlobalFontSettings.FontResolver = EmbeddedFonts.Instance;
        return true;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public static void EnsureReady() => _ = Done.Value;

    /// <summary>
    /// Serves DejaVu Sans and DejaVu Sans Bold from this assembly's resources, whatever family is asked for, so that a
    /// document renders the same on every machine and never depends on the fonts installed there.
    /// </summary>
    private sealed class EmbeddedFonts : IFontResolver
    {
        public static readonly EmbeddedFonts Instance = new();

        private const string Regular = "DejaVuSans";
        private const string Bold = "DejaVuSans-Bold";

        private readonly Lazy<byte[]> _regular = new(() => Load(Regular));
        private readonly Lazy<byte[]> _bold = new(() => Load(Bold));

        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

        public byte[] GetFont(string faceName) => faceName == Bold ? _bold.Value : _regular.Value;

        private static byte[] Load(string face)
        {
            var name = $"Egide.Core.Documents.Fonts.{face}.ttf";
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The font resource {name} is missing from Egide.Core.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
