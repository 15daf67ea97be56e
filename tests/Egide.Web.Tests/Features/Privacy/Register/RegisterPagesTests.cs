using System.Net;
using Egide.Core.Account;
using Egide.Core.Data;
using Egide.Core.Organizations;
using Egide.Core.Privacy.Register;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Privacy.Register;

/// <summary>The register through its pages: list, new entry, entry page with its workflow and history, section edits.</summary>
public sealed class RegisterPagesTests
{
    private static readonly RegisterActor Referent = new(null, "Référente de test", OrganizationRoles.PrivacyReferent);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An entry complete enough to be submitted.</summary>
    private static ActivityInput Payroll(string reference = "RH-001") => new()
    {
        Reference = reference,
        Name = "Gestion de la paie",
        Role = ProcessingRole.Controller,
        ResponsibleService = "Ressources humaines",
        Content = new ActivityContent
        {
            MainPurpose = "Verser la rémunération des agents",
            LegalBasisCode = "c",
            DataCategories = [new DataCategoryUse { CategoryCode = "etat-civil", RetentionPeriod = "5 ans" }],
            DataSubjects = [new DataSubjectUse { CategoryCode = "agents" }],
        },
    };

    private static async Task<Guid> OrganizationAsync(EgideWebFactory factory, string name)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<CreateOrganization.Handler>()
            .Handle(new OrganizationInput { Kind = OrganizationKind.Commune, Name = name }, Ct)).Value;
    }

    private static async Task<Guid> ActivityAsync(EgideWebFactory factory, Guid organization, ActivityInput input)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<EgideDb>().UseOrganization(organization);
        var created = await scope.ServiceProvider.GetRequiredService<CreateProcessingActivity.Handler>().Handle(input, Referent, Ct);
        Assert.True(created.IsSuccess, created.Failure?.ToString());
        return created.Value;
    }

    private static async Task<int> ChangeStatusAsync(EgideWebFactory factory, Guid organization, ChangeActivityStatus.Command command, OrganizationRoles roles)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<EgideDb>().UseOrganization(organization);
        var changed = await scope.ServiceProvider.GetRequiredService<ChangeActivityStatus.Handler>().Handle(command, new RegisterActor(null, "Test", roles), Ct);
        Assert.True(changed.IsSuccess, changed.Failure?.ToString());
        return changed.Value;
    }

    private static async Task<HttpClient> ClientAsync(EgideWebFactory factory, string email, Guid organization, OrganizationRoles roles)
    {
        var account = await TestAccounts.CreateAsync(factory.Services, email, memberships: (organization, roles));
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(account);
        return client;
    }

    /// <summary>Posts fields as a form the page does not offer this person would (with their genuine antiforgery token).</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        var page = await HtmlPage.GetAsync(client, "/deconnexion");
        fields["__egide_af"] = page.FormValues("main form[method=post]")["__egide_af"];
        return await client.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent(fields), Ct);
    }

    private static async Task<ProcessingActivity> ReadAsync(TestDatabase database, Guid organization, Guid id)
    {
        await using var db = database.CreateDb();
        return await db.UseOrganization(organization).ProcessingActivities.AsNoTracking().SingleAsync(a => a.Id == id, Ct);
    }

    private static void AssertRefused(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/acces-refuse", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_Referent_DraftInTheListAndFoundBySearch(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var organization = await OrganizationAsync(factory, "Commune d'Achicourt");
        await ActivityAsync(factory, organization, Payroll("EC-001") with { Name = "Tenue de l'état civil", ResponsibleService = "État civil", Content = new ActivityContent { MainPurpose = "Actes de naissance" } });
        using var client = await ClientAsync(factory, "rgpd@achicourt.example", organization, OrganizationRoles.PrivacyReferent);

        var form = await HtmlPage.GetAsync(client, "/registre/nouveau");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        using var response = await form.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Input.Reference"] = "RH-001",
            ["Input.Name"] = "Gestion de la paie",
            ["Input.Role"] = "Controller",
            ["Input.ResponsibleService"] = "Ressources humaines",
            ["Input.MainPurpose"] = "Verser la rémunération des agents",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using (var db = database.CreateDb())
        {
            var saved = await db.UseOrganization(organization).ProcessingActivities.SingleAsync(a => a.Reference == "RH-001", Ct);
            Assert.Equal($"/registre/{saved.Id}", response.Headers.Location!.OriginalString);
            Assert.Equal(ActivityStatus.Draft, saved.Status);
            Assert.Equal("Verser la rémunération des agents", saved.Content.MainPurpose);
        }
        var details = await HtmlPage.GetAsync(client, response.Headers.Location!.OriginalString);
        Assert.Contains("Gestion de la paie", details.Document.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("créée en brouillon", details.Document.QuerySelector(".notice--success")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Brouillon", details.Text, StringComparison.Ordinal);

        var list = await HtmlPage.GetAsync(client, "/registre");
        Assert.Equal(["Tenue de l'état civil", "Gestion de la paie"], list.Document.QuerySelectorAll("tbody th a").Select(a => a.TextContent));
        Assert.NotNull(list.Document.QuerySelector("a[href='/registre/nouveau']"));
        // Without accents or case, on the purposes too.
        var found = await HtmlPage.GetAsync(client, "/registre?q=REMUNERATION");
        Assert.Equal(["Gestion de la paie"], found.Document.QuerySelectorAll("tbody th a").Select(a => a.TextContent));
        Assert.Contains("1 fiche correspondant à la recherche", found.Text, StringComparison.Ordinal);
        var sorted = await HtmlPage.GetAsync(client, "/registre?tri=Reference&desc=true");
        Assert.Equal(["Gestion de la paie", "Tenue de l'état civil"], sorted.Document.QuerySelectorAll("tbody th a").Select(a => a.TextContent));
        var filtered = await HtmlPage.GetAsync(client, "/registre?service=Ressources+humaines");
        Assert.Equal(["Gestion de la paie"], filtered.Document.QuerySelectorAll("tbody th a").Select(a => a.TextContent));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_ReferenceTakenOrMissing_FrenchErrorsNothingCreated_ReaderRefused(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var organization = await OrganizationAsync(factory, "Commune d'Achicourt");
        await ActivityAsync(factory, organization, Payroll());
        using var client = await ClientAsync(factory, "rgpd@achicourt.example", organization, OrganizationRoles.PrivacyReferent);
        using var reader = await ClientAsync(factory, "lecteur@achicourt.example", organization, OrganizationRoles.Reader);

        var form = await HtmlPage.GetAsync(client, "/registre/nouveau");
        var page = await HtmlPage.ParseAsync(await form.SubmitAsync(client, new Dictionary<string, string> { ["Input.Reference"] = "RH-001", ["Input.Name"] = "" }));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var summary = page.Document.QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("Indiquez le nom du traitement", summary, StringComparison.Ordinal);
        Assert.Equal("true", page.Document.QuerySelector("#Input_Name")!.GetAttribute("aria-invalid"));
        await using (var db = database.CreateDb())
        {
            Assert.Equal(1, await db.UseOrganization(organization).ProcessingActivities.CountAsync(Ct));
        }
        var taken = await HtmlPage.ParseAsync(await form.SubmitAsync(client, new Dictionary<string, string> { ["Input.Reference"] = "RH-001", ["Input.Name"] = "Autre" }));
        Assert.Contains("La référence « RH-001 » est déjà celle d'une autre fiche du registre.", taken.Document.QuerySelector("#Input_Reference-error")!.TextContent, StringComparison.Ordinal);

        using var readerGet = await reader.GetAsync(new Uri("/registre/nouveau", UriKind.Relative), Ct);
        AssertRefused(readerGet);
        using var readerPost = await PostAsync(reader, "/registre/nouveau", new() { ["Input.Reference"] = "X-1", ["Input.Name"] = "Intrus" });
        AssertRefused(readerPost);
        var list = await HtmlPage.GetAsync(reader, "/registre");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Null(list.Document.QuerySelector("a[href='/registre/nouveau']"));
        await using (var db = database.CreateDb())
        {
            Assert.Equal(1, await db.UseOrganization(organization).ProcessingActivities.CountAsync(Ct));
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task EditSection_InvalidValue_FrenchErrorOnItsRowNothingSaved(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var organization = await OrganizationAsync(factory, "Commune d'Achicourt");
        var id = await ActivityAsync(factory, organization, Payroll() with { Content = new ActivityContent { MainPurpose = "Payer" } });
        using var client = await ClientAsync(factory, "rgpd@achicourt.example", organization, OrganizationRoles.PrivacyReferent);

        var form = await HtmlPage.GetAsync(client, $"/registre/{id}/modifier/personnes");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Equal("agents", form.Document.QuerySelector("input[name='Form.DataSubjects[0].Code']")!.GetAttribute("value"));
        Assert.Equal("administres", form.Document.QuerySelector("input[name='Form.DataSubjects[3].Code']")!.GetAttribute("value"));
        // Two rows ticked: the second one (the entry's second item) is the fourth row of the form.
        var page = await HtmlPage.ParseAsync(await form.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Form.DataSubjects[0].Selected"] = "true",
            ["Form.DataSubjects[0].EstimatedVolume"] = "120",
            ["Form.DataSubjects[3].Selected"] = "true",
            ["Form.DataSubjects[3].EstimatedVolume"] = "-5",
        }));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Le nombre estimé de personnes ne peut pas être négatif.", page.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("#Form_DataSubjects_3__EstimatedVolume", page.Document.QuerySelector(".error-summary a")!.GetAttribute("href"));
        var volume = page.Document.QuerySelector("#Form_DataSubjects_3__EstimatedVolume")!;
        Assert.Equal("true", volume.GetAttribute("aria-invalid"));
        Assert.Equal("-5", volume.GetAttribute("value"));
        Assert.True(page.Document.QuerySelector("#Form_DataSubjects_3__Selected")!.HasAttribute("checked"));
        Assert.Null(page.Document.QuerySelector("#Form_DataSubjects_0__EstimatedVolume")!.GetAttribute("aria-invalid"));
        var saved = await ReadAsync(database, organization, id);
        Assert.Equal(1, saved.Version);
        Assert.Empty(saved.Content.DataSubjects);

        // Not a number: the binder's French message, and still nothing saved.
        var notANumber = await HtmlPage.ParseAsync(await form.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Form.DataSubjects[0].Selected"] = "true",
            ["Form.DataSubjects[0].EstimatedVolume"] = "beaucoup",
        }));
        Assert.Contains("La valeur « beaucoup » n'est pas valide.", notANumber.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, (await ReadAsync(database, organization, id)).Version);

        using var valid = await form.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Form.DataSubjects[3].Selected"] = "true",
            ["Form.DataSubjects[3].EstimatedVolume"] = "6752",
            ["Form.DataSubjects[3].Details"] = "Habitants de la commune",
        });
        Assert.Equal(HttpStatusCode.Redirect, valid.StatusCode);
        var after = await ReadAsync(database, organization, id);
        var subject = Assert.Single(after.Content.DataSubjects);
        Assert.Equal(("administres", 6752, "Habitants de la commune"), (subject.CategoryCode, subject.EstimatedVolume, subject.Details));
        var details = await HtmlPage.GetAsync(client, $"/registre/{id}");
        Assert.Contains("La section « Personnes concernées » a été enregistrée.", details.Text, StringComparison.Ordinal);
        Assert.Contains("Administrés, habitants", details.Text, StringComparison.Ordinal);
        Assert.Contains("6\u202f752", details.Text, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Workflow_SubmitOpinionValidation_ThroughThePages_EachStepRefusedToWhoMayNot(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var organization = await OrganizationAsync(factory, "Commune d'Achicourt");
        var id = await ActivityAsync(factory, organization, Payroll());
        using var referent = await ClientAsync(factory, "rgpd@achicourt.example", organization, OrganizationRoles.PrivacyReferent);
        using var dpo = await ClientAsync(factory, "dpo@achicourt.example", organization, OrganizationRoles.Dpo);
        using var controller = await ClientAsync(factory, "maire@achicourt.example", organization, OrganizationRoles.Controller);
        var url = $"/registre/{id}";
        Dictionary<string, string> Action(ActivityAction action, int version) => new() { ["action"] = action.ToString(), ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) };

        // The controller does not keep the register: no submit button, and the post is refused.
        var controllerView = await HtmlPage.GetAsync(controller, url);
        Assert.Null(controllerView.Document.QuerySelector("input[name=action][value=Submit]"));
        AssertRefused(await PostAsync(controller, url, Action(ActivityAction.Submit, 1)));
        Assert.Equal(ActivityStatus.Draft, (await ReadAsync(database, organization, id)).Status);

        var draft = await HtmlPage.GetAsync(referent, url);
        using (var submitted = await draft.SubmitAsync(referent, new Dictionary<string, string>(), "form:has(input[name=action][value=Submit])"))
        {
            Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        }
        Assert.Equal(ActivityStatus.Submitted, (await ReadAsync(database, organization, id)).Status);

        AssertRefused(await PostAsync(referent, url, new(Action(ActivityAction.GiveDpoOpinion, 2)) { ["opinion"] = "Favourable" }));
        var dpoView = await HtmlPage.GetAsync(dpo, url);
        // An unfavourable opinion says why: French error, nothing recorded.
        var withoutReason = await HtmlPage.ParseAsync(await dpoView.SubmitAsync(dpo, new Dictionary<string, string> { ["opinion"] = "Unfavourable" }, "form.opinion-form"));
        Assert.Equal(HttpStatusCode.OK, withoutReason.Status);
        Assert.Contains("Un avis avec réserves ou défavorable dit pourquoi", withoutReason.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Null((await ReadAsync(database, organization, id)).DpoOpinion);
        using (var opinion = await dpoView.SubmitAsync(dpo, new Dictionary<string, string> { ["opinion"] = "FavourableWithReservations", ["opinionText"] = "Préciser la durée de conservation des bulletins." }, "form.opinion-form"))
        {
            Assert.Equal(HttpStatusCode.Redirect, opinion.StatusCode);
        }
        var afterOpinion = await ReadAsync(database, organization, id);
        Assert.Equal((ActivityStatus.DpoOpinionGiven, DpoOpinionKind.FavourableWithReservations), (afterOpinion.Status, afterOpinion.DpoOpinion));

        AssertRefused(await PostAsync(referent, url, Action(ActivityAction.Validate, 3)));
        AssertRefused(await PostAsync(dpo, url, Action(ActivityAction.Validate, 3)));
        Assert.Equal(ActivityStatus.DpoOpinionGiven, (await ReadAsync(database, organization, id)).Status);
        var toValidate = await HtmlPage.GetAsync(controller, url);
        using (var validated = await toValidate.SubmitAsync(controller, new Dictionary<string, string>(), "form:has(input[name=action][value=Validate])"))
        {
            Assert.Equal(HttpStatusCode.Redirect, validated.StatusCode);
        }

        var saved = await ReadAsync(database, organization, id);
        Assert.Equal(ActivityStatus.Validated, saved.Status);
        Assert.Equal("Personne maire", saved.ValidatedBy);
        var final = await HtmlPage.GetAsync(controller, url);
        Assert.Contains("La fiche a été validée.", final.Text, StringComparison.Ordinal);
        Assert.Contains("Validée par Personne maire le ", final.Text, StringComparison.Ordinal);
        Assert.Contains("Favorable avec réserves", final.Text, StringComparison.Ordinal);
        Assert.Contains("Préciser la durée de conservation des bulletins.", final.Text, StringComparison.Ordinal);
        Assert.Equal(["4", "3", "2", "1"], final.Document.QuerySelectorAll("table.history tbody th").Select(th => th.TextContent));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task EditSection_ValidatedEntry_BackToDraft_HistoryShowsChangedFields(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var organization = await OrganizationAsync(factory, "Commune d'Achicourt");
        var id = await ActivityAsync(factory, organization, Payroll());
        await ChangeStatusAsync(factory, organization, new(id, 1, ActivityAction.Submit), OrganizationRoles.PrivacyReferent);
        await ChangeStatusAsync(factory, organization, new(id, 2, ActivityAction.GiveDpoOpinion, DpoOpinionKind.Favourable), OrganizationRoles.Dpo);
        await ChangeStatusAsync(factory, organization, new(id, 3, ActivityAction.Validate), OrganizationRoles.Controller);
        using var client = await ClientAsync(factory, "rgpd@achicourt.example", organization, OrganizationRoles.PrivacyReferent);

        var form = await HtmlPage.GetAsync(client, $"/registre/{id}/modifier/finalites");
        Assert.Contains("l'enregistrement d'une modification la remet en brouillon", form.Text, StringComparison.Ordinal);
        Assert.Equal("Verser la rémunération des agents", form.Document.QuerySelector("#Form_MainPurpose")!.TextContent.Trim());
        using var response = await form.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Form.MainPurpose"] = "Verser la rémunération des agents et des élus",
            ["Form.SubPurposes"] = "Calcul des cotisations\r\n\r\nDéclarations sociales nominatives\r\n",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await ReadAsync(database, organization, id);
        Assert.Equal((ActivityStatus.Draft, 5), (saved.Status, saved.Version));
        Assert.Null(saved.ValidatedAt);
        Assert.Equal(["Calcul des cotisations", "Déclarations sociales nominatives"], saved.Content.SubPurposes);
        Assert.Equal("c", saved.Content.LegalBasisCode); // the other fields of the section, as posted unchanged
        var details = await HtmlPage.GetAsync(client, $"/registre/{id}");
        Assert.Contains("La fiche est revenue en brouillon", details.Document.QuerySelector(".notice--success")!.TextContent, StringComparison.Ordinal);
        var rows = details.Document.QuerySelectorAll("table.history tbody tr").Select(tr => tr.QuerySelectorAll("th, td").Select(c => c.TextContent).ToList()).ToList();
        Assert.Equal("5", rows[0][0]);
        Assert.Equal("Modification : Finalités et base légale (retour en brouillon)", rows[0][3]);
        Assert.Contains("Statut", rows[0][4], StringComparison.Ordinal);
        Assert.Contains("Finalité principale", rows[0][4], StringComparison.Ordinal);
        Assert.Contains("Sous-finalités", rows[0][4], StringComparison.Ordinal);
        Assert.Equal("4", rows[1][0]);
        Assert.Equal("Validation par le responsable de traitement", rows[1][3]);
        Assert.Contains("Validation", rows[1][4], StringComparison.Ordinal);
        Assert.Equal("Test", rows[1][2]);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ActivityOfAnotherOrganization_NotFound_NothingChanged(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var own = await OrganizationAsync(factory, "Commune d'Achicourt");
        var foreign = await OrganizationAsync(factory, "Commune de Beaurains");
        var id = await ActivityAsync(factory, foreign, Payroll());
        using var client = await ClientAsync(factory, "rgpd@achicourt.example", own, OrganizationRoles.PrivacyReferent | OrganizationRoles.Dpo);

        Assert.Equal(HttpStatusCode.NotFound, (await HtmlPage.GetAsync(client, $"/registre/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await HtmlPage.GetAsync(client, $"/registre/{id}/modifier/identification")).Status);
        using var post = await PostAsync(client, $"/registre/{id}/modifier/identification", new() { ["Version"] = "1", ["Form.Reference"] = "X", ["Form.Name"] = "Pris", ["Form.Role"] = "Controller" });
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        using var archive = await PostAsync(client, $"/registre/{id}", new() { ["action"] = "Archive", ["version"] = "1" });
        Assert.Equal(HttpStatusCode.NotFound, archive.StatusCode);
        Assert.DoesNotContain("Gestion de la paie", (await HtmlPage.GetAsync(client, "/registre")).Text, StringComparison.Ordinal);

        var saved = await ReadAsync(database, foreign, id);
        Assert.Equal((1, "Gestion de la paie", ActivityStatus.Draft), (saved.Version, saved.Name, saved.Status));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task StaleVersion_ConflictMessage_NothingSaved(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var organization = await OrganizationAsync(factory, "Commune d'Achicourt");
        var id = await ActivityAsync(factory, organization, Payroll());
        using var client = await ClientAsync(factory, "rgpd@achicourt.example", organization, OrganizationRoles.PrivacyReferent);
        var form = await HtmlPage.GetAsync(client, $"/registre/{id}/modifier/collecte");
        var details = await HtmlPage.GetAsync(client, $"/registre/{id}");
        // Meanwhile, someone else changes the entry.
        await ChangeStatusAsync(factory, organization, new(id, 1, ActivityAction.Submit), OrganizationRoles.PrivacyReferent);

        var page = await HtmlPage.ParseAsync(await form.SubmitAsync(client, new Dictionary<string, string> { ["Form.Software"] = "Logiciel de paie" }));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Quelqu'un a modifié cette fiche depuis que vous l'avez ouverte : rien n'a été enregistré.", page.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Logiciel de paie", page.Document.QuerySelector("#Form_Software")!.TextContent.Trim());
        var archived = await HtmlPage.ParseAsync(await details.SubmitAsync(client, new Dictionary<string, string>(), "form:has(input[name=action][value=Archive])"));
        Assert.Equal(HttpStatusCode.OK, archived.Status);
        Assert.Contains("Quelqu'un a modifié cette fiche", archived.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);

        var saved = await ReadAsync(database, organization, id);
        Assert.Equal((2, ActivityStatus.Submitted), (saved.Version, saved.Status));
        Assert.Null(saved.Content.Software);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Details_EveryFieldInFrench_CompletenessAndOpenAlerts(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var organization = await OrganizationAsync(factory, "Commune d'Achicourt");
        var id = await ActivityAsync(factory, organization, Payroll() with
        {
            Content = Payroll().Content with
            {
                DataCategories =
                [
                    new DataCategoryUse { CategoryCode = "sante", Description = "Arrêts maladie", RetentionPeriod = "2 ans", FinalFate = FinalFate.Destruction },
                    new DataCategoryUse { CategoryCode = "nir" },
                ],
                Transfers = [new TransferUse { Recipient = "Hébergeur", CountryCode = "US", Safeguard = TransferSafeguard.StandardContractualClauses }],
                AiUse = ArtificialIntelligenceUse.Assists,
                AiDescription = "Aide au contrôle des bulletins",
            },
        });
        using var reader = await ClientAsync(factory, "lecteur@achicourt.example", organization, OrganizationRoles.Reader);

        var page = await HtmlPage.GetAsync(reader, $"/registre/{id}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("3 sections sur 9 renseignées", page.Document.QuerySelector(".completeness")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Catégories de données", page.Document.QuerySelector(".completeness ul")!.TextContent, StringComparison.Ordinal);
        var data = page.Document.QuerySelector("#s-data")!.ParentElement!.TextContent;
        Assert.Contains("Données concernant la santé", data, StringComparison.Ordinal);
        Assert.Contains("Art. 9", data, StringComparison.Ordinal);
        Assert.Contains("NIR", data, StringComparison.Ordinal);
        Assert.Contains("Destruction", data, StringComparison.Ordinal);
        Assert.Contains("États-Unis", page.Text, StringComparison.Ordinal);
        Assert.Contains("Clauses contractuelles types (art. 46)", page.Text, StringComparison.Ordinal);
        Assert.Contains("Une IA aide les personnes qui décident", page.Text, StringComparison.Ordinal);
        Assert.Contains("Art. 6(1)(c) : Respect d'une obligation légale", page.Text, StringComparison.Ordinal);
        // The NIR has no retention period: its alert is shown with its article.
        var alerts = page.Document.QuerySelector(".alert-list")!.TextContent;
        Assert.Contains("30(1)(f)", alerts, StringComparison.Ordinal);
        // A reader sees, and is offered no action nor edit link.
        Assert.Null(page.Document.QuerySelector("main form[method=post]"));
        Assert.Null(page.Document.QuerySelector("a[href*='/modifier/']"));
        using var edit = await reader.GetAsync(new Uri($"/registre/{id}/modifier/ia", UriKind.Relative), Ct);
        AssertRefused(edit);
        var list = await HtmlPage.GetAsync(reader, "/registre?alerte=true&sensibles=true");
        Assert.Equal(["Gestion de la paie"], list.Document.QuerySelectorAll("tbody th a").Select(a => a.TextContent));
        Assert.NotNull(list.Document.QuerySelector("tbody .badge--alert"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task EditSection_EverySectionPostedUnchanged_SameEntryNoNewVersion(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var organization = await OrganizationAsync(factory, "Commune d'Achicourt");
        var id = await ActivityAsync(factory, organization, Payroll() with
        {
            Role = ProcessingRole.Processor,
            Content = Payroll().Content with
            {
                Description = "Ligne 1\nLigne 2",
                Controller = new ActorContact { Name = "Le Maire", City = "Achicourt" },
                ClientControllers = [new ActorContact { Name = "CCAS d'Achicourt" }],
                SubPurposes = ["Cotisations", "Déclarations"],
                DataCategories = [new DataCategoryUse { CategoryCode = "sante", RetentionPeriod = "2 ans", FinalFate = FinalFate.Sorting }],
                DataSubjects = [new DataSubjectUse { CategoryCode = "agents", EstimatedVolume = 80 }],
                Recipients = [new RecipientUse { TypeCode = "autorite", Details = "Trésorerie" }],
                Transfers = [new TransferUse { Recipient = "Hébergeur", CountryCode = "US", Safeguard = TransferSafeguard.StandardContractualClauses }],
                SecurityMeasures = [new SecurityMeasureUse { MeasureCode = "sauvegarde", Details = "Chaque nuit" }],
                Software = "Logiciel de paie",
                AiUse = ArtificialIntelligenceUse.Assists,
                AiDescription = "Contrôle des bulletins",
                // One of each: HtmlPage.FormValues keeps one value per name (a browser would post every box ticked).
                EdpbCriteria = ["vulnerables"],
                CnilDpiaListMatches = ["profils-rh"],
                DpiaDecision = DpiaDecision.Required,
            },
        });
        var before = (await ReadAsync(database, organization, id)).ContentJson;
        using var client = await ClientAsync(factory, "rgpd@achicourt.example", organization, OrganizationRoles.PrivacyReferent);

        foreach (var section in new[] { "identification", "finalites", "donnees", "personnes", "destinataires", "securite", "collecte", "ia", "aipd" })
        {
            var form = await HtmlPage.GetAsync(client, $"/registre/{id}/modifier/{section}");
            Assert.Equal(HttpStatusCode.OK, form.Status);
            Assert.Equal("page", form.Document.QuerySelector($"nav.section-nav a[href$='/{section}']")!.GetAttribute("aria-current"));
            using var response = await form.SubmitAsync(client, new Dictionary<string, string>());
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{section}: {(await HtmlPage.ParseAsync(response)).Document.QuerySelector(".error-summary")?.TextContent}");
            var now = await ReadAsync(database, organization, id);
            Assert.True(now.Version == 1, $"{section} changed the entry: {before} => {now.ContentJson}");
        }

        var saved = await ReadAsync(database, organization, id);
        Assert.Equal(1, saved.Version);
        Assert.Equal(before, saved.ContentJson);
        Assert.Equal(HttpStatusCode.NotFound, (await HtmlPage.GetAsync(client, $"/registre/{id}/modifier/inconnue")).Status);
    }
}
