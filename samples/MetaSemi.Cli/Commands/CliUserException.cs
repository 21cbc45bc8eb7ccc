namespace MetaSemi.Cli.Commands;

/// <summary>An error the user caused and can fix (a bad path, a mismatched checkpoint); printed as one line.</summary>
internal sealed class CliUserException : Exception
{
    public CliUserException()
    {
    }

    public CliUserException(string message)
        : base(message)
    {
    }

    public CliUserException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
