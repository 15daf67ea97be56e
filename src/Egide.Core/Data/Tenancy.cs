using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Egide.Core.Data;

/// <summary>A row that belongs to one organisation: every query sees it only from inside that organisation.</summary>
public interface IOrganizationOwned
{
    Guid OrganizationId { get; }
}

/// <summary>
/// Tenancy by construction. Every entity implementing <see cref="IOrganizationOwned"/> carries the named query
/// filter <see cref="FilterName"/>, which keeps the rows of the organisation the context works in
/// (<see cref="EgideDb.UseOrganization"/>) and nothing else. A context that has not been told its organisation
/// sees no owned row at all (fails closed). Code that must read across organisations says so by name:
/// <c>query.IgnoreQueryFilters([Tenancy.FilterName])</c>; writes are checked by <see cref="TenancyInterceptor"/>.
/// </summary>
public static class Tenancy
{
    public const string FilterName = "Tenant";
}

/// <summary>
/// Refuses to save an owned row for another organisation than the one the context works in, or from a context
/// that works in none: a bug of that kind must fail loudly, never write across tenants.
/// </summary>
internal sealed class TenancyInterceptor : SaveChangesInterceptor
{
    public static readonly TenancyInterceptor Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        if (context is not EgideDb db)
        {
            return;
        }
        foreach (var entry in db.ChangeTracker.Entries<IOrganizationOwned>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && entry.Entity.OrganizationId != db.TenantOrganizationId)
            {
                throw new InvalidOperationException(
                    $"{entry.Metadata.ClrType.Name} of organisation {entry.Entity.OrganizationId} written from a context working in "
                    + (db.TenantOrganizationId == Guid.Empty ? "no organisation" : $"organisation {db.TenantOrganizationId}")
                    + ": refused (see EgideDb.UseOrganization).");
            }
        }
    }
}
