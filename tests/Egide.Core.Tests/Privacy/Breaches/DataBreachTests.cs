using Egide.Core.Account;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Breaches;
using Egide.Core.Privacy.Register;
using Egide.Core.Tests.Data;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Privacy.Breaches;

public sealed class DataBreachTests
{
    private static readonly RegisterActor Referent = new(Guid.NewGuid(), "Bruno Petit", OrganizationRoles.PrivacyReferent);
    private static readonly RegisterActor Mayor = new(Guid.NewGuid(), "Claire Lefebvre", OrganizationRoles.Controller);
    private static readonly RegisterActor Reader = new(Guid.NewGuid(), "Lucie Lecteur", OrganizationRoles.Reader);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>23/11/2026 at 14 h 05 in Paris (UTC+1).</summary>
    private static TestClock Now() => TestClock.At(2026, 11, 23, 13, 5);

    private sealed class Breaches(TestDatabase database, Guid organization, TestClock clock)
    {
        public TestClock Clock => clock;

        public EgideDb Db() => database.CreateDb(clock).UseOrganization(organization);

        public async Task<Result<Guid>> Record(DataBreachInput input, RegisterActor? actor = null)
        {
            await using var db = Db();
            return await new RecordDataBreach.Handler(db, clock).Handle(input, actor ?? Referent, Ct);
        }

        public async Task<Result<int>> Update(Guid id, int version, DataBreachInput input)
        {
            await using var db = Db();
            return await new UpdateDataBreach.Handler(db, clock).Handle(new UpdateDataBreach.Command(id, version, input), Referent, Ct);
        }

        public async Task<Result<int>> Decide(Guid id, NotificationDecision decision, string? reason, RegisterActor? actor = null)
        {
            await using var db = Db();
            return await new DecideBreachNotification.Handler(db, clock)
                .Handle(new DecideBreachNotification.Command(id, (await Read(id)).Version, decision, reason), actor ?? Mayor, Ct);
        }

        public async Task<Result<Guid>> Notify(Guid id, NotificationKind kind, DateTime notifiedAt, string? cnilReference = null, string? delayReason = null)
        {
            await using var db = Db();
            return await new RecordBreachNotification.Handler(db, clock)
                .Handle(new RecordBreachNotification.Command(id, kind, notifiedAt, cnilReference, delayReason), Referent, Ct);
        }

        public async Task<Result<int>> Persons(Guid id, PersonsCommunication communication, PersonsExemption? exemption = null, DateOnly? on = null, string? detail = null)
        {
            await using var db = Db();
            return await new RecordPersonsCommunication.Handler(db, clock)
                .Handle(new RecordPersonsCommunication.Command(id, (await Read(id)).Version, communication, exemption, on, detail), Mayor, Ct);
        }

        public async Task<Result<int>> Close(Guid id, string? summary)
        {
            await using var db = Db();
            return await new CloseDataBreach.Handler(db, clock).Handle(new CloseDataBreach.Command(id, (await Read(id)).Version, summary), Referent, Ct);
        }

        public async Task<Result<GetDataBreach.Details>> Get(Guid id, RegisterActor? actor = null)
        {
            await using var db = Db();
            return await new GetDataBreach.Handler(db, clock).Handle(id, actor ?? Referent, Ct);
        }

        public async Task<DataBreach> Read(Guid id)
        {
            await using var db = Db();
            return await db.DataBreaches.AsNoTracking().SingleAsync(b => b.Id == id, Ct);
        }
    }

    private static async Task<(TestDatabase Database, Breaches Breaches, Guid Organization)> SetUp(Db provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var organization = await TenancyTests.OrganizationAsync(database, "Commune d'Achicourt");
        return (database, new Breaches(database, organization, Now()), organization);
    }

    private static DataBreachInput Mail(DateTime awareAt, BreachRisk risk = BreachRisk.Risk) => new()
    {
        Title = "Courriel envoyé au mauvais destinataire",
        AwareAt = awareAt,
        Nature = BreachNature.Confidentiality,
        Origin = BreachOrigin.InternalAccidental,
        PersonsCount = 12,
        Risk = risk,
        RiskReasoning = risk == BreachRisk.NotAssessed ? null : "Adresses et situations familiales de 12 usagers.",
    };

