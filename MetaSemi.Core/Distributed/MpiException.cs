namespace MetaSemi.Distributed;

/// <summary>An MPI call failed; the message carries the MPI library's own description of the error.</summary>
public sealed class MpiException : Exception
{
    /// <summary>Creates an exception with no MPI error code.</summary>
    public MpiException()
    {
    }

    /// <summary>Creates an exception with a message and no MPI error code.</summary>
    /// <param name="message">What went wrong.</param>
    public MpiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception that wraps another one.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public MpiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a failed MPI call.</summary>
    /// <param name="function">The MPI function that failed, e.g. <c>MPI_Allreduce</c>.</param>
    /// <param name="errorCode">The code it returned.</param>
    /// <param name="errorText">MPI_Error_string's text for the code.</param>
    public MpiException(string function, int errorCode, string errorText)
        : base($"{function} failed with MPI error {errorCode}: {errorText}")
    {
        Function = function;
        ErrorCode = errorCode;
    }

    /// <summary>The MPI function that failed, or null when the failure was not an MPI call's code.</summary>
    public string? Function { get; }

    /// <summary>The MPI error code, or 0 when the failure was not an MPI call's code.</summary>
    public int ErrorCode { get; }
}
