using System.Text.RegularExpressions;
using Egide.Core.Common;
using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Organizations;

/// <summary>What makes an organisation valid. Field keys are the input's property paths (e.g. "Dpo.Email").</summary>
public static partial class OrganizationRules
{
    public const int NameMaxLength = 200;
    public const int TextMaxLength = 200;
    public const int MaxPopulation = 100_000_000;
    public const int MaxListRows = 50;

    /// <summary>Checks a normalised input on its own (no database).</summary>
    public static ValidationErrors Validate(OrganizationInput input, int currentYear)
    {
        var errors = new ValidationErrors();

        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add(nameof(input.Kind), "Choisissez le type d'organisme.");
        }

        if (input.HolidayCalendar is { } calendar && !Enum.IsDefined(calendar))
        {
            errors.Add(nameof(input.HolidayCalendar), "Choisissez les jours fériés de l'organisme : nationaux, ou d'Alsace-Moselle.");
        }

        if (input.Name is null)
        {
            errors.Add(nameof(input.Name), "Le nom est obligatoire.");
        }
        else if (input.Name.Length > NameMaxLength)
        {
            errors.Add(nameof(input.Name), $"Le nom ne doit pas dépasser {NameMaxLength} caractères.");
        }

        if (input.Siren is { } siren)
        {
            if (!Siren.HasValidFormat(siren))
            {
                errors.Add(nameof(input.Siren), "Le SIREN doit comporter exactement 9 chiffres.");
            }
            else if (!Siren.HasValidCheckDigit(siren))
            {
                errors.Add(nameof(input.Siren), $"Le SIREN {siren} n'existe pas : sa clé de contrôle est fausse. Vérifiez les chiffres saisis.");
            }
        }

        if (input.InseeCode is { } insee && !InseeCodePattern().IsMatch(insee))
        {
            errors.Add(nameof(input.InseeCode), "Le code INSEE doit comporter 5 caractères : 5 chiffres, ou 2A/2B suivi de 3 chiffres pour la Corse.");
        }

        if (input.Population is { } population)
        {
            if (population < 0)
            {
                errors.Add(nameof(input.Population), "La population ne peut pas être négative.");
            }
            else if (population > MaxPopulation)
            {
                errors.Add(nameof(input.Population), "La population indiquée est trop grande.");
            }
            if (input.PopulationYear is null)
            {
                errors.Add(nameof(input.PopulationYear), "Indiquez l'année de référence de la population (population légale INSEE).");
            }
        }
        if (input.PopulationYear is { } year)
        {
            if (year < 1990 || year > currentYear)
            {
                errors.Add(nameof(input.PopulationYear), $"L'année de référence doit être comprise entre 1990 et {currentYear}.");
            }
            if (input.Population is null)
            {
                errors.Add(nameof(input.Population), "Indiquez la population correspondant à l'année de référence.");
            }
        }

        MaxLength(errors, "Address.Street", input.Address.Street, "L'adresse");
        if (input.Address.PostalCode is { } postalCode && !PostalCodePattern().IsMatch(postalCode))
        {
            errors.Add("Address.PostalCode", "Le code postal doit comporter 5 chiffres.");
        }
        MaxLength(errors, "Address.City", input.Address.City, "La commune");

        Email(errors, nameof(input.FunctionalMailbox), input.FunctionalMailbox, required: false);

        ValidateDpo(input.Dpo, errors);

        if (input.Referents.Count > MaxListRows)
        {
            errors.Add(nameof(input.Referents), $"Pas plus de {MaxListRows} référents.");
        }
        for (var i = 0; i < input.Referents.Count; i++)
        {
            var r = input.Referents[i];
            var key = $"Referents[{i}]";
            if (r.Name is null)
            {
                errors.Add($"{key}.Name", $"Référent n° {i + 1} : le nom est obligatoire.");
            }
            MaxLength(errors, $"{key}.Name", r.Name, $"Référent n° {i + 1} : le nom");
            MaxLength(errors, $"{key}.Service", r.Service, $"Référent n° {i + 1} : le service");
            Email(errors, $"{key}.Email", r.Email, required: true, $"Référent n° {i + 1} : ");
            Phone(errors, $"{key}.Phone", r.Phone, $"Référent n° {i + 1} : ");
        }

        if (input.Contacts.Count > MaxListRows)
        {
            errors.Add(nameof(input.Contacts), $"Pas plus de {MaxListRows} contacts.");
        }
        for (var i = 0; i < input.Contacts.Count; i++)
        {
            var c = input.Contacts[i];
            var key = $"Contacts[{i}]";
            if (c.Name is null)
            {
                errors.Add($"{key}.Name", $"Contact n° {i + 1} : le nom est obligatoire.");
            }
            MaxLength(errors, $"{key}.Name", c.Name, $"Contact n° {i + 1} : le nom");
            MaxLength(errors, $"{key}.Role", c.Role, $"Contact n° {i + 1} : la fonction");
            if (c.Email is null && c.Phone is null)
            {
                errors.Add($"{key}.Email", $"Contact n° {i + 1} : indiquez au moins une adresse électronique ou un téléphone.");
            }
            Email(errors, $"{key}.Email", c.Email, required: false, $"Contact n° {i + 1} : ");
            Phone(errors, $"{key}.Phone", c.Phone, $"Contact n° {i + 1} : ");
        }

