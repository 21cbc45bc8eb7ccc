using System.Collections;
using System.Globalization;

namespace MetaSemi.Models;

/// <summary>The top-k classes predicted for one image, best first (the same shape as MetaSemi.Onnx's).</summary>
public sealed class ImagePrediction : IReadOnlyList<ClassProbability>
{
    private readonly ClassProbability[] _classes;

    /// <summary>Wraps the classes of one prediction, which must be best first and not empty.</summary>
    /// <param name="classes">The top-k classes, best first.</param>
    public ImagePrediction(IEnumerable<ClassProbability> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        _classes = classes.ToArray();
        if (_classes.Length == 0)
        {
            throw new ArgumentException("A prediction has at least one class.", nameof(classes));
        }
    }

    /// <summary>The most probable class.</summary>
    public ClassProbability Best => _classes[0];

    /// <inheritdoc />
    public int Count => _classes.Length;

    /// <inheritdoc />
    public ClassProbability this[int index] => _classes[index];

    /// <inheritdoc />
    public IEnumerator<ClassProbability> GetEnumerator() => ((IEnumerable<ClassProbability>)_classes).GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", _classes.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.ClassName} {c.Probability:P1}")));
}
