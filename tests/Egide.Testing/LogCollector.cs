using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Egide.Testing;

/// <summary>One log entry as written: the formatted message and the exception's text, if any.</summary>
public sealed record LogEntry(LogLevel Level, string Category, string Message, string? Exception)
{
    public string Text => Exception is null ? Message : Message + "\n" + Exception;
}

/// <summary>
/// Keeps what is logged, to check what a component says and that it says no personal data. Pass it as
/// an <see cref="ILoggerProvider"/> (a web host's services) or take a typed logger with <see cref="For{T}"/>.
/// </summary>
public sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger<T> For<T>() => new Typed<T>(CreateLogger(typeof(T).FullName!));

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Collector(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), exception?.ToString()));
    }

    private sealed class Typed<T>(ILogger inner) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
