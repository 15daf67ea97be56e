using System.Xml.Linq;
using Egide.Core.Audit;
using Egide.Core.Data;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Egide.Core.Account;

/// <summary>
/// One key of ASP.NET Core Data Protection (session cookies, antiforgery, reset and invitation tokens), as the XML
/// the key manager writes. Kept in the database so that every instance of Egide on one database, and the CLI, share
/// the key ring: a cookie issued by one instance is read by the next. Outside the audit trail: keys are made by
/// Egide itself, logged, and the XML is a secret.
/// </summary>
[NotAudited]
public sealed class DataProtectionKey
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();

    /// <summary>The key manager's name for it (« key-{guid} »).</summary>
    public string FriendlyName { get; init; } = "";

    /// <summary>The key as the key manager wrote it.</summary>
    public string Xml { get; init; } = "";

    public DateTime CreatedAt { get; init; }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> b)
    {
        b.ToTable("DataProtectionKeys");
        b.HasKey(k => k.Id);
        b.Property(k => k.Id).ValueGeneratedNever();
        b.Property(k => k.FriendlyName).HasMaxLength(200).IsRequired();
        b.HasIndex(k => k.FriendlyName).IsUnique();
        b.Property(k => k.Xml).IsRequired();
    }
}

/// <summary>
/// The key ring's storage, in <see cref="EgideDb.DataProtectionKeys"/>. Earlier versions kept the keys in the data
/// folder (keys/*.xml): the first read imports those the database lacks, so that sessions and pending invitations
/// survive the upgrade. The files are left where they are.
/// </summary>
internal sealed class DatabaseXmlRepository(EgideDbFactory databases, string legacyFolder, TimeProvider clock, ILogger logger) : IXmlRepository
{
    private readonly Lock _import = new();
    private bool _imported;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        ImportLegacyFolderOnce();
        using var db = databases.Create(DataProtectionActor, clock);
        return db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).Select(k => k.Xml).ToList()
            .Select(xml => XElement.Parse(xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var db = databases.Create(DataProtectionActor, clock);
        db.DataProtectionKeys.Add(new DataProtectionKey
        {
            FriendlyName = friendlyName,
            Xml = element.ToString(SaveOptions.DisableFormatting),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        db.SaveChanges();
        logger.LogInformation("Clé de protection des données {Name} enregistrée.", friendlyName);
    }

    private static readonly SystemAuditActor DataProtectionActor = new("protection-des-donnees");

    private void ImportLegacyFolderOnce()
    {
        lock (_import)
        {
            if (_imported)
            {
                return;
            }
            var folder = new DirectoryInfo(legacyFolder);
            if (folder.Exists)
            {
                using var db = databases.Create(DataProtectionActor, clock);
                var known = db.DataProtectionKeys.AsNoTracking().Select(k => k.FriendlyName).ToHashSet(StringComparer.Ordinal);
                var added = 0;
                foreach (var file in folder.EnumerateFiles("*.xml").OrderBy(f => f.Name, StringComparer.Ordinal))
                {
                    var name = Path.GetFileNameWithoutExtension(file.Name);
                    if (known.Contains(name))
                    {
                        continue;
                    }
                    db.DataProtectionKeys.Add(new DataProtectionKey
                    {
                        FriendlyName = name,
                        Xml = XElement.Load(file.FullName).ToString(SaveOptions.DisableFormatting),
                        CreatedAt = clock.GetUtcNow().UtcDateTime,
                    });
                    added++;
                }
                if (added > 0)
                {
                    try
                    {
                        db.SaveChanges();
                        logger.LogInformation("{Count} clé(s) de protection des données importée(s) du dossier {Folder}.", added, folder.FullName);
                    }
                    catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
                    {
                        // Another instance imported the same files at the same moment: theirs are in.
                    }
                }
            }
            _imported = true;
        }
    }
}

/// <summary>
/// Keeps a key ahead in the ring, at start-up and once a day, so that the Data Protection system never has to make
/// one in the middle of a request. It would otherwise do so lazily, two days before the default key expires, on
/// whichever call comes first; a call inside a database transaction (an invitation's token) would then wait on its
/// own transaction's locks.
/// </summary>
public static class DataProtectionKeyRing
{
    /// <summary>How far ahead a successor key is made: well before the system's own two-day window.</summary>
    public static readonly TimeSpan Lead = TimeSpan.FromDays(14);

    /// <summary>With the application's key manager, clock and key lifetime (90 days unless configured).</summary>
    public static IKey? EnsureAhead(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return EnsureAhead(
            services.GetRequiredService<IKeyManager>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.NewKeyLifetime);
    }

    /// <returns>The key made, if one was needed.</returns>
    public static IKey? EnsureAhead(IKeyManager keys, TimeProvider clock, TimeSpan keyLifetime)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        var usable = keys.GetAllKeys().Where(k => !k.IsRevoked && k.ExpirationDate > now && IsReadable(k)).ToList();
        if (usable.Count == 0)
        {
            return keys.CreateNewKey(now, now + keyLifetime);
        }
        var lastExpiration = usable.Max(k => k.ExpirationDate);
        if (lastExpiration > now + Lead)
        {
            return null;
        }
        // The successor takes over when the last key expires, as the system's own rotation does.
        return keys.CreateNewKey(lastExpiration, lastExpiration + keyLifetime);
    }

    /// <summary>False for a key encrypted under another secret than the one configured (or none): it cannot be used.</summary>
    private static bool IsReadable(IKey key)
    {
        try
        {
            return key.Descriptor is not null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}
