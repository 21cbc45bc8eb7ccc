using MetaSemi.Comparison;
using ScottPlot;

namespace MetaSemi.Cli.Comparison;

/// <summary>
/// One colour per method name (Category10, or Category20 for more than ten methods so that no two share one), in order
/// of first appearance, the same in every picture of a comparison.
/// </summary>
internal sealed class MethodColors
{
    private readonly string[] _names;
    private readonly IPalette _palette;

    public MethodColors(IEnumerable<MethodSummary> methods)
    {
        _names = [.. methods.Select(m => m.Method).Distinct(StringComparer.Ordinal)];
        _palette = _names.Length > 10 ? new ScottPlot.Palettes.Category20() : new ScottPlot.Palettes.Category10();
    }

    public Color Of(string method)
    {
        int index = Array.IndexOf(_names, method);
        return _palette.GetColor(index < 0 ? _names.Length : index);
    }
}