        return errors;
    }

    /// <summary>The checks that need the database: a unique SIREN, an existing external DPO body.</summary>
    public static async Task CheckAgainstDatabaseAsync(
        EgideDb db, OrganizationInput input, Guid? self, ValidationErrors errors, CancellationToken ct)
    {
        if (input.Siren is { } siren && Siren.HasValidCheckDigit(siren))
        {
            var holder = await db.Organizations
                .Where(o => o.Siren == siren && o.Id != self)
                .Select(o => o.Name)
                .FirstOrDefaultAsync(ct);
            if (holder is not null)
            {
                errors.Add(nameof(input.Siren), $"Le SIREN {siren} est déjà celui de « {holder} ».");
            }
        }

        if (input.Dpo.ExternalOrganizationId is { } dpoBody)
        {
            if (dpoBody == self)
            {
                errors.Add("Dpo.ExternalOrganizationId", "Un organisme ne peut pas être son propre DPO externe : choisissez « DPO interne ».");
            }
            else if (!await db.Organizations.AnyAsync(o => o.Id == dpoBody, ct))
            {
                errors.Add("Dpo.ExternalOrganizationId", "L'organisme choisi comme DPO externe n'existe pas.");
            }
        }
    }

    private static void ValidateDpo(OrganizationInput.DpoInput dpo, ValidationErrors errors)
    {
        if (!Enum.IsDefined(dpo.Kind))
        {
            errors.Add("Dpo.Kind", "Choisissez si le DPO est interne, externe ou non désigné.");
            return;
        }
        if (dpo.Kind == DpoKind.NotDesignated)
        {
            return;
        }
        if (dpo.Kind == DpoKind.Internal && dpo.PersonName is null)
        {
            errors.Add("Dpo.PersonName", "Indiquez le nom du DPO.");
        }
        if (dpo.Kind == DpoKind.External && dpo.ExternalOrganizationId is null && dpo.ExternalBodyName is null)
        {
            errors.Add("Dpo.ExternalBodyName", "Indiquez l'organisme qui assure la fonction de DPO (choisissez-le dans la liste ou saisissez son nom).");
        }
        MaxLength(errors, "Dpo.PersonName", dpo.PersonName, "Le nom du DPO");
        MaxLength(errors, "Dpo.ExternalBodyName", dpo.ExternalBodyName, "Le nom de l'organisme DPO");
        Email(errors, "Dpo.Email", dpo.Email, required: true, "DPO : ");
        Phone(errors, "Dpo.Phone", dpo.Phone, "DPO : ");
        if (dpo.CnilDesignationNumber is { } number && !CnilDesignationPattern().IsMatch(number))
        {
            errors.Add("Dpo.CnilDesignationNumber", "Le numéro de désignation CNIL doit être de la forme DPO-12345.");
        }
    }

    private static void MaxLength(ValidationErrors errors, string key, string? value, string what)
    {
        if (value is { Length: > TextMaxLength })
        {
            errors.Add(key, $"{what} ne doit pas dépasser {TextMaxLength} caractères.");
        }
    }

    private static void Email(ValidationErrors errors, string key, string? value, bool required, string prefix = "")
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(key, $"{prefix}l'adresse électronique est obligatoire.".UpperFirst());
            }
        }
        else if (!EmailAddress.IsValid(value))
        {
            errors.Add(key, $"{prefix}« {value} » n'est pas une adresse électronique valide.".UpperFirst());
        }
    }

    private static void Phone(ValidationErrors errors, string key, string? value, string prefix)
    {
        if (value is not null && !PhonePattern().IsMatch(value))
        {
            errors.Add(key, $"{prefix}le numéro de téléphone ne peut contenir que des chiffres, des espaces, des points, des tirets et le signe +.".UpperFirst());
        }
    }

    private static string UpperFirst(this string text) =>
        text.Length == 0 ? text : char.ToUpper(text[0], FrenchFormat.Culture) + text[1..];

    [GeneratedRegex(@"^(\d{5}|2[AB]\d{3})$")]
    private static partial Regex InseeCodePattern();

    [GeneratedRegex(@"^\d{5}$")]
    private static partial Regex PostalCodePattern();

    [GeneratedRegex(@"^\+?[0-9 .\-()]{6,25}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^DPO-\d{1,10}$")]
    private static partial Regex CnilDesignationPattern();
}
