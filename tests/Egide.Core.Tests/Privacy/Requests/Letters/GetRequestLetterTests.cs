using Egide.Core.Account;
using Egide.Core.Audit;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Deadlines;
using Egide.Core.Organizations;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Requests;
using Egide.Core.Privacy.Requests.Letters;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Privacy.Requests.Letters;

public sealed class GetRequestLetterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly RegisterActor Dpo = new(Guid.NewGuid(), "Claire Lefebvre", OrganizationRoles.Dpo);

    /// <summary>23:30 UTC on 30/11/2026: already 1 December in Paris, the letter's date.</summary>
    private static readonly TestClock Clock = TestClock.At(2026, 11, 30, 23, 30);

    private static async Task<Guid> OrganizationAsync(TestDatabase database, string name, string city)
    {
        await using var db = database.CreateDb(Clock);
        var input = new OrganizationInput
        {
            Kind = OrganizationKind.Commune,
            Name = name,
            Address = new() { Street = "Place de la Mairie", PostalCode = "62000", City = city },
            Dpo = new() { Kind = DpoKind.Internal, PersonName = "Claire Lefebvre", Email = "dpo@mairie.example" },
        };
        var created = await new CreateOrganization.Handler(db, Clock).Handle(input, Ct);
        Assert.True(created.IsSuccess, created.Failure?.ToString());
        return created.Value;
    }

    private static EgideDb Db(TestDatabase database, Guid organization) => database.CreateDb(Clock).UseOrganization(organization);

    /// <summary>A request written straight into the database, linked to one activity of the register.</summary>
    private static async Task<Guid> RequestAsync(TestDatabase database, Guid organization, Action<RightsRequest>? change = null, ActivityContent? content = null)
    {
        await using var db = Db(database, organization);
        var activity = await new CreateProcessingActivity.Handler(db, database.Settings, Clock)
            .Handle(new ActivityInput { Reference = "EC-001", Name = "Tenue de l'état civil", Content = content ?? new() }, RegisterActor.System, Ct);
        Assert.True(activity.IsSuccess, activity.Failure?.ToString());
        var received = new DateOnly(2026, 11, 2);
        var request = new RightsRequest
        {
            OrganizationId = organization,
            Reference = "DD-2026-001",
            Kind = RightsRequestKind.Access,
            RequesterName = "Jeanne Martin",
            RequesterAddress = "12 rue des Capucins\n62000 Arras",
            Channel = RequestChannel.Email,
            ReceivedOn = received,
            DueDate = RightsRequestClock.DueDate(received),
            Status = RightsRequestStatus.InProgress,
            CreatedAt = Clock.GetUtcNow().UtcDateTime,
            UpdatedAt = Clock.GetUtcNow().UtcDateTime,
            CreatedByName = "Bruno Petit",
            Version = 1,
        };
        change?.Invoke(request);
        db.RightsRequests.Add(request);
        db.RightsRequestActivities.Add(new RightsRequestActivity { OrganizationId = organization, RequestId = request.Id, ActivityId = activity.Value });
        await db.SaveChangesAsync(Ct);
        return request.Id;
    }

    private static async Task<Result<(string FileName, byte[] Content)>> Letter(
        TestDatabase database, Guid organization, Guid request, LetterKind kind, RegisterActor actor)
    {
        await using var db = Db(database, organization);
        return await new GetRequestLetter.Handler(db, Clock).Handle(request, kind, actor, Ct);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_Answer_FileFromTheRecordItsActivitiesAndOrganisation(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var arras = await OrganizationAsync(database, "Commune d'Arras", "Arras");
        var id = await RequestAsync(database, arras, r => r.AnswerSummary = "Copie des actes d'état civil envoyée.");

        var result = await Letter(database, arras, id, LetterKind.Answer, Dpo);

        Assert.True(result.IsSuccess, result.Failure?.ToString());
        Assert.Equal("DD-2026-001-reponse.docx", result.Value.FileName);
        var text = LetterFiles.ValidText(result.Value.Content);
        Assert.Contains("Arras, le 1er décembre 2026", text, StringComparison.Ordinal);
        Assert.Contains("Tenue de l'état civil", text, StringComparison.Ordinal);
        Assert.Contains("Copie des actes d'état civil envoyée.", text, StringComparison.Ordinal);
        Assert.Contains("reçue le 02/11/2026 par courrier électronique", text, StringComparison.Ordinal);
        Assert.Contains("dpo@mairie.example", text, StringComparison.Ordinal);
        Assert.Contains("Pour le responsable du traitement,\n\nClaire Lefebvre", text, StringComparison.Ordinal);
        await using var db = Db(database, arras);
        var made = Assert.Single(await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.Downloaded).ToListAsync(Ct));
        Assert.Equal(("RightsRequest", id.ToString("D")), (made.EntityType, made.EntityId));
        Assert.Contains("DD-2026-001-reponse.docx", made.Changes, StringComparison.Ordinal);
        Assert.Contains("\"reponse\"", made.Changes, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_AccessAnswer_Article15FromTheRegisterEntry(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var arras = await OrganizationAsync(database, "Commune d'Arras", "Arras");
        var id = await RequestAsync(database, arras, r => r.AnswerSummary = "Copie des actes envoyée.", new ActivityContent
        {
            MainPurpose = "Établissement et conservation des actes de l'état civil",
            LegalBasisCode = "c",
            DataCategories = [new DataCategoryUse { CategoryCode = "etat-civil", Description = "Nom, prénoms, filiation", RetentionPeriod = "75 ans, puis archives départementales" }],
            Recipients = [new RecipientUse { TypeCode = "autorite", Details = "Procureur de la République" }],
            Transfers = [new TransferUse { Recipient = "MailFlow Inc.", CountryCode = "US", Safeguard = TransferSafeguard.StandardContractualClauses }],
        });

        var result = await Letter(database, arras, id, LetterKind.Answer, Dpo);

        var text = LetterFiles.ValidText(result.Value.Content);
        Assert.Contains("les finalités du traitement : Établissement et conservation des actes de l'état civil ;", text, StringComparison.Ordinal);
        Assert.Contains("(Nom, prénoms, filiation)", text, StringComparison.Ordinal);
        Assert.Contains("(Procureur de la République)", text, StringComparison.Ordinal);
        Assert.Contains("MailFlow Inc. (États-Unis, clauses contractuelles types (art. 46))", text, StringComparison.Ordinal);
        Assert.Contains("75 ans, puis archives départementales ;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("[à compléter]", text, StringComparison.Ordinal);
        Assert.Contains("[à compléter ou supprimer]", text, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_AnotherOrganisationsRequest_NotFound(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var arras = await OrganizationAsync(database, "Commune d'Arras", "Arras");
        var agny = await OrganizationAsync(database, "Commune d'Agny", "Agny");
        var theirs = await RequestAsync(database, arras);

        var result = await Letter(database, agny, theirs, LetterKind.Acknowledgement, Dpo);

        Assert.IsType<NotFoundFailure>(result.Failure);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_ReaderOrCiso_Forbidden(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var arras = await OrganizationAsync(database, "Commune d'Arras", "Arras");
        var id = await RequestAsync(database, arras);

        var reader = await Letter(database, arras, id, LetterKind.Acknowledgement, new(Guid.NewGuid(), "Lecteur", OrganizationRoles.Reader));
        var ciso = await Letter(database, arras, id, LetterKind.Acknowledgement, new(Guid.NewGuid(), "RSSI", OrganizationRoles.Ciso));
        var controller = await Letter(database, arras, id, LetterKind.Acknowledgement, new(Guid.NewGuid(), "Le Maire", OrganizationRoles.Controller));

        Assert.Same(RegisterActor.NotCaseworker, reader.Failure);
        Assert.Same(RegisterActor.NotCaseworker, ciso.Failure);
        Assert.True(controller.IsSuccess, controller.Failure?.ToString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_ExtensionNotRecorded_FrenchValidationFailure(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var arras = await OrganizationAsync(database, "Commune d'Arras", "Arras");
        var id = await RequestAsync(database, arras);

        var result = await Letter(database, arras, id, LetterKind.Extension, Dpo);

        var failure = Assert.IsType<ValidationFailure>(result.Failure);
        Assert.StartsWith("Aucune prolongation du délai n'est enregistrée", failure.FirstMessage, StringComparison.Ordinal);
    }
}