    private static string[] ErrorsOn(Failure? failure, string field) =>
        Assert.IsType<ValidationFailure>(failure).Errors.TryGetValue(field, out var messages) ? messages : [];

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Record_AwarenessInTheFuture_RefusedNothingSaved(Db provider)
    {
        var (database, breaches, _) = await SetUp(provider);
        await using var _db = database;

        var result = await breaches.Record(Mail(breaches.Clock.Now.UtcDateTime.AddMinutes(10)));

        Assert.Equal(["La prise de connaissance ne peut pas être dans le futur."], ErrorsOn(result.Failure, "AwareAt"));
        await using var db = breaches.Db();
        Assert.Equal(0, await db.DataBreaches.CountAsync(Ct));
        // A few minutes ahead (a computer's clock) is not the future.
        Assert.True((await breaches.Record(Mail(breaches.Clock.Now.UtcDateTime.AddMinutes(4)))).IsSuccess);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Record_Several_NumberedPerParisYearOfAwareness(Db provider)
    {
        var (database, breaches, _) = await SetUp(provider);
        await using var _db = database;

        var first = await breaches.Record(Mail(new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc)));
        var second = await breaches.Record(Mail(new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc)));
        // 31/12/2025 at 23:30 UTC is already 01/01/2026 in Paris.
        var newYear = await breaches.Record(Mail(new DateTime(2025, 12, 31, 23, 30, 0, DateTimeKind.Utc)));
        var lastYear = await breaches.Record(Mail(new DateTime(2025, 12, 31, 22, 30, 0, DateTimeKind.Utc)));

