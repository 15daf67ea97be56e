using System.Globalization;
using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Audit;

public enum AuditBreakKind
{
    /// <summary>An entry's content no longer gives its hash: it was edited.</summary>
    HashMismatch,

    /// <summary>An entry does not point at the hash of the entry before it: entries were swapped, removed or replaced.</summary>
    PreviousHashMismatch,

    /// <summary>The numbers do not follow 1, 2, 3…: an entry was removed or moved.</summary>
    SequenceGap,

    /// <summary>The anchor (an entry noted earlier) is missing or different: the end of the trail was cut or rewritten.</summary>
    AnchorMismatch,
}

/// <param name="Sequence">The number of the entry at which the chain breaks (for a gap, the entry found instead).</param>
/// <param name="Reason">In French, for people.</param>
public sealed record AuditBreak(long Sequence, AuditBreakKind Kind, string Reason);

/// <param name="EntriesChecked">Entries read up to the first break, or all of them.</param>
/// <param name="LastSequence">The last entry of an intact trail, to note as a later anchor.</param>
public sealed record AuditVerification(long EntriesChecked, long? LastSequence, string? LastHash, AuditBreak? FirstBreak)
{
    public bool IsIntact => FirstBreak is null;
}

/// <summary>
/// An entry noted outside the database (printed by <c>egide audit verify</c>, kept in a ticket or a register):
/// the chain alone cannot show that entries were cut from its end; an anchor can.
/// </summary>
public sealed record AuditAnchor(long Sequence, string Hash)
{
    /// <summary>"42:ab12…" (the number, a colon, the 64 hex digits).</summary>
    public static bool TryParse(string text, out AuditAnchor? anchor)
    {
        anchor = null;
        var parts = (text ?? "").Trim().Split(':');
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || sequence < 1
            || parts[1].Length != 64 || !parts[1].All(Uri.IsHexDigit))
        {
            return false;
        }
        anchor = new AuditAnchor(sequence, parts[1].ToLowerInvariant());
        return true;
    }

    public override string ToString() => $"{Sequence.ToString(CultureInfo.InvariantCulture)}:{Hash}";
}

/// <summary>Walks the audit trail in order and checks every link of the chain.</summary>
public static class AuditVerifier
{
    /// <summary>Entries read per query: memory stays bounded whatever the length of the trail.</summary>
    public const int BatchSize = 1000;

    public static Task<AuditVerification> VerifyAsync(EgideDb db, CancellationToken ct) => VerifyAsync(db, null, ct);

    public static async Task<AuditVerification> VerifyAsync(EgideDb db, AuditAnchor? anchor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        long checkedCount = 0;
        long? lastSequence = null;
        var previousHash = AuditHash.Genesis;
        var after = long.MinValue;
        while (true)
        {
            // Keyset pages in sequence order: each query is short, nothing holds the whole trail.
            var batch = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Sequence > after)
                .OrderBy(e => e.Sequence)
                .Take(BatchSize)
                .ToListAsync(ct);
            foreach (var entry in batch)
            {
                var expected = (lastSequence ?? 0) + 1;
                var broken = Check(entry, expected, previousHash);
                if (broken is null && anchor is not null && entry.Sequence == anchor.Sequence && entry.Hash != anchor.Hash)
                {
                    broken = new AuditBreak(entry.Sequence, AuditBreakKind.AnchorMismatch,
                        "son empreinte n'est plus celle qui avait été relevée (la fin de la piste a été réécrite)");
                }
                if (broken is not null)
                {
                    return new AuditVerification(checkedCount, lastSequence, previousHash, broken);
                }
                checkedCount++;
                lastSequence = entry.Sequence;
                previousHash = entry.Hash;
            }
            if (batch.Count < BatchSize)
            {
                break;
            }
            after = batch[^1].Sequence;
        }

        if (anchor is not null && (lastSequence ?? 0) < anchor.Sequence)
        {
            return new AuditVerification(checkedCount, lastSequence, lastSequence is null ? null : previousHash,
                new AuditBreak(anchor.Sequence, AuditBreakKind.AnchorMismatch,
                    $"l'entrée relevée manque : la piste s'arrête {(lastSequence is { } last ? $"à l'entrée n° {last}" : "avant sa première entrée")} (entrées supprimées à la fin)"));
        }
        return new AuditVerification(checkedCount, lastSequence, lastSequence is null ? null : previousHash, null);
    }

    private static AuditBreak? Check(AuditEntry entry, long expected, string previousHash)
    {
        if (entry.Sequence != expected)
        {
            return new AuditBreak(entry.Sequence, AuditBreakKind.SequenceGap, entry.Sequence > expected
                ? $"numérotation rompue, l'entrée n° {expected} manque (supprimée ou déplacée)"
                : $"numérotation rompue, n° {expected} attendu (entrée déplacée)");
        }
        if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
        {
            return new AuditBreak(entry.Sequence, AuditBreakKind.PreviousHashMismatch, expected == 1
                ? "chaînage rompu, la première entrée ne part pas de l'origine (entrées supprimées au début ou remplacées)"
                : $"chaînage rompu, l'entrée ne suit pas l'entrée n° {expected - 1} (entrées échangées, supprimées ou remplacées)");
        }
        if (!string.Equals(AuditHash.Compute(entry), entry.Hash, StringComparison.Ordinal))
        {
            return new AuditBreak(entry.Sequence, AuditBreakKind.HashMismatch,
                "contenu modifié, l'empreinte ne correspond plus au contenu de l'entrée");
        }
        return null;
    }
}
