using Egide.Core.Account;
using Egide.Core.Audit;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Requests;
using Egide.Core.Tests.Data;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Privacy.Requests;

public sealed class RightsRequestTests
{
    private static readonly RegisterActor Referent = new(Guid.NewGuid(), "Bruno Petit", OrganizationRoles.PrivacyReferent);
    private static readonly RegisterActor Mayor = new(Guid.NewGuid(), "Claire Lefebvre", OrganizationRoles.Controller);
    private static readonly RegisterActor Reader = new(Guid.NewGuid(), "Léa Roux", OrganizationRoles.Reader);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private sealed class Requests(TestDatabase database, Guid organization, TestClock clock)
    {
        public TestClock Clock => clock;

        public Guid Organization => organization;

        public EgideDb Db() => database.CreateDb(clock).UseOrganization(organization);

        public async Task<Result<Guid>> Record(RightsRequestInput input, RegisterActor? actor = null)
        {
            await using var db = Db();
            return await new RecordRightsRequest.Handler(db, clock).Handle(input, actor ?? Referent, Ct);
        }

        public async Task<Result<int>> Update(Guid id, int version, RightsRequestInput input, RegisterActor? actor = null)
        {
            await using var db = Db();
            return await new UpdateRightsRequest.Handler(db, clock).Handle(new UpdateRightsRequest.Command(id, version, input), actor ?? Referent, Ct);
        }

        public async Task<Result<int>> Act(ChangeRightsRequest.Command command, RegisterActor? actor = null)
        {
            await using var db = Db();
            return await new ChangeRightsRequest.Handler(db, clock).Handle(command, actor ?? Referent, Ct);
        }

        public async Task<Result<GetRightsRequest.Details>> Get(Guid id, RegisterActor? actor = null)
        {
            await using var db = Db();
            return await new GetRightsRequest.Handler(db, clock).Handle(id, actor ?? Referent, Ct);
        }

        public async Task<Page<ListRightsRequests.Item>> List(ListRightsRequests.Query query)
        {
            await using var db = Db();
            return (await new ListRightsRequests.Handler(db, clock).Handle(query, Referent, Ct)).Value;
        }

        public async Task<RightsRequest> Read(Guid id)
        {
            await using var db = Db();
            return await db.RightsRequests.AsNoTracking().SingleAsync(r => r.Id == id, Ct);
        }
    }

    private static async Task<(TestDatabase Database, Requests Requests)> SetUp(Db provider, DateTimeOffset? now = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var organization = await TenancyTests.OrganizationAsync(database, "Commune d'Achicourt");
        return (database, new Requests(database, organization, new TestClock(now ?? new DateTimeOffset(2026, 2, 10, 9, 0, 0, TimeSpan.Zero))));
    }

    private static RightsRequestInput Access(DateOnly receivedOn, string name = "Jeanne Dupont") => new()
    {
        Kind = RightsRequestKind.Access,
        Description = "Copie de son dossier d'inscription à la cantine.",
        RequesterName = name,
        RequesterEmail = "jeanne.dupont@example.org",
        Channel = RequestChannel.Email,
        ReceivedOn = receivedOn,
    };

    private static void AssertError(Result<Guid> result, string field, string message) =>
        AssertError(result.Failure, field, message);

