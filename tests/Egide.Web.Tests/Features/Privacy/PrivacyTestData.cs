using Egide.Core.Data;
using Egide.Core.Organizations;
using Egide.Core.Privacy.Register;
using Egide.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Privacy;

/// <summary>Organisations, processors and activities made through the application's own use cases.</summary>
public static class PrivacyTestData
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static RegisterActor Keeper { get; } = new(null, "Référent des tests", Egide.Core.Account.OrganizationRoles.PrivacyReferent);

    public static async Task<Guid> OrganizationAsync(IServiceProvider services, string name, Action<OrganizationInput>? configure = null)
    {
        var input = new OrganizationInput { Kind = OrganizationKind.Commune, Name = name };
        configure?.Invoke(input);
        await using var scope = services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<CreateOrganization.Handler>().Handle(input, Ct);
        Assert.True(created.IsSuccess, created.Failure?.ToString());
        return created.Value;
    }

    /// <summary>Runs <paramref name="action"/> in a new scope whose database context works in <paramref name="organization"/>.</summary>
    public static async Task<T> InAsync<T>(IServiceProvider services, Guid organization, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<EgideDb>().UseOrganization(organization);
        return await action(scope.ServiceProvider);
    }

    public static Task<Guid> ProcessorAsync(IServiceProvider services, Guid organization, ProcessorInput input) =>
        InAsync(services, organization, async sp =>
        {
            var saved = await sp.GetRequiredService<SaveProcessor.Handler>().Handle(new SaveProcessor.Command(null, 0, input), Keeper, Ct);
            Assert.True(saved.IsSuccess, saved.Failure?.ToString());
            return saved.Value;
        });

    /// <summary>Posts a form as a browser would, repeated names included (checkboxes), with the page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, HtmlPage page, string url, IEnumerable<KeyValuePair<string, string>> fields, string selector = "main form[method=post]")
    {
        var token = page.FormValues(selector)["__egide_af"];
        var content = new FormUrlEncodedContent(fields.Append(new("__egide_af", token)));
        return await client.PostAsync(new Uri(url, UriKind.Relative), content, Ct);
    }

    /// <summary>Where a redirect goes, without its query string.</summary>
    public static string? PathOf(HttpResponseMessage response) => response.Headers.Location switch
    {
        null => null,
        { IsAbsoluteUri: true } location => location.AbsolutePath,
        var location => location.OriginalString.Split('?')[0],
    };

    /// <summary>
    /// Every pair the form would send, repeated names included (HtmlPage.FormValues keeps one value per name, which
    /// would drop all ticked clauses but one), with <paramref name="changes"/> replacing the fields they name.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAllAsync(HttpClient client, HtmlPage page, IReadOnlyDictionary<string, string> changes, string selector = "main form[method=post]")
    {
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)page.Document.QuerySelector(selector)!;
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case AngleSharp.Html.Dom.IHtmlInputElement { Type: "radio" or "checkbox" } box when !box.IsChecked:
                    break;
                case AngleSharp.Html.Dom.IHtmlInputElement input when !string.IsNullOrEmpty(input.Name):
                    pairs.Add(new(input.Name, input.Value));
                    break;
                case AngleSharp.Html.Dom.IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    pairs.Add(new(select.Name, select.Value ?? ""));
                    break;
                case AngleSharp.Html.Dom.IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    pairs.Add(new(area.Name, area.Value));
                    break;
            }
        }
        pairs.RemoveAll(p => changes.ContainsKey(p.Key));
        pairs.AddRange(changes);
        var action = form.GetAttribute("action")!;
        return await client.PostAsync(new Uri(action, UriKind.Relative), new FormUrlEncodedContent(pairs), Ct);
    }
}
