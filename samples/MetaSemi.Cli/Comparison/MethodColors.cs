using ScottPlot;

namespace MetaSemi.Cli.Comparison;

/// <summary>One colour per method name (Category10, in order of first appearance), the same in every picture of a comparison.</summary>
internal sealed class MethodColors(IEnumerable<MethodSummary> methods)
{
    private readonly string[] _names = [.. methods.Select(m => m.Method).Distinct(StringComparer.Ordinal)];
    private readonly ScottPlot.Palettes.Category10 _palette = new();

    public Color Of(string method)
    {
        int index = Array.IndexOf(_names, method);
        return _palette.GetColor(index < 0 ? _names.Length : index);
    }
}
