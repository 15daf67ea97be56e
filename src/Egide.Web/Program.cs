using Egide.Core;
using Egide.Core.Configuration;
using Egide.Web.Features.Deadlines;
using Egide.Web.Features.Organizations;
using Egide.Web.Features.Privacy.Register;
using Egide.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddEgideSources(args);
builder.Services.AddEgideCore();
builder.Services.AddEgideWeb();

var app = builder.Build();

IReadOnlyList<string> demoAccounts;
try
{
    demoAccounts = await app.PrepareDatabaseAsync();
}
catch (EgideConfigurationException e)
{
    await Console.Error.WriteLineAsync("egide: " + e.Message);
    return 2;
}
catch (StartupException e)
{
    await Console.Error.WriteLineAsync("egide: " + e.Message);
    return 1;
}

app.UseEgidePipeline();
app.MapRazorPages();
app.MapOrganizationsApi();
app.MapRegisterApi();
Egide.Web.Features.Privacy.Breaches.DataBreachesApi.MapDataBreachesApi(app);
app.MapCalendarApi();
Egide.Web.Features.Privacy.Requests.RightsRequestsApi.MapRightsRequestsApi(app);
app.MapHealthChecks("/health").AllowAnonymous();
app.MapOpenApi().AllowAnonymous();
app.AnnounceAddresses(demoAccounts);

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
