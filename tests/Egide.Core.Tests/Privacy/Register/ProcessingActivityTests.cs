using Egide.Core.Account;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Egide.Core.Tests.Data;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Privacy.Register;

public sealed class ProcessingActivityTests
{
    private static readonly RegisterActor Referent = new(Guid.NewGuid(), "Bruno Petit", OrganizationRoles.PrivacyReferent);
    private static readonly RegisterActor Dpo = new(Guid.NewGuid(), "Alice Martin", OrganizationRoles.Dpo);
    private static readonly RegisterActor Mayor = new(Guid.NewGuid(), "Claire Lefebvre", OrganizationRoles.Controller);

    private sealed class Register(TestDatabase database, Guid organization, TestClock clock)
    {
        public TestClock Clock => clock;

        public EgideDb Db()
        {
            var db = database.CreateDb(clock);
            db.UseOrganization(organization);
            return db;
        }

        public async Task<Result<Guid>> Create(ActivityInput input, RegisterActor? actor = null)
        {
            await using var db = Db();
            return await new CreateProcessingActivity.Handler(db, database.Settings, clock).Handle(input, actor ?? Referent, TestContext.Current.CancellationToken);
        }

        public async Task<Result<int>> Update(Guid id, int version, ActivityInput input, RegisterActor? actor = null)
        {
            await using var db = Db();
            return await new UpdateProcessingActivity.Handler(db, database.Settings, clock)
                .Handle(new UpdateProcessingActivity.Command(id, version, input, "Finalités"), actor ?? Referent, TestContext.Current.CancellationToken);
        }

        public async Task<Result<int>> Act(Guid id, int version, ActivityAction action, RegisterActor actor, DpoOpinionKind? opinion = null, string? text = null)
        {
            await using var db = Db();
            return await new ChangeActivityStatus.Handler(db, database.Settings, clock)
                .Handle(new ChangeActivityStatus.Command(id, version, action, opinion, text), actor, TestContext.Current.CancellationToken);
        }

