using Egide.Core.Common;
using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Register;

public enum ActivitySort
{
    Reference,
    Name,
    Status,
    Service,
    UpdatedAt,
    LastReviewedAt,
}

/// <summary>The register of the organisation the context works in: search, filters, sorting, pages.</summary>
public static class ListProcessingActivities
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <param name="HasAlert">True: entries with an open alert; false: without.</param>
    /// <param name="IncludeArchived">Archived entries are left out unless asked for (or filtered by status).</param>
    public sealed record Query(
        string? Search = null, ActivityStatus? Status = null, string? Service = null, string? LegalBasis = null,
        bool? SpecialData = null, bool? HasAlert = null, ArtificialIntelligenceUse? AiUse = null, ProcessingRole? Role = null,
        bool IncludeArchived = false, ActivitySort Sort = ActivitySort.Reference, bool Descending = false,
        int Page = 1, int PageSize = DefaultPageSize);

    public sealed record Item(
        Guid Id, string Reference, string Name, ProcessingRole Role, string? ResponsibleService, ActivityStatus Status,
        string? LegalBasisCode, bool HasSpecialData, ArtificialIntelligenceUse AiUse, int OpenAlerts,
        DateTime UpdatedAt, DateTime LastReviewedAt, int Version);

    public sealed class Handler(EgideDb db)
    {
        public async Task<Page<Item>> Handle(Query query, CancellationToken ct)
        {
            var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
            var source = db.ProcessingActivities.AsNoTracking();
            if (query.Status is { } status)
            {
                source = source.Where(a => a.Status == status);
            }
            else if (!query.IncludeArchived)
            {
                source = source.Where(a => a.Status != ActivityStatus.Archived);
            }
            if (!string.IsNullOrWhiteSpace(query.Search))
            {
                var folded = TextSearch.Fold(query.Search);
                source = source.Where(a => a.SearchText.Contains(folded));
            }
            if (!string.IsNullOrWhiteSpace(query.Service))
            {
                source = source.Where(a => a.ResponsibleService == query.Service);
            }
            if (!string.IsNullOrWhiteSpace(query.LegalBasis))
            {
                source = query.LegalBasis == "aucune"
                    ? source.Where(a => a.LegalBasisCode == null)
                    : source.Where(a => a.LegalBasisCode == query.LegalBasis);
            }
            if (query.SpecialData is { } special)
            {
                source = source.Where(a => a.HasSpecialData == special);
            }
            if (query.AiUse is { } ai)
            {
                source = source.Where(a => a.AiUse == ai);
            }
            if (query.Role is { } role)
            {
                source = source.Where(a => a.Role == role);
            }
            var alerts = db.RegisterAlerts.Where(r => r.ResolvedAt == null);
            if (query.HasAlert is { } hasAlert)
            {
                source = source.Where(a => alerts.Any(r => r.ActivityId == a.Id) == hasAlert);
            }

            var total = await source.CountAsync(ct);
            var pageCount = Math.Max(1, (total + pageSize - 1) / pageSize);
            var page = Math.Clamp(query.Page, 1, pageCount);
            var sorted = (query.Sort, query.Descending) switch
            {
                (ActivitySort.Name, false) => source.OrderBy(a => a.Name),
                (ActivitySort.Name, true) => source.OrderByDescending(a => a.Name),
                (ActivitySort.Status, false) => source.OrderBy(a => a.Status),
                (ActivitySort.Status, true) => source.OrderByDescending(a => a.Status),
                (ActivitySort.Service, false) => source.OrderBy(a => a.ResponsibleService),
                (ActivitySort.Service, true) => source.OrderByDescending(a => a.ResponsibleService),
                (ActivitySort.UpdatedAt, false) => source.OrderBy(a => a.UpdatedAt),
                (ActivitySort.UpdatedAt, true) => source.OrderByDescending(a => a.UpdatedAt),
                (ActivitySort.LastReviewedAt, false) => source.OrderBy(a => a.LastReviewedAt),
                (ActivitySort.LastReviewedAt, true) => source.OrderByDescending(a => a.LastReviewedAt),
                (_, true) => source.OrderByDescending(a => a.Reference),
                _ => source.OrderBy(a => a.Reference),
            };
            var items = await sorted.ThenBy(a => a.Id)
                .Skip((page - 1) * pageSize).Take(pageSize)
                .Select(a => new Item(
                    a.Id, a.Reference, a.Name, a.Role, a.ResponsibleService, a.Status, a.LegalBasisCode, a.HasSpecialData, a.AiUse,
                    alerts.Count(r => r.ActivityId == a.Id), a.UpdatedAt, a.LastReviewedAt, a.Version))
                .ToListAsync(ct);
            return new Page<Item>(items, total, page, pageSize);
        }
    }

    /// <summary>The services named in the register, for the filter.</summary>
    public static async Task<IReadOnlyList<string>> ServicesAsync(EgideDb db, CancellationToken ct) =>
        await db.ProcessingActivities.AsNoTracking().Where(a => a.ResponsibleService != null)
            .Select(a => a.ResponsibleService!).Distinct().OrderBy(s => s).ToListAsync(ct);
}

/// <summary>The history of one entry, and the whole register as it stood at a past instant.</summary>
public static class RegisterHistory
{
    public sealed record VersionItem(int Number, DateTime RecordedAt, string RecordedByName, string Change, IReadOnlyList<string> ChangedFields);

