using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Egide.Web.Infrastructure;

/// <summary>
/// One accessible form field: label, optional hint, the field's errors tied to the input by
/// aria-describedby and aria-invalid, and the attempted value kept after a failed post.
/// <c>&lt;field for="Input.Name" label="Nom" required /&gt;</c>
/// </summary>
[HtmlTargetElement("field", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldTagHelper(HtmlEncoder encoder) : TagHelper
{
    [HtmlAttributeName("for")]
    public Microsoft.AspNetCore.Mvc.ViewFeatures.ModelExpression For { get; set; } = null!;

    public string Label { get; set; } = "";

    public string? Hint { get; set; }

    public string Type { get; set; } = "text";

    public bool Required { get; set; }

    public string? Autocomplete { get; set; }

    public string? Inputmode { get; set; }

    public int? Maxlength { get; set; }

    /// <summary>CSS width class: "short", "medium" or none for full width.</summary>
    public string? Width { get; set; }

    /// <summary>Renders a textarea of this many rows instead of an input.</summary>
    public int? Rows { get; set; }

    /// <summary>Renders a select instead of an input.</summary>
    public IEnumerable<SelectListItem>? Items { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        var id = TagBuilder.CreateSanitizedId(name, "_");
        ViewContext.ModelState.TryGetValue(name, out var entry);
        var errors = entry?.Errors.Select(e => e.ErrorMessage).Where(m => m.Length > 0).ToList() ?? [];
        var value = entry?.AttemptedValue ?? Format(For.Model);

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", errors.Count > 0 ? "field field--error" : "field");

        var describedBy = new List<string>();
        var html = new System.Text.StringBuilder();
        html.Append($"<label for=\"{id}\">{E(Label)}");
        if (Required)
        {
            html.Append(" <span class=\"required\">(obligatoire)</span>");
        }
        html.Append("</label>");
        if (Hint is not null)
        {
            html.Append($"<p class=\"hint\" id=\"{id}-hint\">{E(Hint)}</p>");
            describedBy.Add($"{id}-hint");
        }
        if (errors.Count > 0)
        {
            html.Append($"<p class=\"error-message\" id=\"{id}-error\">");
            html.Append(string.Join("<br>", errors.Select(m => "<span class=\"visually-hidden\">Erreur : </span>" + E(m))));
            html.Append("</p>");
            describedBy.Add($"{id}-error");
        }

        var common = new System.Text.StringBuilder($" id=\"{id}\" name=\"{E(name)}\"");
        if (Width is not null)
        {
            common.Append($" class=\"width-{E(Width)}\"");
        }
        if (Required)
        {
            common.Append(" required aria-required=\"true\"");
        }
        if (describedBy.Count > 0)
        {
            common.Append($" aria-describedby=\"{string.Join(' ', describedBy)}\"");
        }
        if (errors.Count > 0)
        {
            common.Append(" aria-invalid=\"true\"");
        }

        if (Items is not null)
        {
            html.Append($"<select{common}>");
            foreach (var item in Items)
            {
                var selected = item.Value == value ? " selected" : "";
                html.Append($"<option value=\"{E(item.Value)}\"{selected}>{E(item.Text)}</option>");
            }
            html.Append("</select>");
        }
        else if (Rows is { } rows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<textarea{common} rows=\"{rows}\"");
            if (Maxlength is { } max)
            {
                html.Append(CultureInfo.InvariantCulture, $" maxlength=\"{max}\"");
            }
            // The newline keeps a value that starts with one: HTML drops the first newline of a textarea.
            html.Append($">\n{E(value ?? "")}</textarea>");
        }
        else
        {
            html.Append($"<input type=\"{E(Type)}\"{common} value=\"{E(value ?? "")}\"");
            if (Autocomplete is not null)
            {
                html.Append($" autocomplete=\"{E(Autocomplete)}\"");
            }
            if (Inputmode is not null)
            {
                html.Append($" inputmode=\"{E(Inputmode)}\"");
            }
            if (Maxlength is { } max)
            {
                html.Append(CultureInfo.InvariantCulture, $" maxlength=\"{max}\"");
            }
            html.Append('>');
        }
        output.Content.SetHtmlContent(html.ToString());
    }

    private string E(string text) => encoder.Encode(text);

    private static string? Format(object? model) => model switch
    {
        null => null,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => model.ToString(),
    };
}