    private static void AssertError(Failure? failure, string field, string message)
    {
        var validation = Assert.IsType<ValidationFailure>(failure);
        Assert.True(validation.Errors.TryGetValue(field, out var messages), $"No error on {field}: {string.Join(", ", validation.Errors.Keys)}");
        Assert.Contains(messages, m => m.Contains(message, StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Record_Received31January2026_DueMonday2MarchNumberedAndReceived(Db provider)
    {
        var (database, requests) = await SetUp(provider);
        await using var _ = database;

        var id = (await requests.Record(Access(D(2026, 1, 31)))).Value;

        var saved = await requests.Read(id);
        // 31/01 + 1 month = 28/02/2026, a Saturday: moved to Monday 2 March.
        Assert.Equal(D(2026, 3, 2), saved.DueDate);
        Assert.Equal("DD-2026-001", saved.Reference);
        Assert.Equal((RightsRequestStatus.Received, 1, "Bruno Petit"), (saved.Status, saved.Version, saved.CreatedByName));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Record_References_NumberedPerOrganisationAndYearOfReceipt(Db provider)
    {
        var (database, requests) = await SetUp(provider);
        await using var _ = database;
        var other = new Requests(database, await TenancyTests.OrganizationAsync(database, "Commune de Beaurains"), requests.Clock);

        var first = (await requests.Record(Access(D(2026, 1, 5)))).Value;
        var lastYear = (await requests.Record(Access(D(2025, 12, 30)))).Value;
        var second = (await requests.Record(Access(D(2026, 2, 2)))).Value;
        var elsewhere = (await other.Record(Access(D(2026, 2, 2)))).Value;

        Assert.Equal("DD-2026-001", (await requests.Read(first)).Reference);
        Assert.Equal("DD-2025-001", (await requests.Read(lastYear)).Reference);
        Assert.Equal("DD-2026-002", (await requests.Read(second)).Reference);
        Assert.Equal("DD-2026-001", (await other.Read(elsewhere)).Reference);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Record_SeveralAtOnce_EachItsOwnNumber(Db provider)
    {
        var (database, requests) = await SetUp(provider);
        await using var _ = database;

        // Whoever loses the race on the unique reference takes the next number.
        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Task.Run(() => requests.Record(Access(D(2026, 2, 2), $"Personne {i}")), Ct)));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Failure?.ToString()));
        await using var db = requests.Db();
        Assert.Equal(["DD-2026-001", "DD-2026-002", "DD-2026-003"], await db.RightsRequests.OrderBy(r => r.Reference).Select(r => r.Reference).ToListAsync(Ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Record_FutureReceiptAndInvalidFields_FrenchErrorsNothingSaved(Db provider)
    {
        var (database, requests) = await SetUp(provider);
        await using var _ = database;

        var future = await requests.Record(Access(D(2026, 2, 11)));
        var invalid = await requests.Record(Access(D(2026, 2, 1), name: " ") with { RequesterEmail = "pas-une-adresse", ActivityIds = [Guid.NewGuid()] });
        var missingDate = await requests.Record(Access(D(2026, 2, 1)) with { ReceivedOn = null });

        AssertError(future, "ReceivedOn", "La date de réception ne peut pas être dans le futur");
        AssertError(invalid, "RequesterName", "Indiquez le nom de la personne");
        AssertError(invalid, "RequesterEmail", "L'adresse électronique de la personne n'est pas valide.");
        AssertError(invalid, "ActivityIds", "n'existe pas dans le registre");
        AssertError(missingDate, "ReceivedOn", "Indiquez la date de réception");
        await using var db = requests.Db();
        Assert.Equal(0, await db.RightsRequests.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Record_ActivitiesOfTheRegister_LinkedAndListedByName(Db provider)
    {
        var (database, requests) = await SetUp(provider);
        await using var _ = database;
        Guid activity;
        await using (var db = requests.Db())
        {
            activity = (await new CreateProcessingActivity.Handler(db, database.Settings, requests.Clock)
                .Handle(new ActivityInput { Reference = "ENF-001", Name = "Restauration scolaire" }, Referent, Ct)).Value;
        }

        var id = (await requests.Record(Access(D(2026, 2, 2)) with { ActivityIds = [activity] })).Value;

        var details = (await requests.Get(id)).Value;
        Assert.Equal(("ENF-001", "Restauration scolaire"), (Assert.Single(details.Activities).Reference, details.Activities[0].Name));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Extend_TwoMonths_ReceiptPlusThreeMonthsMovedPastTheHoliday(Db provider)
    {
        var (database, requests) = await SetUp(provider, new DateTimeOffset(2026, 6, 10, 9, 0, 0, TimeSpan.Zero));
        await using var _ = database;
        var id = (await requests.Record(Access(D(2026, 5, 15)))).Value;
        Assert.Equal(D(2026, 6, 15), (await requests.Read(id)).DueDate);

        var extended = await requests.Act(new ChangeRightsRequest.Command(id, 1, RightsRequestAction.Extend)
        {
            ToldOn = D(2026, 6, 1), ExtensionMonths = 2, Reason = "Dix ans d'archives papier à consulter.",
        });

        Assert.Equal(2, extended.Value);
        var saved = await requests.Read(id);
        // 15/08/2026 is a Saturday and a public holiday: moved to Monday 17 August.
        Assert.Equal((D(2026, 8, 17), 2, D(2026, 6, 1)), (saved.DueDate, saved.ExtensionMonths, saved.ExtensionToldOn));
        Assert.Equal(D(2026, 6, 15), (await requests.Get(id)).Value.FirstDueDate);

        // Recorded again within the first month, the new extension replaces the former.
        Assert.True((await requests.Act(new ChangeRightsRequest.Command(id, 2, RightsRequestAction.Extend)
        {
            ToldOn = D(2026, 6, 2), ExtensionMonths = 1, Reason = "Un mois suffira.",
        })).IsSuccess);
        Assert.Equal((D(2026, 7, 15), 1), ((await requests.Read(id)).DueDate, (await requests.Read(id)).ExtensionMonths));

        // An extension is kept when the request is corrected.
        var corrected = await requests.Update(id, 3, Access(D(2026, 5, 15), name: "Jeanne Dupont-Martin"));
        Assert.Equal(4, corrected.Value);
        Assert.Equal((D(2026, 7, 15), "Jeanne Dupont-Martin"), ((await requests.Read(id)).DueDate, (await requests.Read(id)).RequesterName));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Extend_AfterTheFirstMonthOrForThreeMonths_RefusedInFrenchNothingSaved(Db provider)
    {
        var (database, requests) = await SetUp(provider, new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
        await using var _ = database;
        var id = (await requests.Record(Access(D(2026, 1, 31)))).Value;

        var late = await requests.Act(new ChangeRightsRequest.Command(id, 1, RightsRequestAction.Extend)
        {
            ToldOn = D(2026, 3, 3), ExtensionMonths = 2, Reason = "Complexité de la demande.",
        });
        var tooLong = await requests.Act(new ChangeRightsRequest.Command(id, 1, RightsRequestAction.Extend)
        {
            ToldOn = D(2026, 2, 20), ExtensionMonths = 3, Reason = "Complexité de la demande.",
        });
        var future = await requests.Act(new ChangeRightsRequest.Command(id, 1, RightsRequestAction.Extend)
        {
            ToldOn = D(2026, 3, 11), ExtensionMonths = 1, Reason = "Complexité de la demande.",
        });

        AssertError(late.Failure, "ToldOn", "au plus tard le 02/03/2026");
        AssertError(tooLong.Failure, "ExtensionMonths", "La prolongation est d'un ou de deux mois au plus");
        AssertError(future.Failure, "ToldOn", "date future");
        var saved = await requests.Read(id);
        Assert.Equal((D(2026, 3, 2), (int?)null, 1), (saved.DueDate, saved.ExtensionMonths, saved.Version));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Answer_DatedBeforeReceiptOrInTheFuture_Refused(Db provider)
    {
        var (database, requests) = await SetUp(provider);
        await using var _ = database;
        var id = (await requests.Record(Access(D(2026, 1, 31)))).Value;

        var early = await requests.Act(new ChangeRightsRequest.Command(id, 1, RightsRequestAction.Answer) { AnsweredOn = D(2026, 1, 30), AnswerSummary = "Copie envoyée." });
        var future = await requests.Act(new ChangeRightsRequest.Command(id, 1, RightsRequestAction.Answer) { AnsweredOn = D(2026, 2, 11), AnswerSummary = "Copie envoyée." });
        var empty = await requests.Act(new ChangeRightsRequest.Command(id, 1, RightsRequestAction.Answer) { AnsweredOn = D(2026, 2, 5) });

        var validation = Assert.IsType<ValidationFailure>(early.Failure);
        Assert.Equal(["La réponse ne peut pas être datée d'avant la réception de la demande (31/01/2026)."], validation.Errors["AnsweredOn"]);
        AssertError(future.Failure, "AnsweredOn", "futur");
        AssertError(empty.Failure, "AnswerSummary", "Résumez ce qui a été répondu");
        Assert.Equal((RightsRequestStatus.Received, 1), ((await requests.Read(id)).Status, (await requests.Read(id)).Version));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Actions_StartThenAnswer_ClosedAfterwards(Db provider)
    {
        var (database, requests) = await SetUp(provider);
        await using var _ = database;
        var id = (await requests.Record(Access(D(2026, 1, 31)))).Value;

        Assert.Equal(2, (await requests.Act(new ChangeRightsRequest.Command(id, 1, RightsRequestAction.Start))).Value);
        Assert.IsType<ConflictFailure>((await requests.Act(new ChangeRightsRequest.Command(id, 2, RightsRequestAction.Start))).Failure);
        Assert.Equal(3, (await requests.Act(new ChangeRightsRequest.Command(id, 2, RightsRequestAction.Answer)
        {
            AnsweredOn = D(2026, 2, 9), AnswerSummary = "Copie du dossier envoyée par courriel.",
        })).Value);

        var saved = await requests.Read(id);
        Assert.Equal((RightsRequestStatus.Answered, D(2026, 2, 9), "Copie du dossier envoyée par courriel."), (saved.Status, saved.AnsweredOn, saved.AnswerSummary));
        var closed = await requests.Act(new ChangeRightsRequest.Command(id, 3, RightsRequestAction.Extend) { ToldOn = D(2026, 2, 9), ExtensionMonths = 1, Reason = "Trop tard." });
        Assert.Equal(ChangeRightsRequest.Closed, closed.Failure);
        var stale = await requests.Act(new ChangeRightsRequest.Command(id, 1, RightsRequestAction.Refuse));
        Assert.IsType<ConflictFailure>(stale.Failure);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Refuse_IdentityNotEstablished_OnlyOnceProofWasAskedFor(Db provider)
    {
        var (database, requests) = await SetUp(provider);
        await using var _ = database;
        var id = (await requests.Record(Access(D(2026, 1, 31)))).Value;
        ChangeRightsRequest.Command Refusal(int version) => new(id, version, RightsRequestAction.Refuse)
        {
            AnsweredOn = D(2026, 2, 9), RefusalReason = RefusalReason.IdentityNotEstablished, RefusalDetail = "Aucun justificatif reçu.",
        };

        AssertError((await requests.Act(Refusal(1))).Failure, "RefusalReason", "justificatif d'identité ait été demandé");
        AssertError((await requests.Act(new ChangeRightsRequest.Command(id, 1, RightsRequestAction.Identity) { IdentityProofRequestedOn = D(2026, 1, 30) })).Failure,
            "IdentityProofRequestedOn", "avant la réception de la demande (31/01/2026)");
        AssertError((await requests.Act(new ChangeRightsRequest.Command(id, 1, RightsRequestAction.Identity)
        {
            IdentityProofRequestedOn = D(2026, 2, 3), IdentityProofReceivedOn = D(2026, 2, 2),
        })).Failure, "IdentityProofReceivedOn", "avant d'avoir été demandé (03/02/2026)");
        Assert.Equal(2, (await requests.Act(new ChangeRightsRequest.Command(id, 1, RightsRequestAction.Identity) { IdentityProofRequestedOn = D(2026, 2, 3) })).Value);
        Assert.Equal(3, (await requests.Act(Refusal(2))).Value);

        var saved = await requests.Read(id);
        Assert.Equal((RightsRequestStatus.Refused, RefusalReason.IdentityNotEstablished, D(2026, 2, 3)), (saved.Status, saved.RefusalReason, saved.IdentityProofRequestedOn));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Update_StaleVersion_ConflictNothingSaved(Db provider)
    {
        var (database, requests) = await SetUp(provider);
        await using var _ = database;
        var id = (await requests.Record(Access(D(2026, 1, 31)))).Value;
        Assert.Equal(2, (await requests.Update(id, 1, Access(D(2026, 1, 30), name: "Jeanne Martin"))).Value);

        var stale = await requests.Update(id, 1, Access(D(2026, 1, 31), name: "Jeanne Durand"));

        Assert.IsType<ConflictFailure>(stale.Failure);
        var saved = await requests.Read(id);
        Assert.Equal(("Jeanne Martin", D(2026, 1, 30), D(2026, 3, 2), 2), (saved.RequesterName, saved.ReceivedOn, saved.DueDate, saved.Version));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Access_ReaderRefusedControllerReadsOnlyOtherOrganisationNotFound(Db provider)
    {
        var (database, requests) = await SetUp(provider);
        await using var _ = database;
        var other = new Requests(database, await TenancyTests.OrganizationAsync(database, "Commune de Beaurains"), requests.Clock);
        var id = (await requests.Record(Access(D(2026, 1, 31)))).Value;
        var theirs = (await other.Record(Access(D(2026, 1, 31)))).Value;

        Assert.IsType<ForbiddenFailure>((await requests.Get(id, Reader)).Failure);
        Assert.IsType<ForbiddenFailure>((await requests.Record(Access(D(2026, 1, 31)), Reader)).Failure);
        Assert.True((await requests.Get(id, Mayor)).IsSuccess);
        Assert.IsType<ForbiddenFailure>((await requests.Record(Access(D(2026, 1, 31)), Mayor)).Failure);
        Assert.IsType<ForbiddenFailure>((await requests.Act(new ChangeRightsRequest.Command(id, 1, RightsRequestAction.Start), Mayor)).Failure);
        Assert.IsType<NotFoundFailure>((await requests.Get(theirs)).Failure);
        Assert.IsType<NotFoundFailure>((await requests.Act(new ChangeRightsRequest.Command(theirs, 1, RightsRequestAction.Start))).Failure);
        Assert.IsType<NotFoundFailure>((await requests.Update(theirs, 1, Access(D(2026, 1, 31)))).Failure);
        Assert.Equal(RightsRequestStatus.Received, (await other.Read(theirs)).Status);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_Filters_OverdueDueSoonClosedKindAndSearch(Db provider)
    {
        var (database, requests) = await SetUp(provider, new DateTimeOffset(2026, 3, 4, 9, 0, 0, TimeSpan.Zero));
        await using var _ = database;
        var late = (await requests.Record(Access(D(2026, 1, 31), "Jeanne Lefèvre"))).Value;       // due 02/03: late
        var soon = (await requests.Record(Access(D(2026, 2, 6), "Paul Martin") with { Kind = RightsRequestKind.Erasure })).Value; // due 06/03
        var later = (await requests.Record(Access(D(2026, 3, 1), "Anne Roux"))).Value;           // due 01/04
        var answered = (await requests.Record(Access(D(2026, 2, 2), "Marc Petit"))).Value;
        Assert.True((await requests.Act(new ChangeRightsRequest.Command(answered, 1, RightsRequestAction.Answer) { AnsweredOn = D(2026, 3, 2), AnswerSummary = "Fait." })).IsSuccess);

        var open = await requests.List(new());
        Assert.Equal([late, soon, later], open.Items.Select(i => i.Id));
        var first = open.Items[0];
        Assert.Equal((true, false, -2), (first.IsOverdue, first.IsDueSoon, first.DaysLeft));
        Assert.Equal((false, true, 2), (open.Items[1].IsOverdue, open.Items[1].IsDueSoon, open.Items[1].DaysLeft));
        Assert.Equal([late], (await requests.List(new(Due: RequestDueFilter.Overdue))).Items.Select(i => i.Id));
        Assert.Equal([soon], (await requests.List(new(Due: RequestDueFilter.DueWithin7Days))).Items.Select(i => i.Id));
        Assert.Equal([answered], (await requests.List(new(State: RequestStateFilter.Closed))).Items.Select(i => i.Id));
        Assert.Equal(4, (await requests.List(new(State: RequestStateFilter.All))).Total);
        Assert.Equal([soon], (await requests.List(new(Kind: RightsRequestKind.Erasure))).Items.Select(i => i.Id));
        Assert.Equal([late], (await requests.List(new(Search: "lefevre"))).Items.Select(i => i.Id));
        Assert.Equal([later], (await requests.List(new(Search: "dd-2026-003"))).Items.Select(i => i.Id));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Document_AddedToAClosedRequestDownloadedTooLargeRefused(Db provider)
    {
        var (database, requests) = await SetUp(provider);
        await using var _ = database;
        var id = (await requests.Record(Access(D(2026, 1, 31)))).Value;
        Assert.True((await requests.Act(new ChangeRightsRequest.Command(id, 1, RightsRequestAction.Answer) { AnsweredOn = D(2026, 2, 9), AnswerSummary = "Copie envoyée." })).IsSuccess);

        Result<Guid> added, tooLarge;
        await using (var db = requests.Db())
        {
            var handler = new AddRightsRequestDocument.Handler(db, requests.Clock);
            added = await handler.Handle(new AddRightsRequestDocument.Command(id, "reponse.pdf", "application/pdf", [1, 2, 3], "Réponse envoyée"), Referent, Ct);
            tooLarge = await handler.Handle(new AddRightsRequestDocument.Command(id, "gros.pdf", "application/pdf", new byte[RightsRequestDocument.MaxBytes + 1], null), Referent, Ct);
        }

        AssertError(tooLarge, "File", "Le fichier dépasse 10 Mo");
        await using var read = requests.Db();
        var download = new GetRightsRequestDocument.Handler(read);
        var file = (await download.Handle(id, added.Value, Referent, Ct)).Value;
        Assert.Equal(("reponse.pdf", "application/pdf"), (file.FileName, file.ContentType));
        Assert.Equal([1, 2, 3], file.Content);
        // Who opened the document (often a proof of identity) is in the audit trail; a refusal opens nothing.
        var opened = await read.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.Downloaded).ToListAsync(Ct);
        Assert.Equal(("RightsRequestDocument", added.Value.ToString("D")), (Assert.Single(opened).EntityType, opened[0].EntityId));
        Assert.Contains("reponse.pdf", opened[0].Changes, StringComparison.Ordinal);
        Assert.IsType<ForbiddenFailure>((await download.Handle(id, added.Value, Reader, Ct)).Failure);
        Assert.Single(await read.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.Downloaded).ToListAsync(Ct));
        await using var elsewhere = database.CreateDb(requests.Clock).UseOrganization(await TenancyTests.OrganizationAsync(database, "Commune de Beaurains"));
        Assert.IsType<NotFoundFailure>((await new GetRightsRequestDocument.Handler(elsewhere).Handle(id, added.Value, Referent, Ct)).Failure);
        Assert.Equal("Réponse envoyée", Assert.Single((await requests.Get(id)).Value.Documents).Description);
    }
}
