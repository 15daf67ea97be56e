using Egide.Core.Data;
using Egide.Core.Organizations;
using Egide.Web.Infrastructure;

namespace Egide.Web.Features.Privacy.Contacts;

/// <summary>
/// Who to ask about personal data in the organisation: the DPO, the privacy referents service by service, and the
/// organisation's contacts. Printable, for the services' notice boards; every member may read it.
/// </summary>
public sealed class IndexModel(EgideDb db, CurrentUser user, GetOrganization.Handler organizations) : PrivacyPage(user)
{
    public GetOrganization.Details Details { get; private set; } = null!;

    /// <summary>The referents grouped by service, services in alphabetical order, those without a service last.</summary>
    public IReadOnlyList<IGrouping<string?, PrivacyReferent>> ReferentsByService { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return;
        }
        Details = (await organizations.Handle(db.TenantOrganizationId, ct))!;
        var byName = StringComparer.Create(Egide.Core.Common.FrenchFormat.Culture, ignoreCase: true);
        ReferentsByService = Details.Organization.Referents
            .GroupBy(r => string.IsNullOrWhiteSpace(r.Service) ? null : r.Service.Trim())
            .OrderBy(g => g.Key is null).ThenBy(g => g.Key ?? "", byName)
            .ToList();
    }
}
