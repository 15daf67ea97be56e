using System.Text;
using Egide.Core.Audit;
using Xunit;

namespace Egide.Core.Tests.Audit;

/// <summary>The canonical form, byte for byte: the vector of docs/audit-trail.md, for checkers written elsewhere.</summary>
public sealed class AuditHashTests
{
    private static AuditEntry Vector() => new()
    {
        Sequence = 1,
        At = new DateTime(2026, 11, 23, 10, 15, 0, DateTimeKind.Utc).AddTicks(1234567),
        ActorUserId = null,
        ActorName = "système",
        Via = "cli",
        OrganizationId = Guid.Parse("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"),
        Action = "Created",
        EntityType = "Organization",
        EntityId = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
        Changes = """{"Name":{"after":"Commune d'Écoust"}}""",
        PreviousHash = AuditHash.Genesis,
    };

    [Fact]
    public void CanonicalForm_Vector_LengthPrefixedFieldsInFixedOrder()
    {
        var text = Encoding.UTF8.GetString(AuditHash.CanonicalForm(Vector()));

        Assert.Equal(
            "egide-audit-v1\n1:1\n27:2026-11-23T10:15:00.123456Z\n-\n8:système\n3:cli\n36:0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\n"
            + "7:Created\n12:Organization\n36:0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\n38:{\"Name\":{\"after\":\"Commune d'Écoust\"}}\n"
            + "64:" + new string('0', 64) + "\n",
            text);
    }

    [Fact]
    public void Compute_Vector_KnownHash() =>
        Assert.Equal("b17a016f928da1bd2f64785efb5dcd30c62b6f7124e2610be4a3bd855742ddb6", AuditHash.Compute(Vector()));

    [Fact]
    public void Compute_FieldBoundaryMoved_DifferentHash()
    {
        var a = Vector();
        a.ActorName = "a";
        a.Via = "b";
        var b = Vector();
        b.ActorName = "a\n1:b";
        b.Via = null;
        var c = Vector();
        c.Via = "";
        var d = Vector();
        d.Via = null;

        Assert.NotEqual(AuditHash.Compute(a), AuditHash.Compute(b));
        Assert.NotEqual(AuditHash.Compute(c), AuditHash.Compute(d));
    }

    [Fact]
    public void Compute_SubMicrosecondTicks_IgnoredAsTheDatabasesDo()
    {
        var stored = Vector();
        var written = Vector();
        written.At = written.At.AddTicks(2); // .1234567 s becomes .1234569 s: the same microsecond

        Assert.Equal(AuditHash.Compute(stored), AuditHash.Compute(written));
    }
}
