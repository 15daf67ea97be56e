using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Xunit;

namespace Egide.Testing;

/// <summary>A page fetched over HTTP and parsed, with a way to post its form as a browser would.</summary>
public sealed class HtmlPage
{
    private HtmlPage(HttpResponseMessage response, IHtmlDocument document)
    {
        Response = response;
        Document = document;
    }

    public HttpResponseMessage Response { get; }

    public IHtmlDocument Document { get; }

    public HttpStatusCode Status => Response.StatusCode;

    public string Text => Document.Body?.TextContent ?? "";

    public static async Task<HtmlPage> GetAsync(HttpClient client, string url) =>
        await ParseAsync(await client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken));

    public static async Task<HtmlPage> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new HtmlPage(response, new HtmlParser().ParseDocument(html));
    }

    /// <summary>The values the form would send as it stands (inputs, checked radios, selected options, antiforgery token).</summary>
    public Dictionary<string, string> FormValues(string selector = "main form[method=post]")
    {
        var form = (Document.QuerySelector(selector) as IHtmlFormElement) ?? throw new InvalidOperationException($"No form '{selector}'.");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Type: "radio" or "checkbox" } box when !box.IsChecked:
                    break;
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name):
                    values[input.Name] = input.Value;
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    values[select.Name] = select.Value ?? "";
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    values[area.Name] = area.Value;
                    break;
            }
        }
        return values;
    }

    /// <summary>Posts the page's form with some fields changed, to the page's own URL.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(HttpClient client, IReadOnlyDictionary<string, string> changes, string selector = "main form[method=post]")
    {
        var values = FormValues(selector);
        foreach (var (key, value) in changes)
        {
            values[key] = value;
        }
        var action = Document.QuerySelector(selector)!.GetAttribute("action");
        var url = string.IsNullOrEmpty(action) ? Response.RequestMessage!.RequestUri!.PathAndQuery : action;
        return await client.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent(values), TestContext.Current.CancellationToken);
    }
}
