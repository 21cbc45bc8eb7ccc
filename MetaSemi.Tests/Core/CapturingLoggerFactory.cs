using Microsoft.Extensions.Logging;

namespace MetaSemi.Tests.Core;

/// <summary>A logger factory whose one logger keeps every entry (event id and formatted message), for asserting on the trainer's log.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory, ILogger
{
    public List<(EventId Id, string Message)> Entries { get; } = [];

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries)
        {
            Entries.Add((eventId, formatter(state, exception)));
        }
    }

    public void Dispose()
    {
    }
}
