using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Data;

public sealed class ModelTests
{
    /// <summary>Each provider's migrations describe the current model: a change without its migration fails here.</summary>
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Migrations_EachProvider_MatchTheModel(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var db = database.CreateDb();
        Assert.False(db.Database.HasPendingModelChanges());
    }
}