    /// <summary>Every version of an entry, newest first, each with the fields it changed from the one before.</summary>
    public static async Task<IReadOnlyList<VersionItem>> OfActivityAsync(EgideDb db, Guid activityId, CancellationToken ct)
    {
        var versions = await db.ActivityVersions.AsNoTracking().Where(v => v.ActivityId == activityId)
            .OrderBy(v => v.Number).ToListAsync(ct);
        var items = new List<VersionItem>();
        ActivitySnapshot? previous = null;
        foreach (var version in versions)
        {
            var snapshot = version.Snapshot;
            items.Add(new VersionItem(version.Number, version.RecordedAt, version.RecordedByName, version.Change,
                previous is null ? [] : SnapshotDiff.ChangedFields(previous, snapshot)));
            previous = snapshot;
        }
        items.Reverse();
        return items;
    }

    /// <summary>One version of an entry, as it was saved.</summary>
    public static async Task<ActivitySnapshot?> VersionAsync(EgideDb db, Guid activityId, int number, CancellationToken ct)
    {
        var json = await db.ActivityVersions.AsNoTracking().Where(v => v.ActivityId == activityId && v.Number == number)
            .Select(v => v.SnapshotJson).FirstOrDefaultAsync(ct);
        return json is null ? null : ActivitySnapshot.Read(json);
    }

    /// <summary>
    /// The register as it stood at <paramref name="atUtc"/>: for each entry created by then, its last version
    /// recorded by then, unless that version had it archived. Ordered by reference.
    /// </summary>
    public static async Task<IReadOnlyList<ActivitySnapshot>> AtAsync(EgideDb db, DateTime atUtc, CancellationToken ct)
    {
        var latest = db.ActivityVersions.AsNoTracking().Where(v => v.RecordedAt <= atUtc)
            .GroupBy(v => v.ActivityId).Select(g => new { ActivityId = g.Key, Number = g.Max(v => v.Number) });
        var json = await db.ActivityVersions.AsNoTracking()
            .Join(latest, v => new { v.ActivityId, v.Number }, l => new { l.ActivityId, l.Number }, (v, _) => v.SnapshotJson)
            .ToListAsync(ct);
        return json.Select(ActivitySnapshot.Read).Where(s => s.Status != ActivityStatus.Archived)
            .OrderBy(s => s.Reference, StringComparer.Create(FrenchFormat.Culture, ignoreCase: true)).ToList();
    }
}

/// <summary>Which fields differ between two saved states of an entry, named as people see them.</summary>
public static class SnapshotDiff
{
    public static IReadOnlyList<string> ChangedFields(ActivitySnapshot before, ActivitySnapshot after)
    {
        var changes = new List<string>();
        void Check(string label, object? a, object? b)
        {
            if (!Equals(a, b))
            {
                changes.Add(label);
            }
        }
        string J<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value);
        // PostgreSQL keeps microseconds: an instant read back must not look changed from the one first written.
        static long? Micro(DateTime? instant) => instant?.Ticks / 10;
        Check("Référence", before.Reference, after.Reference);
        Check("Nom", before.Name, after.Name);
        Check("Rôle de l'organisme", before.Role, after.Role);
        Check("Service responsable", before.ResponsibleService, after.ResponsibleService);
        Check("Statut", before.Status, after.Status);
        Check("Avis du DPO", before.DpoOpinion, after.DpoOpinion);
        Check("Observations du DPO", before.DpoOpinionText, after.DpoOpinionText);
        Check("Validation", Micro(before.ValidatedAt), Micro(after.ValidatedAt));
        Check("Dernière revue", Micro(before.LastReviewedAt), Micro(after.LastReviewedAt));
        var (x, y) = (before.Content, after.Content);
        Check("Description", x.Description, y.Description);
        Check("Responsable du traitement", J(x.Controller), J(y.Controller));
        Check("Représentant", J(x.Representative), J(y.Representative));
        Check("Responsables conjoints", J(x.JointControllers), J(y.JointControllers));
        Check("Responsables pour le compte desquels l'organisme traite", J(x.ClientControllers), J(y.ClientControllers));
        Check("Finalité principale", x.MainPurpose, y.MainPurpose);
        Check("Sous-finalités", J(x.SubPurposes), J(y.SubPurposes));
        Check("Base légale", x.LegalBasisCode, y.LegalBasisCode);
        Check("Justification de la base légale", x.LegalBasisJustification, y.LegalBasisJustification);
        Check("Catégories de données", J(x.DataCategories), J(y.DataCategories));
        Check("Personnes concernées", J(x.DataSubjects), J(y.DataSubjects));
        Check("Destinataires", J(x.Recipients), J(y.Recipients));
        Check("Transferts hors UE", J(x.Transfers), J(y.Transfers));
        Check("Mesures de sécurité", J(x.SecurityMeasures), J(y.SecurityMeasures));
        Check("Détail des mesures de sécurité", x.SecurityDetails, y.SecurityDetails);
        Check("Source des données", x.DataSource, y.DataSource);
        Check("Mode de collecte", x.CollectionMethod, y.CollectionMethod);
        Check("Logiciels", x.Software, y.Software);
        Check("Supports", x.Media, y.Media);
        Check("Usage de l'intelligence artificielle", x.AiUse, y.AiUse);
        Check("Description de l'usage de l'IA", x.AiDescription, y.AiDescription);
        Check("Critères du CEPD", J(x.EdpbCriteria), J(y.EdpbCriteria));
        Check("Liste CNIL des AIPD obligatoires", J(x.CnilDpiaListMatches), J(y.CnilDpiaListMatches));
        Check("Décision sur l'AIPD", x.DpiaDecision, y.DpiaDecision);
        Check("Justification de la décision sur l'AIPD", x.DpiaDecisionReason, y.DpiaDecisionReason);
        return changes;
    }
}
