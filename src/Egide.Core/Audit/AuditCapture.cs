using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Egide.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Egide.Core.Audit;

/// <summary>
/// Turns the change tracker's pending changes into one audit record per changed aggregate: an entity and the
/// owned parts it carries (address, DPO, referents…), whose changes are reported as fields of the owner
/// ("Dpo.Email", "Referents"), since that is how people see and edit them.
/// </summary>
internal static class AuditCapture
{
    public sealed record Change(string Action, string EntityType, string EntityId, Guid? OrganizationId, string? Changes);

    private static readonly ConcurrentDictionary<Type, bool> SkippedTypes = new();

    /// <summary>The changes the next save would write, in the order the change tracker lists them.</summary>
    public static List<Change> Collect(DbContext context)
    {
        var tracked = new Tracked(context.ChangeTracker.Entries().ToList());
        var roots = new List<EntityEntry>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var entry in tracked.Entries)
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                var root = tracked.RootOf(entry);
                if (!IsSkipped(root.Metadata) && seen.Add(root.Entity))
                {
                    roots.Add(root);
                }
            }
        }

        var changes = new List<Change>();
        foreach (var root in roots)
        {
            var action = root.State switch
            {
                EntityState.Added => AuditActions.Created,
                EntityState.Deleted => AuditActions.Deleted,
                _ => AuditActions.Updated,
            };
            var before = root.State == EntityState.Added ? null : tracked.Snapshot(root, original: true);
            var after = root.State == EntityState.Deleted ? null : tracked.Snapshot(root, original: false);
            var json = Diff(before, after);
            if (json is null && action == AuditActions.Updated)
            {
                continue; // e.g. an owned part replaced by an equal one: nothing changed
            }
            changes.Add(new Change(action, EntityTypeName(root.Metadata), EntityId(root), OrganizationOf(root), json));
        }
        return changes;
    }

    public static bool IsSkipped(IEntityType type) => SkippedTypes.GetOrAdd(type.ClrType, clr =>
        clr == typeof(AuditEntry)
        || clr.Name == "OutboxMessage"
        || Attribute.IsDefined(clr, typeof(NotAuditedAttribute), inherit: true))
        || type.FindAnnotation(AuditModel.NotAuditedAnnotation)?.Value is true;

    private static string EntityTypeName(IEntityType type) => type.HasSharedClrType ? type.Name : type.ClrType.Name;

    private static string EntityId(EntityEntry root)
    {
        var key = root.Metadata.FindPrimaryKey()
            ?? throw new InvalidOperationException($"{EntityTypeName(root.Metadata)} has no key: it cannot be audited.");
        if (key.Properties.Any(p => root.Property(p).IsTemporary))
        {
            // Fail closed rather than record an id that is not the row's.
            throw new InvalidOperationException(
                $"{EntityTypeName(root.Metadata)}: the audit trail needs keys known before saving (client-generated, such as Guid.CreateVersion7()).");
        }
        return string.Join(",", key.Properties.Select(p => Format(Value(root, p, root.State == EntityState.Deleted))));
    }

    private static Guid? OrganizationOf(EntityEntry root)
    {
        if (root.Entity is Organization organization)
        {
            return organization.Id;
        }
        var property = root.Metadata.FindProperty("OrganizationId");
        return property is null ? null : Value(root, property, root.State == EntityState.Deleted) as Guid?;
    }

    /// <summary>Field → before/after; null when nothing is worth recording.</summary>
    private static string? Diff(SortedDictionary<string, JsonNode?>? before, SortedDictionary<string, JsonNode?>? after)
    {
        var result = new JsonObject();
        var fields = new SortedSet<string>(StringComparer.Ordinal);
        fields.UnionWith(before?.Keys ?? Enumerable.Empty<string>());
        fields.UnionWith(after?.Keys ?? Enumerable.Empty<string>());
        foreach (var field in fields)
        {
            var b = before?.GetValueOrDefault(field);
            var a = after?.GetValueOrDefault(field);
            if (before is null)
            {
                if (!IsEmpty(a))
                {
                    result[field] = new JsonObject { [AuditJson.After] = a };
                }
            }
            else if (after is null)
            {
                if (!IsEmpty(b))
                {
                    result[field] = new JsonObject { [AuditJson.Before] = b };
                }
            }
            else if (!JsonNode.DeepEquals(b, a))
            {
                result[field] = new JsonObject { [AuditJson.Before] = b, [AuditJson.After] = a };
            }
        }
        return result.Count == 0 ? null : AuditJson.Serialize(result);
    }

    private static bool IsEmpty(JsonNode? node) => node is null || node is JsonArray { Count: 0 };

    private static object? Value(EntityEntry entry, IProperty property, bool original) =>
        original ? entry.OriginalValues[property] : entry.CurrentValues[property];

    private static string Format(object? value) => value switch
    {
        null => "",
        Guid g => g.ToString("D"),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static bool IsNotAudited(IProperty property) =>
        property.FindAnnotation(AuditModel.NotAuditedAnnotation)?.Value is true
        || property.PropertyInfo?.IsDefined(typeof(NotAuditedAttribute), inherit: true) == true;

    /// <summary>The tracked entries, indexed by key and by owner.</summary>
    private sealed class Tracked
    {
        private readonly Dictionary<(IEntityType, string), EntityEntry> _byKey = [];
        private readonly Dictionary<(IForeignKey, string), List<EntityEntry>> _byOwner = [];

        public Tracked(List<EntityEntry> entries)
        {
            Entries = entries;
            foreach (var entry in entries)
            {
                if (entry.Metadata.FindPrimaryKey() is { } key)
                {
                    _byKey.TryAdd((entry.Metadata.GetRootType(), KeyOf(entry, key.Properties)), entry);
                }
                if (entry.Metadata.FindOwnership() is { } ownership)
                {
                    var owner = (ownership, KeyOf(entry, ownership.Properties));
                    if (!_byOwner.TryGetValue(owner, out var children))
                    {
                        _byOwner[owner] = children = [];
                    }
                    children.Add(entry);
                }
            }
        }

        public List<EntityEntry> Entries { get; }

        /// <summary>The entity that owns this entry (itself when it is not owned).</summary>
        public EntityEntry RootOf(EntityEntry entry)
        {
            var current = entry;
            while (current.Metadata.FindOwnership() is { } ownership)
            {
                var ownerKey = KeyOf(current, ownership.Properties);
                if (!_byKey.TryGetValue((ownership.PrincipalEntityType.GetRootType(), ownerKey), out var owner))
                {
                    throw new InvalidOperationException(
                        $"The owner of a changed {EntityTypeName(current.Metadata)} is not tracked: the change cannot be audited.");
                }
                current = owner;
            }
            return current;
        }

        /// <summary>The entity's fields as they were (<paramref name="original"/>) or as they will be saved.</summary>
        public SortedDictionary<string, JsonNode?> Snapshot(EntityEntry entry, bool original)
        {
            var fields = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
            AddFields(fields, "", entry, original);
            return fields;
        }

        private void AddFields(SortedDictionary<string, JsonNode?> fields, string prefix, EntityEntry entry, bool original)
        {
            var ownership = entry.Metadata.FindOwnership();
            foreach (var property in entry.Metadata.GetProperties())
            {
                // Keys are the entry's EntityId, or the owner's id and a technical row number for owned parts.
                if (property.IsPrimaryKey() || (ownership is not null && ownership.Properties.Contains(property)))
                {
                    continue;
                }
                var value = Value(entry, property, original);
                fields[prefix + property.Name] = !IsNotAudited(property) ? AuditJson.Value(value)
                    : value is null ? null
                    : !original && entry.State == EntityState.Modified && entry.Property(property).IsModified ? AuditJson.MaskedChanged
                    : AuditJson.Masked;
            }

            foreach (var navigation in entry.Metadata.GetNavigations())
            {
                if (!navigation.ForeignKey.IsOwnership || navigation.IsOnDependent)
                {
                    continue;
                }
                var children = Children(entry, navigation, original);
                if (!navigation.IsCollection)
                {
                    if (children.FirstOrDefault() is { } child)
                    {
                        AddFields(fields, prefix + navigation.Name + ".", child, original);
                    }
                    continue;
                }
                var list = new JsonArray();
                foreach (var child in children)
                {
                    var item = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
                    AddFields(item, "", child, original);
                    list.Add(new JsonObject(item));
                }
                fields[prefix + navigation.Name] = list;
            }
        }

        /// <summary>
        /// The owned entries under a navigation: before the save, those that were in the database (in key order,
        /// the order they are read back in); after it, those that will be, new ones last in the list's order.
        /// </summary>
        private List<EntityEntry> Children(EntityEntry owner, INavigation navigation, bool original)
        {
            var key = owner.Metadata.FindPrimaryKey()!;
            if (!_byOwner.TryGetValue((navigation.ForeignKey, KeyOf(owner, key.Properties)), out var all))
            {
                return [];
            }
            var kept = all.Where(c => original ? c.State != EntityState.Added : c.State != EntityState.Deleted);
            var existing = kept.Where(c => c.State != EntityState.Added).OrderBy(c => c, KeyOrder.Instance);
            if (original)
            {
                return existing.ToList();
            }
            var positions = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
            if (navigation.IsCollection && owner.Navigation(navigation.Name).CurrentValue is IEnumerable items)
            {
                foreach (var item in items)
                {
                    positions.TryAdd(item, positions.Count);
                }
            }
            var added = kept.Where(c => c.State == EntityState.Added).OrderBy(c => positions.GetValueOrDefault(c.Entity, int.MaxValue));
            return existing.Concat(added).ToList();
        }

        // Deleted rows are known by their original values; the others by the values about to be saved.
        private static string KeyOf(EntityEntry entry, IReadOnlyList<IProperty> properties) =>
            string.Join("\u001f", properties.Select(p => Format(Value(entry, p, entry.State == EntityState.Deleted))));
    }

    /// <summary>Owned rows in the order of their own key (a row number the database assigned).</summary>
    private sealed class KeyOrder : IComparer<EntityEntry>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(EntityEntry? x, EntityEntry? y)
        {
            if (x is null || y is null)
            {
                return x is null ? (y is null ? 0 : -1) : 1;
            }
            var ownership = x.Metadata.FindOwnership();
            var properties = x.Metadata.FindPrimaryKey()!.Properties
                .Where(p => ownership is null || !ownership.Properties.Contains(p));
            foreach (var property in properties)
            {
                var result = Comparer<object?>.Default.Compare(x.OriginalValues[property], y.OriginalValues[property]);
                if (result != 0)
                {
                    return result;
                }
            }
            return 0;
        }
    }
}
