using Egide.Core.Common;
using Egide.Core.Privacy.Register;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Egide.Web.Features.Privacy.Register;

/// <summary>A new entry, as a draft, from the few fields that name it; the rest is written section by section.</summary>
public sealed class CreateModel(CurrentUser user, CreateProcessingActivity.Handler create) : PrivacyPage(user)
{
    public sealed class CreateInput
    {
        public string? Reference { get; set; }
        public string? Name { get; set; }
        public ProcessingRole Role { get; set; }
        public string? ResponsibleService { get; set; }
        public string? MainPurpose { get; set; }
    }

    [BindProperty]
    public CreateInput Input { get; set; } = new();

    public static IReadOnlyList<SelectListItem> RoleItems { get; } =
        Enum.GetValues<ProcessingRole>().Select(r => new SelectListItem(r.French(), r.ToString())).ToList();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is { CanEdit: false })
        {
            return Forbid();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = await LoadActorAsync(ct);
        if (actor is null)
        {
            return Page();
        }
        if (!actor.CanEdit)
        {
            return Forbid();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var input = new ActivityInput
        {
            Reference = Input.Reference ?? "",
            Name = Input.Name ?? "",
            Role = Input.Role,
            ResponsibleService = Input.ResponsibleService,
            Content = new ActivityContent { MainPurpose = Input.MainPurpose ?? "" },
        };
        var result = await create.Handle(input, actor, ct);
        if (result.IsSuccess)
        {
            TempData["Message"] = $"La fiche « {input.Name.Trim()} » a été créée en brouillon. Complétez-la section par section.";
            return Redirect($"/registre/{result.Value}");
        }
        if (result.Failure is ForbiddenFailure)
        {
            return Forbid();
        }
        if (result.Failure is ValidationFailure v)
        {
            foreach (var (field, messages) in v.Errors)
            {
                var key = field == "Content.MainPurpose" ? "Input.MainPurpose" : $"Input.{field}";
                foreach (var message in messages)
                {
                    ModelState.AddModelError(key, message);
                }
            }
        }
        else
        {
            ModelState.AddFailure(result.Failure!, null);
        }
        return Page();
    }
}
