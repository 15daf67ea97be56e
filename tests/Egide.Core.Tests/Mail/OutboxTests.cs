using Egide.Core.Data;
using Egide.Core.Mail;
using Egide.Core.Organizations;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Mail;

/// <summary>Enqueueing: a message is stored with the change that causes it, or not at all.</summary>
public sealed class OutboxTests
{
    private static readonly TestClock Clock = TestClock.At(2026, 11, 23, 9, 30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static MailDraft Draft(string to, string? key = null) => new(
        to,
        "Réinitialisation de votre mot de passe",
        "Bonjour,\n\nVoici le lien pour choisir un nouveau mot de passe : il est valable une heure.\n\nÉgide",
        Key: key);

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Enqueue_Saved_StoredDueNowAndUnsent(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var to = TestSmtp.NewRecipient();
        var organizationId = Guid.CreateVersion7();
        Guid id;
        await using (var db = database.CreateDb())
        {
            id = db.Enqueue(Draft(to) with { HtmlBody = "<p>Bonjour</p>", OrganizationId = organizationId }, Clock).Id;
            await db.SaveChangesAsync(Ct);
        }

        await using var read = database.CreateDb();
        var message = await read.OutboxMessages.SingleAsync(Ct);
        Assert.Equal(id, message.Id);
        Assert.Equal(7, message.Id.Version);
        Assert.Equal(to, message.To);
        Assert.Equal("Réinitialisation de votre mot de passe", message.Subject);
        Assert.Equal(Draft(to).TextBody, message.TextBody);
        Assert.Equal("<p>Bonjour</p>", message.HtmlBody);
        Assert.Equal(organizationId, message.OrganizationId);
        Assert.Equal(Clock.Now.UtcDateTime, message.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, message.CreatedAt.Kind);
        Assert.Equal(Clock.Now.UtcDateTime, message.NextAttemptAt);
        Assert.Equal(0, message.Attempts);
        Assert.Null(message.SentAt);
        Assert.Null(message.LastError);
        Assert.Null(message.ClaimedUntil);
        Assert.Null(message.Key);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Enqueue_WithAChangeInOneSave_BothCommittedOrNeither(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.CreateDb())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            db.Organizations.Add(NewOrganization("Commune annulée"));
            db.Enqueue(Draft(TestSmtp.NewRecipient()), Clock);
            await db.SaveChangesAsync(Ct);
            await transaction.RollbackAsync(Ct);
        }
        await using (var db = database.CreateDb())
        {
            db.Organizations.Add(NewOrganization("Commune enregistrée"));
            db.Enqueue(Draft(TestSmtp.NewRecipient()), Clock);
            await db.SaveChangesAsync(Ct);
        }

        await using var read = database.CreateDb();
        Assert.Equal("Commune enregistrée", (await read.Organizations.SingleAsync(Ct)).Name);
        Assert.Equal(1, await read.OutboxMessages.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Enqueue_SameKeyTwice_OneMessage(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        const string key = "reminder:request:123:7d";
        var to = TestSmtp.NewRecipient();
        await using (var db = database.CreateDb())
        {
            Assert.False(await db.IsEnqueuedAsync(key, Ct));
            var first = db.Enqueue(Draft(to, key), Clock);
            var second = db.Enqueue(Draft(to, key), Clock);
            Assert.Same(first, second);
            db.Enqueue(Draft(to, "reminder:request:123:1d"), Clock); // another key is another mail
            await db.SaveChangesAsync(Ct);
        }

        // Another transaction (a second run of the job, a second node) enqueueing the same key commits nothing.
        await using (var db = database.CreateDb())
        {
            Assert.True(await db.IsEnqueuedAsync(key, Ct));
            db.Organizations.Add(NewOrganization("Effet du second passage"));
            db.Enqueue(Draft(to, key), Clock);
            var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
            Assert.True(DbErrors.IsUniqueViolation(error));
        }

        await using var read = database.CreateDb();
        Assert.Equal(1, await read.OutboxMessages.CountAsync(m => m.Key == key, Ct));
        Assert.Equal(2, await read.OutboxMessages.CountAsync(Ct));
        Assert.False(await read.Organizations.AnyAsync(Ct));
    }

    [Theory]
    [InlineData("pas une adresse", "Objet", "Texte", null)]
    [InlineData("Alice <alice@exemple.fr>", "Objet", "Texte", null)]
    [InlineData("alice@exemple.fr", "", "Texte", null)]
    [InlineData("alice@exemple.fr", "Objet\r\nBcc: eve@exemple.fr", "Texte", null)]
    [InlineData("alice@exemple.fr", "Objet", " ", null)]
    [InlineData("alice@exemple.fr", "Objet", "Texte", "")]
    public void Enqueue_MalformedDraft_Throws(string to, string subject, string text, string? key)
    {
        var settings = new Core.Configuration.EgideSettings("unused", null,
            new Core.Configuration.SmtpSettings(null, 25, Core.Configuration.SmtpSecurity.Auto, null, null, "egide@localhost"), false, new Uri("http://localhost:5080"));
        using var db = new EgideDbFactory(settings).Create(); // never opened: Enqueue touches only the context
        Assert.Throws<ArgumentException>(() => db.Enqueue(new MailDraft(to, subject, text, Key: key), Clock));
        Assert.Empty(db.ChangeTracker.Entries());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 16)]
    [InlineData(6, 32)]
    [InlineData(7, 60)] // 64 minutes, capped at one hour
    [InlineData(8, 60)]
    [InlineData(1000, 60)]
    [InlineData(int.MaxValue, 60)]
    public void RetryDelay_AfterFailures_DoublesFromOneMinuteUpToOneHour(int failedAttempts, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), OutboxSender.RetryDelay(failedAttempts));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void RetryDelay_NoFailure_Throws(int failedAttempts) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => OutboxSender.RetryDelay(failedAttempts));

    private static Organization NewOrganization(string name) => new()
    {
        Kind = OrganizationKind.Commune,
        Name = name,
        SearchName = name.ToLowerInvariant(),
        Version = 1,
    };
}
