namespace MetaSemi.Data;

/// <summary>MATLAB array classes (the <c>mxCLASS</c> codes of the level-5 format).</summary>
public enum MatClass
{
    /// <summary>Cell array (not read).</summary>
    Cell = 1,

    /// <summary>Structure (not read).</summary>
    Struct = 2,

    /// <summary>Object (not read).</summary>
    Object = 3,

    /// <summary>Character array (not read).</summary>
    Char = 4,

    /// <summary>Sparse array (not read).</summary>
    Sparse = 5,

    /// <summary>double.</summary>
    Double = 6,

    /// <summary>single.</summary>
    Single = 7,

    /// <summary>int8.</summary>
    Int8 = 8,

    /// <summary>uint8.</summary>
    UInt8 = 9,

    /// <summary>int16.</summary>
    Int16 = 10,

    /// <summary>uint16.</summary>
    UInt16 = 11,

    /// <summary>int32.</summary>
    Int32 = 12,

    /// <summary>uint32.</summary>
    UInt32 = 13,

    /// <summary>int64.</summary>
    Int64 = 14,

    /// <summary>uint64.</summary>
    UInt64 = 15,
}

/// <summary>
/// One variable of a MAT file: its name, class, dimensions (MATLAB order) and real data in
/// column-major order. <see cref="Data"/> is a <c>byte[]</c> for uint8, <c>long[]</c>/<c>ulong[]</c>
/// for 64-bit integers and <c>double[]</c> for every other numeric class; it is null for classes this
/// reader does not decode (cell, struct, object, char, sparse).
/// </summary>
public sealed class MatArray
{
    internal MatArray(string name, MatClass matClass, int[] dimensions, Array? data)
    {
        Name = name;
        Class = matClass;
        Dimensions = dimensions;
        Data = data;
    }

    /// <summary>Variable name.</summary>
    public string Name { get; }

    /// <summary>MATLAB class.</summary>
    public MatClass Class { get; }

    /// <summary>Dimensions, MATLAB order (the first varies fastest in <see cref="Data"/>).</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>Real part, column-major, or null for classes that are not decoded.</summary>
    public Array? Data { get; }

    /// <summary>Number of elements (the product of the dimensions).</summary>
    public long ElementCount => Dimensions.Aggregate(1L, (a, d) => a * d);
}
