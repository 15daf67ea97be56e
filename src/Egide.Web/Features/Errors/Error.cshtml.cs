using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Egide.Web.Features.Errors;

/// <summary>The French error page, reached by re-execution (exceptions and bodiless error statuses).</summary>
[IgnoreAntiforgeryToken]
[AllowAnonymous]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "";

    public string Detail { get; private set; } = "";

    public void OnGet([FromRoute] int? code) => Describe(code);

    // A failed POST is re-executed as a POST; the code comes from the route only, so that an oversized body is never read.
    public void OnPost([FromRoute] int? code) => Describe(code);

    private void Describe(int? code)
    {
        var status = code ?? (HttpContext.Features.Get<IExceptionHandlerFeature>() is null ? 404 : Response.StatusCode);
        if (status < 400)
        {
            status = 500;
        }
        Response.StatusCode = status;
        Title = FrenchStatus.Title(status) ?? "Erreur";
        Detail = status == 400 && code is not null
            ? "La requête a été refusée : le formulaire a peut-être expiré ou son jeton de sécurité manque. Rechargez la page et recommencez ; rien n'a été enregistré."
            : FrenchStatus.Detail(status) ?? "La requête n'a pas pu aboutir.";
    }
}