        public async Task<ProcessingActivity> Read(Guid id)
        {
            await using var db = Db();
            return await db.ProcessingActivities.AsNoTracking().SingleAsync(a => a.Id == id, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<(TestDatabase Database, Register Register, Guid Organization)> SetUp(Db provider, bool withReferent = true)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var organization = await TenancyTests.OrganizationAsync(database, "Commune d'Achicourt", withReferent);
        return (database, new Register(database, organization, TestClock.At(2026, 11, 23, 9)), organization);
    }

    private static ActivityInput Payroll(string reference = "RH-001") => new()
    {
        Reference = reference,
        Name = "Gestion de la paie",
        ResponsibleService = "Ressources humaines",
        Content = new ActivityContent
        {
            MainPurpose = "Gestion de la paie",
            SubPurposes = ["Calcul des rémunérations", "Versements aux organismes sociaux"],
            LegalBasisCode = "c",
            LegalBasisJustification = "Code général de la fonction publique, art. L. 712-1",
            DataCategories = [new() { CategoryCode = "etat-civil", Description = "Noms, prénoms, adresses", RetentionPeriod = "5 ans à compter du versement", FinalFate = FinalFate.Sorting }],
            DataSubjects = [new() { CategoryCode = "agents", EstimatedVolume = 45 }],
        },
    };

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_ValidEntry_DraftWithItsFirstVersion(Db provider)
    {
        var (database, register, _) = await SetUp(provider);
        await using var _d = database;
        var id = (await register.Create(Payroll())).Value;

        var saved = await register.Read(id);
        Assert.Equal(ActivityStatus.Draft, saved.Status);
        Assert.Equal(1, saved.Version);
        Assert.Equal("Calcul des rémunérations", saved.Content.SubPurposes[0]);
        Assert.Equal("c", saved.LegalBasisCode);
        Assert.Contains("versements aux organismes sociaux", saved.SearchText, StringComparison.Ordinal);
        await using var db = register.Db();
        var version = await db.ActivityVersions.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal((1, "Création", "Bruno Petit"), (version.Number, version.Change, version.RecordedByName));
        Assert.Equal("Gestion de la paie", version.Snapshot.Name);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_BadInput_FrenchErrorsPerFieldAndNothingSaved(Db provider)
    {
        var (database, register, _) = await SetUp(provider);
        await using var _d = database;
        var input = Payroll() with
        {
            Reference = " ",
            Content = Payroll().Content with
            {
                LegalBasisCode = "z",
                DataCategories = [new() { CategoryCode = "etat-civil" }, new() { CategoryCode = "etat-civil" }, new() { CategoryCode = "inconnue" }],
                Transfers = [new() { Recipient = "Banque", CountryCode = "BE" }],
                AiUse = ArtificialIntelligenceUse.Decides,
            },
        };
        var failure = Assert.IsType<ValidationFailure>((await register.Create(input)).Failure);
        Assert.Equal(
            ["Content.AiDescription", "Content.DataCategories[1]", "Content.DataCategories[2]", "Content.LegalBasisCode", "Content.Transfers[0].CountryCode", "Reference"],
            failure.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("Base légale inconnue", failure.Errors["Content.LegalBasisCode"][0], StringComparison.Ordinal);
        Assert.Contains("Espace économique européen", failure.Errors["Content.Transfers[0].CountryCode"][0], StringComparison.Ordinal);

        await using var db = register.Db();
        Assert.Equal(0, await db.ProcessingActivities.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await db.ActivityVersions.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_DuplicateReference_Refused(Db provider)
    {
        var (database, register, _) = await SetUp(provider);
        await using var _d = database;
        Assert.True((await register.Create(Payroll())).IsSuccess);
        var failure = Assert.IsType<ValidationFailure>((await register.Create(Payroll() with { Name = "Autre" })).Failure);
        Assert.Contains("déjà celle d'une autre fiche", failure.Errors["Reference"][0], StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Workflow_SubmitOpinionValidate_EachByItsRole(Db provider)
    {
        var (database, register, _) = await SetUp(provider);
        await using var _d = database;
        var id = (await register.Create(Payroll())).Value;

        Assert.IsType<ForbiddenFailure>((await register.Act(id, 1, ActivityAction.Submit, Mayor)).Failure);
        Assert.Equal(2, (await register.Act(id, 1, ActivityAction.Submit, Referent)).Value);
        Assert.IsType<ConflictFailure>((await register.Act(id, 2, ActivityAction.Validate, Mayor)).Failure); // no opinion yet
        Assert.IsType<ForbiddenFailure>((await register.Act(id, 2, ActivityAction.GiveDpoOpinion, Referent, DpoOpinionKind.Favourable)).Failure);
        var reserved = Assert.IsType<ValidationFailure>((await register.Act(id, 2, ActivityAction.GiveDpoOpinion, Dpo, DpoOpinionKind.FavourableWithReservations)).Failure);
        Assert.Contains("dit pourquoi", reserved.FirstMessage, StringComparison.Ordinal);
        Assert.Equal(3, (await register.Act(id, 2, ActivityAction.GiveDpoOpinion, Dpo, DpoOpinionKind.FavourableWithReservations, "Préciser la durée des bulletins")).Value);
        Assert.IsType<ForbiddenFailure>((await register.Act(id, 3, ActivityAction.Validate, Dpo)).Failure);
        register.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(4, (await register.Act(id, 3, ActivityAction.Validate, Mayor)).Value);

        var saved = await register.Read(id);
        Assert.Equal(ActivityStatus.Validated, saved.Status);
        Assert.Equal(("Alice Martin", DpoOpinionKind.FavourableWithReservations), (saved.DpoOpinionBy, saved.DpoOpinion));
        Assert.Equal("Claire Lefebvre", saved.ValidatedBy);
        Assert.Equal(register.Clock.Now.UtcDateTime, saved.ValidatedAt);
        Assert.Equal(register.Clock.Now.UtcDateTime, saved.LastReviewedAt); // validating is reviewing
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Submit_IncompleteEntry_SaysWhatIsMissing(Db provider)
    {
        var (database, register, _) = await SetUp(provider);
        await using var _d = database;
        var id = (await register.Create(new ActivityInput { Reference = "EC-001", Name = "État civil" })).Value;
        var failure = Assert.IsType<ValidationFailure>((await register.Act(id, 1, ActivityAction.Submit, Referent)).Failure);
        Assert.Equal(["Content.DataCategories", "Content.DataSubjects", "Content.LegalBasisCode", "Content.MainPurpose"], failure.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ActivityStatus.Draft, (await register.Read(id)).Status);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Update_ValidatedEntry_BackToDraftAndHistoryNamesTheChangedFields(Db provider)
    {
        var (database, register, _) = await SetUp(provider);
        await using var _d = database;
        var id = (await register.Create(Payroll())).Value;
        await register.Act(id, 1, ActivityAction.Submit, Referent);
        await register.Act(id, 2, ActivityAction.GiveDpoOpinion, Dpo, DpoOpinionKind.Favourable);
        await register.Act(id, 3, ActivityAction.Validate, Mayor);

        var changed = Payroll() with { Content = Payroll().Content with { SubPurposes = ["Calcul des rémunérations"] } };
        Assert.Equal(5, (await register.Update(id, 4, changed)).Value);

        var saved = await register.Read(id);
        Assert.Equal(ActivityStatus.Draft, saved.Status);
        Assert.Null(saved.ValidatedAt);
        Assert.Null(saved.DpoOpinion);
        await using var db = register.Db();
        var history = await RegisterHistory.OfActivityAsync(db, id, TestContext.Current.CancellationToken);
        Assert.Equal([5, 4, 3, 2, 1], history.Select(h => h.Number));
        Assert.Equal("Modification : Finalités (retour en brouillon)", history[0].Change);
        Assert.Contains("Sous-finalités", history[0].ChangedFields);
        Assert.Contains("Statut", history[0].ChangedFields);
        Assert.DoesNotContain("Nom", history[0].ChangedFields);
        // The validated version stays readable as it was.
        var validated = await RegisterHistory.VersionAsync(db, id, 4, TestContext.Current.CancellationToken);
        Assert.Equal((ActivityStatus.Validated, 2), (validated!.Status, validated.Content.SubPurposes.Count));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Update_StaleVersion_ConflictAndNothingOverwritten(Db provider)
    {
        var (database, register, _) = await SetUp(provider);
        await using var _d = database;
        var id = (await register.Create(Payroll())).Value;
        Assert.Equal(2, (await register.Update(id, 1, Payroll() with { Name = "Paie des agents" })).Value);

        var stale = await register.Update(id, 1, Payroll() with { Name = "Paie (ancienne version)" });
        Assert.Contains("rien n'a été enregistré", Assert.IsType<ConflictFailure>(stale.Failure).Message, StringComparison.Ordinal);
        Assert.Equal("Paie des agents", (await register.Read(id)).Name);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Update_NothingChanged_NoNewVersion(Db provider)
    {
        var (database, register, _) = await SetUp(provider);
        await using var _d = database;
        var id = (await register.Create(Payroll())).Value;
        Assert.Equal(1, (await register.Update(id, 1, Payroll())).Value);
        await using var db = register.Db();
        Assert.Equal(1, await db.ActivityVersions.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AtDate_RegisterAsItStood(Db provider)
    {
        var (database, register, _) = await SetUp(provider);
        await using var _d = database;
        var payroll = (await register.Create(Payroll())).Value;
        var before = register.Clock.Now.UtcDateTime;
        register.Clock.Advance(TimeSpan.FromDays(30));
        await register.Update(payroll, 1, Payroll() with { Name = "Paie des agents" });
        var video = (await register.Create(Payroll("SEC-001") with { Name = "Vidéoprotection" })).Value;
        register.Clock.Advance(TimeSpan.FromDays(30));
        await register.Act(video, 1, ActivityAction.Archive, Referent);

        await using var db = register.Db();
        var first = await RegisterHistory.AtAsync(db, before, TestContext.Current.CancellationToken);
        Assert.Equal(["Gestion de la paie"], first.Select(s => s.Name));
        var second = await RegisterHistory.AtAsync(db, before.AddDays(31), TestContext.Current.CancellationToken);
        Assert.Equal(["Paie des agents", "Vidéoprotection"], second.Select(s => s.Name));
        var now = await RegisterHistory.AtAsync(db, register.Clock.Now.UtcDateTime, TestContext.Current.CancellationToken);
        Assert.Equal(["Paie des agents"], now.Select(s => s.Name)); // archived since
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Alerts_RaisedMailedToTheControllerResolvedAndAcknowledged(Db provider)
    {
        var (database, register, organization) = await SetUp(provider);
        await using var _d = database;
        var mayor = new EgideUser { Email = "maire@achicourt.example", UserName = "maire@achicourt.example", DisplayName = "Claire Lefebvre" };
        var clerk = new EgideUser { Email = "accueil@achicourt.example", UserName = "accueil@achicourt.example", DisplayName = "Denis Caron" };
        await using (var db = database.CreateDb())
        {
            db.Users.AddRange(mayor, clerk);
            db.Memberships.Add(new Membership { UserId = mayor.Id, OrganizationId = organization, Roles = OrganizationRoles.Controller });
            db.Memberships.Add(new Membership { UserId = clerk.Id, OrganizationId = organization, Roles = OrganizationRoles.Reader });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var input = Payroll() with { Content = Payroll().Content with { LegalBasisJustification = null } };
        var id = (await register.Create(input)).Value;

        await using (var db = register.Db())
        {
            var alert = await db.RegisterAlerts.SingleAsync(TestContext.Current.CancellationToken);
            Assert.Equal((RegisterRules.Codes.LegalBasisUnjustified, id, "RGPD, art. 6(3)"), (alert.RuleCode, alert.ActivityId, alert.Article));
            Assert.Equal(register.Clock.Now.UtcDateTime, alert.NotifiedAt);
            var mail = await db.OutboxMessages.SingleAsync(TestContext.Current.CancellationToken);
            Assert.Equal("maire@achicourt.example", mail.To);
            Assert.Contains("une alerte de non-conformité", mail.Subject, StringComparison.Ordinal);
            Assert.Contains("RH-001 – Gestion de la paie", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("/registre/alertes", mail.TextBody, StringComparison.Ordinal);

            Assert.IsType<ForbiddenFailure>((await new AcknowledgeRegisterAlert.Handler(db, register.Clock).Handle(alert.Id, Referent, TestContext.Current.CancellationToken)).Failure);
            var acknowledged = (await new AcknowledgeRegisterAlert.Handler(db, register.Clock)
                .Handle(alert.Id, Mayor with { UserId = mayor.Id }, TestContext.Current.CancellationToken)).Value;
            Assert.Equal(("Claire Lefebvre", mayor.Id), (acknowledged.AcknowledgedByName, acknowledged.AcknowledgedById));
        }

        // Saving again finds the same problem: no second alert, no second mail.
        await register.Update(id, 1, input with { Name = "Paie des agents" });
        // Fixed: the alert is resolved, kept with its acknowledgement.
        register.Clock.Advance(TimeSpan.FromHours(1));
        await register.Update(id, 2, Payroll() with { Name = "Paie des agents" });
        await using (var db = register.Db())
        {
            var alert = await db.RegisterAlerts.SingleAsync(TestContext.Current.CancellationToken);
            Assert.Equal(register.Clock.Now.UtcDateTime, alert.ResolvedAt);
            Assert.NotNull(alert.AcknowledgedAt);
            Assert.Equal(1, await db.OutboxMessages.CountAsync(TestContext.Current.CancellationToken));
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task CheckRegister_TimePasses_NotReviewedAndOrganizationWithoutReferent(Db provider)
    {
        var (database, register, _) = await SetUp(provider, withReferent: false);
        await using var _d = database;
        var id = (await register.Create(Payroll())).Value;
        register.Clock.Advance(TimeSpan.FromDays(366));

        await using var db = register.Db();
        var raised = await new CheckRegister.Handler(db, database.Settings, register.Clock).Handle(TestContext.Current.CancellationToken);
        var codes = await db.RegisterAlerts.Where(a => a.ResolvedAt == null).Select(a => a.RuleCode).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([RegisterRules.Codes.StaleDraft, RegisterRules.Codes.NotReviewed, RegisterRules.Codes.NoReferent], codes.Order(StringComparer.Ordinal));
        Assert.Equal(3, raised);
        Assert.Equal(0, await new CheckRegister.Handler(db, database.Settings, register.Clock).Handle(TestContext.Current.CancellationToken)); // idempotent

        await using var db2 = register.Db();
        await new ChangeActivityStatus.Handler(db2, database.Settings, register.Clock)
            .Handle(new ChangeActivityStatus.Command(id, 1, ActivityAction.MarkReviewed), Referent, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(RegisterRules.Codes.NotReviewed, await db2.RegisterAlerts.Where(a => a.ResolvedAt == null).Select(a => a.RuleCode).ToListAsync(TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Alerts_TwoNodesFindTheSameProblem_OnlyOneOpenAlert(Db provider)
    {
        var (database, register, _) = await SetUp(provider);
        await using var _d = database;
        var id = (await register.Create(Payroll())).Value;
        var finding = new Finding("essai", $"activity:{id:D}", id, null, "RH-001", "Constat", "RGPD");
        var now = register.Clock.Now.UtcDateTime;

        await using var first = register.Db();
        await using var second = register.Db();
        // Both read "no open alert" before either saves, as two nodes would.
        Assert.Single(await RegisterAlerts.ApplyAsync(first, [finding.SubjectKey], [finding], now, TestContext.Current.CancellationToken));
        Assert.Single(await RegisterAlerts.ApplyAsync(second, [finding.SubjectKey], [finding], now, TestContext.Current.CancellationToken));
        await first.SaveChangesAsync(TestContext.Current.CancellationToken);
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync(TestContext.Current.CancellationToken));
        Assert.True(DbErrors.IsUniqueViolation(refused));

        await using var read = register.Db();
        Assert.Equal(1, await read.RegisterAlerts.CountAsync(a => a.RuleCode == "essai", TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ArchiveProcessor_StillUsedByAnEntry_RefusedThenArchivedOnceUnused(Db provider)
    {
        var (database, register, _) = await SetUp(provider);
        await using var _d = database;
        var ct = TestContext.Current.CancellationToken;
        Guid processor;
        await using (var db = register.Db())
        {
            var saved = await new SaveProcessor.Handler(db, database.Settings, register.Clock)
                .Handle(new SaveProcessor.Command(null, 0, new ProcessorInput { Name = "Éditeur du logiciel de paie" }), Referent, ct);
            processor = saved.Value;
            Assert.Equal(RegisterRules.Codes.ProcessorWithoutContract, (await db.RegisterAlerts.SingleAsync(ct)).RuleCode);
        }
        var input = Payroll() with { Content = Payroll().Content with { Recipients = [new() { TypeCode = "sous-traitant", ProcessorId = processor }] } };
        var activity = (await register.Create(input)).Value;

        await using (var db = register.Db())
        {
            var archive = new ArchiveProcessor.Handler(db, register.Clock);
            Assert.IsType<ForbiddenFailure>((await archive.Handle(processor, 1, Mayor, ct)).Failure);
            Assert.Contains("retirez-le d'abord", Assert.IsType<ConflictFailure>((await archive.Handle(processor, 1, Referent, ct)).Failure).Message, StringComparison.Ordinal);
        }
        await register.Update(activity, 1, Payroll());
        await using (var db = register.Db())
        {
            Assert.True((await new ArchiveProcessor.Handler(db, register.Clock).Handle(processor, 1, Referent, ct)).IsSuccess);
        }
        await using var read = register.Db();
        Assert.NotNull((await read.Processors.SingleAsync(ct)).ArchivedAt);
        Assert.NotNull((await read.RegisterAlerts.SingleAsync(ct)).ResolvedAt); // an archived processor raises nothing
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Alerts_NobodyToTellYet_ToldAtTheNextCheckOnceSomeoneIs(Db provider)
    {
        var (database, register, organization) = await SetUp(provider);
        await using var _d = database;
        var ct = TestContext.Current.CancellationToken;
        await register.Create(Payroll() with { Content = Payroll().Content with { LegalBasisJustification = null } });
        await using (var db = register.Db())
        {
            Assert.Null((await db.RegisterAlerts.SingleAsync(ct)).NotifiedAt);
            Assert.Equal(0, await db.OutboxMessages.CountAsync(ct));
            var mayor = new EgideUser { Email = "maire@achicourt.example", UserName = "maire@achicourt.example", DisplayName = "Claire Lefebvre" };
            db.Users.Add(mayor);
            db.Memberships.Add(new Membership { UserId = mayor.Id, OrganizationId = organization, Roles = OrganizationRoles.Controller });
            await db.SaveChangesAsync(ct);
        }
        register.Clock.Advance(TimeSpan.FromHours(1));
        await using (var db = register.Db())
        {
            Assert.Equal(0, await new CheckRegister.Handler(db, database.Settings, register.Clock).Handle(ct)); // nothing new…
        }
        await using var read = register.Db();
        Assert.Equal(register.Clock.Now.UtcDateTime, (await read.RegisterAlerts.SingleAsync(ct)).NotifiedAt); // …but now told
        var mail = await read.OutboxMessages.SingleAsync(ct);
        Assert.Equal("maire@achicourt.example", mail.To);
        Assert.Contains("obligation légale invoquée", mail.TextBody, StringComparison.Ordinal);
    }
}
