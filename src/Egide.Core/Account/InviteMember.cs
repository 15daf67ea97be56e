using Egide.Core.Common;
using Egide.Core.Configuration;
using Egide.Core.Data;
using Egide.Core.Mail;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Egide.Core.Account;

/// <summary>Invitation links live a week (people do not read their mail within the hour), and work once.</summary>
public sealed class InvitationTokenProvider(
    IDataProtectionProvider protection, IOptions<InvitationTokenProviderOptions> options, ILogger<DataProtectorTokenProvider<EgideUser>> logger)
    : DataProtectorTokenProvider<EgideUser>(protection, options, logger)
{
    public const string ProviderName = "Invitation";
    public const string Purpose = "AcceptInvitation";
}

public sealed class InvitationTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public InvitationTokenProviderOptions()
    {
        Name = InvitationTokenProvider.ProviderName;
        TokenLifespan = TimeSpan.FromDays(7);
    }
}

public static class InviteMember
{
    public sealed record Command(Guid OrganizationId, string Email, string DisplayName, OrganizationRoles Roles, string InvitedBy);

    /// <param name="NewAccount">False when the person already had an account: the roles were added to it.</param>
    public sealed record Invited(Guid UserId, bool NewAccount, OrganizationRoles Roles);

    public sealed class Handler(EgideDb db, UserManager<EgideUser> users, EgideSettings settings, TimeProvider clock)
    {
        public async Task<Result<Invited>> Handle(Command command, CancellationToken ct)
        {
            var errors = new ValidationErrors();
            var email = command.Email.Trim().ToLowerInvariant();
            if (!EmailAddress.IsValid(email))
            {
                errors.Add(nameof(command.Email), $"« {command.Email} » n'est pas une adresse électronique valide.");
            }
            if (command.Roles == OrganizationRoles.None)
            {
                errors.Add(nameof(command.Roles), "Cochez au moins un rôle.");
            }
            var organization = await db.Organizations.Where(o => o.Id == command.OrganizationId).Select(o => o.Name).FirstOrDefaultAsync(ct);
            if (organization is null)
            {
                return new NotFoundFailure("Cet organisme n'existe pas.");
            }
            var user = errors.IsEmpty ? await users.FindByEmailAsync(email) : null;
            if (user is null && command.DisplayName.Trim().Length is 0 or > 200)
            {
                errors.Add(nameof(command.DisplayName), "Indiquez le nom de la personne (200 caractères au plus).");
            }
            if (!errors.IsEmpty)
            {
                return errors.ToFailure();
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var strategy = db.Database.CreateExecutionStrategy();
            return await strategy.ExecuteAsync(async () =>
            {
                // The account, the membership and the mail commit together or not at all.
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var newAccount = user is null;
                if (user is null)
                {
                    user = new EgideUser { UserName = email, Email = email, DisplayName = command.DisplayName.Trim(), CreatedAt = now };
                    var created = await users.CreateAsync(user); // no password: the person chooses it from the mail
                    if (!created.Succeeded)
                    {
                        foreach (var error in created.Errors)
                        {
                            errors.Add(nameof(command.Email), error.Description);
                        }
                        return (Result<Invited>)errors.ToFailure();
                    }
                }
                var membership = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == user.Id && m.OrganizationId == command.OrganizationId, ct);
                if (membership is null)
                {
                    membership = new Membership { UserId = user.Id, OrganizationId = command.OrganizationId, CreatedAt = now };
                    db.Memberships.Add(membership);
                }
                membership.Roles |= command.Roles;
                db.Enqueue(newAccount
                    ? await InvitationMail(user, organization, command, ct)
                    : new MailDraft(email, $"Egide : vos rôles dans {organization}",
                        $"""
                        Bonjour {user.DisplayName},

                        {command.InvitedBy} vous a donné dans Egide les rôles suivants pour {organization} : {membership.Roles.French()}.
                        Connectez-vous avec votre compte habituel : {new Uri(settings.PublicUrl, "/connexion")}
                        """, OrganizationId: command.OrganizationId), clock);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return new Invited(user.Id, newAccount, membership.Roles);
            });
        }

        private async Task<MailDraft> InvitationMail(EgideUser user, string organization, Command command, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            var token = await users.GenerateUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationTokenProvider.Purpose);
            var link = new Uri(settings.PublicUrl, $"/invitation?compte={user.Id}&jeton={Uri.EscapeDataString(token)}");
            return new MailDraft(user.Email!, $"Egide : invitation de {organization}",
                $"""
                Bonjour {user.DisplayName},

                {command.InvitedBy} vous invite à rejoindre {organization} dans Egide, la plateforme de gouvernance RGPD et cybersécurité, avec les rôles : {command.Roles.French()}.

                Pour choisir votre mot de passe et activer votre compte, ouvrez ce lien dans les 7 jours :

                {link}

                Si vous ne vous attendiez pas à cette invitation, ignorez ce message.
                """, OrganizationId: command.OrganizationId);
        }
    }
}
