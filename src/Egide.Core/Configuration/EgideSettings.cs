using System.Globalization;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Egide.Core.Configuration;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public enum SmtpSecurity
{
    /// <summary>STARTTLS when the server offers it.</summary>
    Auto,
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>The mail server; no <see cref="Host"/> means no mail leaves (it waits in the outbox).</summary>
public sealed record SmtpSettings(
    string? Host,
    int Port,
    SmtpSecurity Security,
    string? Username,
    string? Password,
    string Sender)
{
    public static readonly TimeSpan DefaultOutboxInterval = TimeSpan.FromSeconds(10);

    /// <summary>How often the outbox is read for mail to send (Smtp:OutboxIntervalSeconds).</summary>
    public TimeSpan OutboxInterval { get; init; } = DefaultOutboxInterval;
}

/// <summary>
/// The one configuration of the web application and the CLI. Keys are read from (lowest to highest
/// precedence) appsettings.json, environment variables and the command line. A setting's key is its
/// environment variable's name (<c>EGIDE_DATA</c>), and its flag (<c>--data</c>) is mapped to that key:
/// names this specific cannot be set by accident by a variable meant for another program.
/// </summary>
public sealed record EgideSettings(
    string DataFolder,
    string? PostgresConnectionString,
    SmtpSettings Smtp,
    bool SeedDemoData,
    Uri PublicUrl)
{
    public const string PublicUrlKey = "EGIDE_PUBLIC_URL";

    public const string DataKey = "EGIDE_DATA";
    public const string DatabaseKey = "EGIDE_DATABASE";
    public const string DemoKey = "EGIDE_DEMO";
    public const string KeysEncryptionKey = "EGIDE_KEYS_ENCRYPTION_KEY";

    /// <summary>When set, the Data Protection keys are stored encrypted with it (AES-256-GCM); see <see cref="KeyEncryptionSecret"/>.</summary>
    public KeyEncryptionSecret? KeysEncryption { get; init; }
    public const string DefaultDataFolder = "data";

    public DatabaseProvider Provider =>
        PostgresConnectionString is null ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;

    public string SqlitePath => Path.Combine(DataFolder, "egide.db");

    /// <summary>Reads and checks the settings; throws <see cref="EgideConfigurationException"/> with one clear line.</summary>
    public static EgideSettings Load(IConfiguration configuration)
    {
        var dataFolder = Path.GetFullPath(NullIfBlank(configuration[DataKey]) ?? DefaultDataFolder);
        try
        {
            Directory.CreateDirectory(dataFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new EgideConfigurationException(
                $"le dossier de données « {dataFolder} » (EGIDE_DATA, --data) ne peut pas être créé : {e.Message}");
        }

        var database = NullIfBlank(configuration[DatabaseKey]);
        if (database is not null)
        {
            CheckPostgresConnectionString(database);
        }

        var smtp = configuration.GetSection("Smtp");
        var smtpSettings = new SmtpSettings(
            NullIfBlank(smtp["Host"]),
            ParseInt(smtp["Port"], "Smtp:Port", 25, 1, 65535),
            ParseEnum(smtp["Security"], "Smtp:Security", SmtpSecurity.Auto),
            NullIfBlank(smtp["Username"]),
            NullIfBlank(smtp["Password"]),
            NullIfBlank(smtp["Sender"]) ?? "egide@localhost")
        {
            OutboxInterval = TimeSpan.FromSeconds(ParseInt(smtp["OutboxIntervalSeconds"], "Smtp:OutboxIntervalSeconds",
                (int)SmtpSettings.DefaultOutboxInterval.TotalSeconds, 1, 3600)),
        };
        if (!Common.EmailAddress.IsValid(smtpSettings.Sender))
        {
            throw new EgideConfigurationException(
                $"Smtp:Sender « {smtpSettings.Sender} » n'est pas une adresse électronique valide.");
        }

        var demo = ParseBool(configuration[DemoKey], "Demo (EGIDE_DEMO, --demo)", true);
        // Links in e-mails are built from this, never from the request's Host header (reset-link poisoning).
        var publicText = NullIfBlank(configuration[PublicUrlKey]) ?? "http://localhost:5080";
        if (!Uri.TryCreate(publicText, UriKind.Absolute, out var publicUrl) || (publicUrl.Scheme != Uri.UriSchemeHttps && publicUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new EgideConfigurationException($"{PublicUrlKey} (--public-url) doit être une adresse http(s) complète, par exemple https://egide.mairie.fr (reçu « {publicText} »).");
        }
        return new EgideSettings(dataFolder, database, smtpSettings, demo, publicUrl)
        {
            KeysEncryption = NullIfBlank(configuration[KeysEncryptionKey]) is { } secret ? KeyEncryptionSecret.Parse(secret) : null,
        };
    }

    private static void CheckPostgresConnectionString(string value)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(value);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new EgideConfigurationException(
                $"EGIDE_DATABASE (--database) n'est pas une chaîne de connexion PostgreSQL valide : {e.Message}");
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new EgideConfigurationException(
                "EGIDE_DATABASE (--database) doit indiquer le serveur PostgreSQL (Host=...).");
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int ParseInt(string? value, string name, int fallback, int min, int max)
    {
        if (NullIfBlank(value) is not { } text)
        {
            return fallback;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw new EgideConfigurationException($"{name} doit être un nombre entier entre {min} et {max} (reçu « {text} »).");
        }
        return number;
    }

    private static bool ParseBool(string? value, string name, bool fallback)
    {
        if (NullIfBlank(value) is not { } text)
        {
            return fallback;
        }
        return text.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "oui" => true,
            "false" or "0" or "no" or "non" => false,
            _ => throw new EgideConfigurationException($"{name} doit valoir true ou false (reçu « {text} »)."),
        };
    }

    private static T ParseEnum<T>(string? value, string name, T fallback)
        where T : struct, Enum
    {
        if (NullIfBlank(value) is not { } text)
        {
            return fallback;
        }
        if (!Enum.TryParse<T>(text, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            throw new EgideConfigurationException(
                $"{name} doit valoir l'une de ces valeurs : {string.Join(", ", Enum.GetNames<T>())} (reçu « {text} »).");
        }
        return parsed;
    }
}

/// <summary>Bad configuration: the message is one line, shown as it is and start-up stops.</summary>
public sealed class EgideConfigurationException(string message) : Exception("configuration invalide : " + message);

/// <summary>
/// The 256-bit secret that encrypts the Data Protection keys at rest (EGIDE_KEYS_ENCRYPTION_KEY, base64, e.g. from
/// <c>openssl rand -base64 32</c>). Never printed: a record's ToString would otherwise show it.
/// </summary>
public sealed class KeyEncryptionSecret
{
    public const int Length = 32;

    private readonly byte[] _key;

    private KeyEncryptionSecret(byte[] key)
    {
        _key = key;
        Id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(key).AsSpan(0, 4));
    }

    /// <summary>Names the secret without revealing it (first 4 bytes of its SHA-256): which one a key was encrypted with.</summary>
    public string Id { get; }

    internal ReadOnlySpan<byte> Key => _key;

    public static KeyEncryptionSecret Parse(string base64)
    {
        var buffer = new byte[Length + 3];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var written) || written != Length)
        {
            throw new EgideConfigurationException(
                $"{EgideSettings.KeysEncryptionKey} doit être une clé de {Length} octets encodée en base64 (par exemple le résultat de « openssl rand -base64 32 »).");
        }
        return new KeyEncryptionSecret(buffer[..Length]);
    }

    public override string ToString() => $"clé {Id}";
}
