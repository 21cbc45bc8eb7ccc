namespace MetaSemi.Data;

/// <summary>
/// A data file does not hold what its format promises: a wrong magic number, a truncated file, a
/// header that claims more than the file holds, a label outside the class range. The message names
/// the file, where in it (byte offset or item), and what was expected.
/// </summary>
public class DataFormatException : Exception
{
    /// <summary>Creates the exception with a complete message.</summary>
    public DataFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a complete message and the error that revealed it.</summary>
    public DataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an empty exception (serialisers and frameworks need it).</summary>
    public DataFormatException()
    {
    }

    /// <summary>The file that is wrong, when known.</summary>
    public string? FilePath { get; private init; }

    /// <summary>Bad content at byte <paramref name="offset"/> of <paramref name="path"/>.</summary>
    public static DataFormatException AtOffset(string path, long offset, string what, Exception? inner = null) =>
        Create(path, $"{path}: at byte {offset}: {what}", inner);

    /// <summary>Bad content in item <paramref name="item"/> (record, image, line) of <paramref name="path"/>.</summary>
    public static DataFormatException AtItem(string path, long item, string what, Exception? inner = null) =>
        Create(path, $"{path}: item {item}: {what}", inner);

    /// <summary>Bad content in <paramref name="path"/> as a whole (size, count mismatch).</summary>
    public static DataFormatException InFile(string path, string what, Exception? inner = null) =>
        Create(path, $"{path}: {what}", inner);

    private static DataFormatException Create(string path, string message, Exception? inner) =>
        inner is null
            ? new DataFormatException(message) { FilePath = path }
            : new DataFormatException(message, inner) { FilePath = path };
}
