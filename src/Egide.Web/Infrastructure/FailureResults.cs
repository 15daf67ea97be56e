using Egide.Core.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Egide.Web.Infrastructure;

public static class FailureResults
{
    /// <summary>The API's answer to a failed use case: RFC 7807, French text.</summary>
    public static IResult ToProblem(this Failure failure) => failure switch
    {
        ValidationFailure v => TypedResults.ValidationProblem(v.Errors, title: v.Message),
        NotFoundFailure n => TypedResults.Problem(n.Message, statusCode: StatusCodes.Status404NotFound, title: FrenchStatus.Title(404)),
        ForbiddenFailure f => TypedResults.Problem(f.Message, statusCode: StatusCodes.Status403Forbidden, title: FrenchStatus.Title(403)),
        ConflictFailure c => TypedResults.Problem(c.Message, statusCode: StatusCodes.Status409Conflict, title: FrenchStatus.Title(409)),
        _ => TypedResults.Problem(failure.Message, statusCode: StatusCodes.Status400BadRequest, title: FrenchStatus.Title(400)),
    };

    /// <summary>Puts a failed use case's messages on the page's fields ("Input.Name"…) or, without a field, on the page.</summary>
    public static void AddFailure(this ModelStateDictionary modelState, Failure failure, string? prefix) =>
        modelState.AddFailureOnFields(failure, field => prefix is null ? field : $"{prefix}.{field}");

    /// <summary>The same, for a page whose fields are not named like the use case's input: <paramref name="keyOf"/> names the page's field (empty: the page).</summary>
    public static void AddFailureOnFields(this ModelStateDictionary modelState, Failure failure, Func<string, string> keyOf)
    {
        if (failure is ValidationFailure v)
        {
            foreach (var (field, messages) in v.Errors)
            {
                foreach (var message in messages)
                {
                    modelState.AddModelError(keyOf(field), message);
                }
            }
            return;
        }
        modelState.AddModelError(string.Empty, failure.Message);
    }
}
