namespace Egide.Core.Common;

/// <summary>Why a use case did not succeed; messages are in French because they reach the user as they are.</summary>
public abstract record Failure(string Message);

/// <summary>Invalid input: each key is the input field, each value its French messages.</summary>
public sealed record ValidationFailure(IReadOnlyDictionary<string, string[]> Errors)
    : Failure("Certaines informations sont invalides.")
{
    public string FirstMessage => Errors.Values.SelectMany(m => m).FirstOrDefault() ?? Message;
}

public sealed record NotFoundFailure(string Message) : Failure(Message);

/// <summary>The person lacks the role the action needs (403), while allowed to see the record.</summary>
public sealed record ForbiddenFailure(string Message) : Failure(Message);

/// <summary>Someone else saved the same record since it was read (optimistic concurrency).</summary>
public sealed record ConflictFailure(string Message) : Failure(Message);

public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Failure? failure)
    {
        _value = value;
        Failure = failure;
    }

    public Failure? Failure { get; }

    public bool IsSuccess => Failure is null;

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"No value: {Failure}");

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Failure failure) => new(default, failure);
}

/// <summary>Collects validation messages field by field.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
    }

    public ValidationFailure ToFailure() =>
        new(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
}
