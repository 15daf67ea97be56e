using System.Security.Cryptography;
using System.Text;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Egide.Core.Account;

/// <summary>
/// A personal access token for the API and scripts: one organisation, a subset of the person's roles
/// there, an expiry. Only the SHA-256 of the secret is kept (the secret has 256 random bits, so a fast
/// hash is enough); the secret is shown once.
/// </summary>
public sealed class ApiToken
{
    public const string SecretPrefix = "egd_";
    public const int MaxLifetimeDays = 366;

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public Guid OrganizationId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The first characters of the secret, to recognise a token in a list.</summary>
    public string Hint { get; set; } = "";

    public byte[] SecretHash { get; set; } = [];

    public OrganizationRoles Roles { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public bool IsActive(DateTime now) => IsActive(RevokedAt, ExpiresAt, now);

    /// <summary>The same rule for a list projected column by column.</summary>
    public static bool IsActive(DateTime? revokedAt, DateTime expiresAt, DateTime now) => revokedAt is null && now < expiresAt;

    /// <summary>
    /// « actif », « expiré » or « révoqué », as lists show it. Revoked before expired: a revocation is a decision,
    /// worth showing even once the date has passed.
    /// </summary>
    public static string FrenchState(DateTime? revokedAt, DateTime expiresAt, DateTime now) =>
        revokedAt is not null ? "révoqué" : now < expiresAt ? "actif" : "expiré";

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static string NewSecret() => SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("ApiTokens");
        b.HasKey(t => t.Id);
        b.Property(t => t.Name).HasMaxLength(100).IsRequired();
        b.Property(t => t.Hint).HasMaxLength(12).IsRequired();
        b.Property(t => t.SecretHash).HasMaxLength(32).IsRequired();
        b.HasIndex(t => t.SecretHash).IsUnique();
        b.HasIndex(t => t.UserId);
        b.HasOne<EgideUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

public static class CreateApiToken
{
    /// <param name="Roles">Must be among the person's roles in the organisation.</param>
    public sealed record Command(Guid UserId, Guid OrganizationId, string Name, OrganizationRoles Roles, int LifetimeDays);

    public sealed record Created(Guid Id, string Secret, DateTime ExpiresAt);

    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<Created>> Handle(Command command, CancellationToken ct)
        {
            var errors = new ValidationErrors();
            var name = command.Name.Trim();
            if (name.Length is 0 or > 100)
            {
                errors.Add(nameof(command.Name), "Donnez au jeton un nom (100 caractères au plus), par exemple le script qui l'utilise.");
            }
            if (command.LifetimeDays is < 1 or > ApiToken.MaxLifetimeDays)
            {
                errors.Add(nameof(command.LifetimeDays), $"La durée de validité doit être comprise entre 1 et {ApiToken.MaxLifetimeDays} jours.");
            }
            var membership = await db.Memberships.AsNoTracking()
                .FirstOrDefaultAsync(m => m.UserId == command.UserId && m.OrganizationId == command.OrganizationId, ct);
            if (membership is null)
            {
                return new NotFoundFailure("Cette personne n'est pas membre de cet organisme : elle ne peut pas y créer de jeton.");
            }
            if (command.Roles == OrganizationRoles.None || (command.Roles & ~membership.Roles) != 0)
            {
                errors.Add(nameof(command.Roles), $"Les rôles du jeton doivent être pris parmi ceux de la personne dans l'organisme : {membership.Roles.French()}.");
            }
            if (!errors.IsEmpty)
            {
                return errors.ToFailure();
            }
            var now = clock.GetUtcNow().UtcDateTime;
            var secret = ApiToken.NewSecret();
            var token = new ApiToken
            {
                UserId = command.UserId,
                OrganizationId = command.OrganizationId,
                Name = name,
                Hint = secret[..10],
                SecretHash = ApiToken.Hash(secret),
                Roles = command.Roles,
                CreatedAt = now,
                ExpiresAt = now.AddDays(command.LifetimeDays),
            };
            db.ApiTokens.Add(token);
            await db.SaveChangesAsync(ct);
            return new Created(token.Id, secret, token.ExpiresAt);
        }
    }
}

public static class RevokeApiToken
{
    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        /// <param name="userId">Null: any person's token (platform administration, CLI).</param>
        public async Task<Result<ApiToken>> Handle(Guid tokenId, Guid? userId, CancellationToken ct)
        {
            var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && (userId == null || t.UserId == userId), ct);
            if (token is null)
            {
                return new NotFoundFailure("Ce jeton n'existe pas.");
            }
            token.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            return token;
        }
    }
}