        Assert.Equal("VD-2026-001", (await breaches.Read(first.Value)).Reference);
        Assert.Equal("VD-2026-002", (await breaches.Read(second.Value)).Reference);
        Assert.Equal("VD-2026-003", (await breaches.Read(newYear.Value)).Reference);
        Assert.Equal("VD-2025-001", (await breaches.Read(lastYear.Value)).Reference);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Record_HighRiskZeroPersonsUnexplained_RefusedOnPersonsCount(Db provider)
    {
        var (database, breaches, _) = await SetUp(provider);
        await using var _db = database;
        var input = Mail(breaches.Clock.Now.UtcDateTime.AddHours(-2), BreachRisk.HighRisk) with { PersonsCount = 0, RiskReasoning = " " };

        var result = await breaches.Record(input);

        var message = Assert.Single(ErrorsOn(result.Failure, "PersonsCount"));
        Assert.StartsWith("Un risque élevé pour 0 personne concernée doit être expliqué", message, StringComparison.Ordinal);
        Assert.NotEmpty(ErrorsOn(result.Failure, "RiskReasoning"));
        // Explained (the persons are not counted yet, the data are health data), it is recorded.
        Assert.True((await breaches.Record(input with { RiskReasoning = "Dossiers médicaux du CCAS, nombre de personnes en cours de décompte." })).IsSuccess);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Record_RiskAssessedWithoutNatureOrReasoning_FrenchErrorsByField(Db provider)
    {
        var (database, breaches, _) = await SetUp(provider);
        await using var _db = database;
        var now = breaches.Clock.Now.UtcDateTime;

        var result = await breaches.Record(new DataBreachInput
        {
            Title = "", AwareAt = now.AddHours(-1), OccurredFrom = now.AddMinutes(-30), OccurredUntil = now.AddHours(-3),
            Risk = BreachRisk.Risk, RecordsCount = -1,
        });

        var errors = Assert.IsType<ValidationFailure>(result.Failure).Errors;
        Assert.Equal(["Nature", "OccurredFrom", "OccurredUntil", "RecordsCount", "RiskReasoning", "Title"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(6, errors.Count);
        Assert.Contains("commencé après sa prise de connaissance", errors["OccurredFrom"][0], StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Notify_Past72HoursWithoutDelayReason_RefusedThenAcceptedWithTheReasons(Db provider)
    {
        var (database, breaches, _) = await SetUp(provider);
        await using var _db = database;
        var aware = breaches.Clock.Now.UtcDateTime.AddHours(-80);
        var id = (await breaches.Record(Mail(aware))).Value;
        var late = aware.AddHours(75);

        var refused = await breaches.Notify(id, NotificationKind.Complete, late);

        Assert.Contains("motifs du retard", Assert.Single(ErrorsOn(refused.Failure, "DelayReason")), StringComparison.Ordinal);
        await using (var db = breaches.Db())
        {
            Assert.Equal(0, await db.BreachNotifications.CountAsync(Ct));
        }
        // In time, no reason is asked.
        var accepted = await breaches.Notify(id, NotificationKind.Complete, late, "CNIL-2026-4417", "Le prestataire n'a confirmé la fuite qu'au troisième jour.");
        Assert.True(accepted.IsSuccess, accepted.Failure?.ToString());
        var details = (await breaches.Get(id)).Value;
        var notification = Assert.Single(details.Notifications);
        Assert.Contains("Motifs du retard : Le prestataire n'a confirmé la fuite qu'au troisième jour.", notification.Content, StringComparison.Ordinal);
        Assert.Equal("CNIL-2026-4417", notification.CnilReference);
        Assert.Equal(NotificationDecision.Notify, details.Breach.Decision);
        Assert.Equal("Le prestataire n'a confirmé la fuite qu'au troisième jour.", details.Breach.DelayReason);
        Assert.Equal(BreachClockStatus.Notified, details.Clock.Status);
        Assert.Equal($"notifiée le {FrenchFormat.DateAndTime(late)}", details.Clock.Text);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Notify_InTime_NoReasonAskedAndNoDelaySection(Db provider)
    {
        var (database, breaches, _) = await SetUp(provider);
        await using var _db = database;
        var aware = breaches.Clock.Now.UtcDateTime.AddHours(-10);
        var id = (await breaches.Record(Mail(aware))).Value;

        var result = await breaches.Notify(id, NotificationKind.Complete, aware.AddHours(9));

        Assert.True(result.IsSuccess, result.Failure?.ToString());
        Assert.DoesNotContain("Motifs du retard", Assert.Single((await breaches.Get(id)).Value.Notifications).Content, StringComparison.Ordinal);
        // A notification before the awareness, or in the future, is refused.
        Assert.NotEmpty(ErrorsOn((await breaches.Notify(id, NotificationKind.Complementary, aware.AddHours(-1))).Failure, "NotifiedAt"));
        Assert.NotEmpty(ErrorsOn((await breaches.Notify(id, NotificationKind.Complementary, breaches.Clock.Now.UtcDateTime.AddHours(1))).Failure, "NotifiedAt"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Notify_ComplementaryWithoutInitial_RefusedThenCompletesTheInitial(Db provider)
    {
        var (database, breaches, _) = await SetUp(provider);
        await using var _db = database;
        var aware = breaches.Clock.Now.UtcDateTime.AddHours(-30);
        var id = (await breaches.Record(Mail(aware))).Value;

        var refused = await breaches.Notify(id, NotificationKind.Complementary, aware.AddHours(2));
        Assert.Contains("enregistrez d'abord la notification initiale", Assert.Single(ErrorsOn(refused.Failure, "Kind")), StringComparison.Ordinal);

        Assert.True((await breaches.Notify(id, NotificationKind.Initial, aware.AddHours(5), "CNIL-0001")).IsSuccess);
        Assert.NotEmpty(ErrorsOn((await breaches.Notify(id, NotificationKind.Complete, aware.AddHours(6))).Failure, "Kind"));
        Assert.NotEmpty(ErrorsOn((await breaches.Notify(id, NotificationKind.Initial, aware.AddHours(6))).Failure, "Kind"));
        var complementary = await breaches.Notify(id, NotificationKind.Complementary, aware.AddHours(20));

        Assert.True(complementary.IsSuccess, complementary.Failure?.ToString());
        var content = (await breaches.Get(id)).Value.Notifications[1].Content;
        Assert.Contains($"Notification initiale du : {FrenchFormat.DateAndTime(aware.AddHours(5))}", content, StringComparison.Ordinal);
        Assert.Contains("Numéro de la notification initiale à la CNIL : CNIL-0001", content, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Notify_ComplementaryPast72Hours_JudgedOnTheInitialOne(Db provider)
    {
        var (database, breaches, _) = await SetUp(provider);
        await using var _db = database;
        var aware = breaches.Clock.Now.UtcDateTime.AddDays(-20);
        var onTime = (await breaches.Record(Mail(aware, BreachRisk.Risk))).Value;
        var late = (await breaches.Record(Mail(aware, BreachRisk.Risk) with { Title = "Serveur chiffré" })).Value;
        Assert.True((await breaches.Notify(onTime, NotificationKind.Initial, aware.AddHours(30))).IsSuccess);
        Assert.True((await breaches.Notify(late, NotificationKind.Initial, aware.AddHours(100), delayReason: "Prestataire injoignable.")).IsSuccess);

        // Days later: the complementary notification of a timely initial one needs no reasons and states no delay.
        var complementary = await breaches.Notify(onTime, NotificationKind.Complementary, aware.AddDays(10));
        var lateComplementary = await breaches.Notify(late, NotificationKind.Complementary, aware.AddDays(10));

        Assert.True(complementary.IsSuccess, complementary.Failure?.ToString());
        Assert.DoesNotContain("Motifs du retard", (await breaches.Get(onTime)).Value.Notifications[1].Content, StringComparison.Ordinal);
        Assert.True(lateComplementary.IsSuccess, lateComplementary.Failure?.ToString());
        var text = (await breaches.Get(late)).Value.Notifications[1].Content;
        Assert.Contains("Notification initiale faite 100 h 00 min après la prise de connaissance, au-delà du délai de 72 heures.", text, StringComparison.Ordinal);
        Assert.Contains("Motifs du retard : Prestataire injoignable.", text, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Notify_ClosedBreach_TakesOnlyComplementaryNotifications(Db provider)
    {
        var (database, breaches, _) = await SetUp(provider);
        await using var _db = database;
        var aware = breaches.Clock.Now.UtcDateTime.AddHours(-60);
        var id = (await breaches.Record(Mail(aware, BreachRisk.Risk))).Value;
        Assert.True((await breaches.Notify(id, NotificationKind.Initial, aware.AddHours(10), "CNIL-0002")).IsSuccess);
        Assert.True((await breaches.Close(id, "Mots de passe changés, prestataire relancé.")).IsSuccess);

        var again = await breaches.Notify(id, NotificationKind.Initial, aware.AddHours(20));
        var complementary = await breaches.Notify(id, NotificationKind.Complementary, aware.AddHours(50));

        Assert.Contains("seule une notification complémentaire", Assert.IsType<ConflictFailure>(again.Failure).Message, StringComparison.Ordinal);
        Assert.True(complementary.IsSuccess, complementary.Failure?.ToString());
        var details = (await breaches.Get(id)).Value;
        Assert.Equal([NotificationKind.Initial, NotificationKind.Complementary], details.Notifications.Select(n => n.Kind));
        Assert.NotNull(details.Breach.ClosedAt);
        // Closed stays closed for everything else.
        Assert.IsType<ConflictFailure>((await breaches.Decide(id, NotificationDecision.Notify, null)).Failure);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Notify_ClosedBreachNotifiedAtOnce_ComplementaryRefusedWithoutInitial(Db provider)
    {
        var (database, breaches, _) = await SetUp(provider);
        await using var _db = database;
        var aware = breaches.Clock.Now.UtcDateTime.AddHours(-60);
        var id = (await breaches.Record(Mail(aware, BreachRisk.Risk))).Value;
        Assert.True((await breaches.Notify(id, NotificationKind.Complete, aware.AddHours(10))).IsSuccess);
        Assert.True((await breaches.Close(id, "Bilan fait.")).IsSuccess);

        var refused = await breaches.Notify(id, NotificationKind.Complementary, aware.AddHours(50));

        Assert.NotEmpty(ErrorsOn(refused.Failure, "Kind"));
        Assert.False((await breaches.Get(id)).Value.TakesComplementary);
        Assert.Single((await breaches.Get(id)).Value.Notifications);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Close_WhileUndecided_RefusedThenClosedOnceDecided(Db provider)
    {
        var (database, breaches, _) = await SetUp(provider);
        await using var _db = database;
        var id = (await breaches.Record(Mail(breaches.Clock.Now.UtcDateTime.AddHours(-5), BreachRisk.None))).Value;

        var refused = await breaches.Close(id, "Le destinataire a supprimé le courriel.");

        Assert.Contains("n'est pas prise", Assert.Single(ErrorsOn(refused.Failure, "Decision")), StringComparison.Ordinal);
        Assert.Null((await breaches.Read(id)).ClosedAt);

        Assert.NotEmpty(ErrorsOn((await breaches.Decide(id, NotificationDecision.DoNotNotify, null)).Failure, "Reason"));
        Assert.True((await breaches.Decide(id, NotificationDecision.DoNotNotify, "Destinataire interne, courriel supprimé sans ouverture.")).IsSuccess);
        Assert.Equal(BreachClockStatus.NotNotified, (await breaches.Get(id)).Value.Clock.Status);
        Assert.True((await breaches.Close(id, "Le destinataire a supprimé le courriel.")).IsSuccess);

        var closed = await breaches.Read(id);
        Assert.Equal((breaches.Clock.Now.UtcDateTime, "Bruno Petit"), (DateTime.SpecifyKind(closed.ClosedAt!.Value, DateTimeKind.Utc), closed.ClosedByName));
        Assert.IsType<ConflictFailure>((await breaches.Update(id, closed.Version, Mail(closed.AwareAt))).Failure);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Close_NotifyDecidedButNotNotified_Or_HighRiskPersonsUndecided_Refused(Db provider)
    {
        var (database, breaches, _) = await SetUp(provider);
        await using var _db = database;
        var aware = breaches.Clock.Now.UtcDateTime.AddHours(-5);
        var id = (await breaches.Record(Mail(aware, BreachRisk.HighRisk))).Value;
        Assert.True((await breaches.Decide(id, NotificationDecision.Notify, null)).IsSuccess);

        var refused = Assert.IsType<ValidationFailure>((await breaches.Close(id, "Bilan")).Failure);

        Assert.Contains("n'est pas enregistrée", refused.Errors["Decision"][0], StringComparison.Ordinal);
        Assert.Contains("Le risque est élevé", refused.Errors["PersonsCommunication"][0], StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Decide_DoNotNotifyHighRisk_Refused(Db provider)
    {
        var (database, breaches, _) = await SetUp(provider);
        await using var _db = database;
        var id = (await breaches.Record(Mail(breaches.Clock.Now.UtcDateTime.AddHours(-5), BreachRisk.HighRisk))).Value;

        var result = await breaches.Decide(id, NotificationDecision.DoNotNotify, "Nous pensons que ce n'est pas grave.");

        Assert.StartsWith("Un risque élevé impose la notification", Assert.Single(ErrorsOn(result.Failure, "Decision")), StringComparison.Ordinal);
        Assert.Equal(NotificationDecision.Pending, (await breaches.Read(id)).Decision);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Persons_NotRequiredOnHighRisk_RefusedInformedOrExemptedAccepted(Db provider)
    {
        var (database, breaches, _) = await SetUp(provider);
        await using var _db = database;
        var id = (await breaches.Record(Mail(breaches.Clock.Now.UtcDateTime.AddHours(-30), BreachRisk.HighRisk))).Value;

        var refused = await breaches.Persons(id, PersonsCommunication.NotRequired);
        Assert.Equal(["Un risque élevé impose d'informer les personnes (article 34) ou de justifier une exemption."], ErrorsOn(refused.Failure, "Communication"));
        Assert.NotEmpty(ErrorsOn((await breaches.Persons(id, PersonsCommunication.Exempted, detail: "Chiffré")).Failure, "Exemption"));
        Assert.NotEmpty(ErrorsOn((await breaches.Persons(id, PersonsCommunication.Informed, on: new DateOnly(2026, 11, 24), detail: "Courrier")).Failure, "InformedOn"));

        var informed = await breaches.Persons(id, PersonsCommunication.Informed, on: new DateOnly(2026, 11, 23), detail: "Courrier à chaque usager.");

        Assert.True(informed.IsSuccess, informed.Failure?.ToString());
        var breach = await breaches.Read(id);
        Assert.Equal((PersonsCommunication.Informed, new DateOnly(2026, 11, 23)), (breach.PersonsCommunication, breach.PersonsInformedOn));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Update_StaleVersion_ConflictNothingSaved(Db provider)
    {
        var (database, breaches, _) = await SetUp(provider);
        await using var _db = database;
        var aware = breaches.Clock.Now.UtcDateTime.AddHours(-5);
        var id = (await breaches.Record(Mail(aware))).Value;
        Assert.Equal(2, (await breaches.Update(id, 1, Mail(aware) with { Title = "Premier changement" })).Value);

        var stale = await breaches.Update(id, 1, Mail(aware) with { Title = "Second changement" });

        Assert.IsType<ConflictFailure>(stale.Failure);
        Assert.Equal(("Premier changement", 2), ((await breaches.Read(id)).Title, (await breaches.Read(id)).Version));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Breach_AnotherOrganisationsOrAReader_NotFoundOrForbidden(Db provider)
    {
        var (database, breaches, _) = await SetUp(provider);
        await using var _db = database;
        var id = (await breaches.Record(Mail(breaches.Clock.Now.UtcDateTime.AddHours(-5)))).Value;
        var other = new Breaches(database, await TenancyTests.OrganizationAsync(database, "Commune de Beaurains"), breaches.Clock);

        Assert.IsType<NotFoundFailure>((await other.Get(id)).Failure);
        Assert.IsType<NotFoundFailure>((await other.Update(id, 1, Mail(breaches.Clock.Now.UtcDateTime.AddHours(-5)))).Failure);
        Assert.IsType<ForbiddenFailure>((await breaches.Get(id, Reader)).Failure);
        Assert.IsType<ForbiddenFailure>((await breaches.Record(Mail(breaches.Clock.Now.UtcDateTime), Mayor)).Failure);
        // The controller sees and decides, the CISO sees.
        Assert.True((await breaches.Get(id, Mayor)).IsSuccess);
        Assert.True((await breaches.Get(id, new RegisterActor(null, "RSSI", OrganizationRoles.Ciso))).IsSuccess);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_OpenFirstThenLatestAwareness(Db provider)
    {
        var (database, breaches, _) = await SetUp(provider);
        await using var _db = database;
        var now = breaches.Clock.Now.UtcDateTime;
        var old = (await breaches.Record(Mail(now.AddDays(-10), BreachRisk.None) with { Title = "Ancienne" })).Value;
        await breaches.Record(Mail(now.AddDays(-5)) with { Title = "Moyenne" });
        await breaches.Record(Mail(now.AddHours(-1)) with { Title = "Récente" });
        await breaches.Decide(old, NotificationDecision.DoNotNotify, "Sans risque.");
        await breaches.Close(old, "Rien à signaler.");

        await using var db = breaches.Db();
        var handler = new ListDataBreaches.Handler(db, breaches.Clock);
        var all = (await handler.Handle(BreachFilter.All, Referent, Ct)).Value;
        var open = (await handler.Handle(BreachFilter.Open, Referent, Ct)).Value;

        Assert.Equal(["Récente", "Moyenne", "Ancienne"], all.Select(b => b.Title));
        Assert.Equal(["Récente", "Moyenne"], open.Select(b => b.Title));
        Assert.Equal("reste 71 h 00 min", open[0].Clock.Text);
        Assert.Equal("délai dépassé de 48 h 00 min", open[1].Clock.Text);
        Assert.Equal("non notifiée (décision motivée)", all[2].Clock.Text);
    }
}
