using MetaSemi.Cli.Commands;
using MetaSemi.Data;

namespace MetaSemi.Cli.Running;

/// <summary>
/// The labelled and the unlabelled ImageNet parts (two folders or two packs) seen as one training set:
/// indices 0..L-1 are the first part, L.. the second, so a <see cref="DatasetSplit"/> can name both.
/// </summary>
internal sealed class ConcatenatedImageSet : EncodedImageSet
{
    private readonly EncodedImageSet _first;
    private readonly EncodedImageSet _second;
    private readonly long[] _labels;

    public ConcatenatedImageSet(EncodedImageSet first, EncodedImageSet second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (!first.ClassNames.SequenceEqual(second.ClassNames, StringComparer.Ordinal))
        {
            throw new CliUserException($"The labelled part has {first.NumClasses} classes and the unlabelled part {second.NumClasses} ({second.Describe(0)}); expected the same class list.");
        }

        _first = first;
        _second = second;
        _labels = [.. first.Labels, .. second.Labels];
    }

    public override int Count => _labels.Length;

    public override IReadOnlyList<string> ClassNames => _first.ClassNames;

    public override IReadOnlyList<long> Labels => _labels;

    public override byte[] ReadEncoded(int index) => index < _first.Count ? _first.ReadEncoded(index) : _second.ReadEncoded(index - _first.Count);

    public override string Describe(int index) => index < _first.Count ? _first.Describe(index) : _second.Describe(index - _first.Count);

    /// <summary>The first part labelled, the second unlabelled.</summary>
    public DatasetSplit Split() => new([.. Enumerable.Range(0, _first.Count)], [.. Enumerable.Range(_first.Count, _second.Count)]);
}
