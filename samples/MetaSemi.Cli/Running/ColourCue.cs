using System.Globalization;
using MetaSemi.Data;

namespace MetaSemi.Cli.Running;

/// <summary>
/// Colour that tells the classes apart by itself: the labelled images of some classes are (nearly) all colour and
/// those of the others (nearly) all grey. A network learns that cue first, and new images that do not share it are
/// then misread; <c>check-data</c> warns and suggests training on grey (<c>--channels 1</c>).
/// </summary>
internal static class ColourCue
{
    /// <summary>The share of a class's images that must be of one kind (colour or grey) for the class to count as that kind.</summary>
    public const double Share = 0.9;

    /// <summary>The warning for the labelled groups of <paramref name="report"/>, or null when colour does not mark classes.</summary>
    public static string? Warning(ImageFolderReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var classes = report.Groups
            .Where(g => g.Part == "labeled" && g.ClassName is not null && g.Images.Count > 0)
            .Select(g => (Name: g.ClassName!, Colour: g.Images.Count(i => !i.IsGrey) / (double)g.Images.Count))
            .ToList();
        if (classes.Count < 2 || classes.Any(c => c.Colour < Share && c.Colour > 1 - Share))
        {
            return null;
        }

        var colour = classes.Where(c => c.Colour >= Share).ToList();
        var grey = classes.Where(c => c.Colour <= 1 - Share).ToList();
        if (colour.Count == 0 || grey.Count == 0)
        {
            return null;
        }

        bool fewerColour = colour.Count <= grey.Count;
        var marked = fewerColour ? colour : grey;
        string names = string.Join(", ", marked.Select(c => c.Name));
        string kind = fewerColour ? "colour" : "grey";
        string others = fewerColour ? "grey" : "colour";
        string share = Share.ToString("P0", CultureInfo.InvariantCulture);
        return $"warning: colour marks the class{(marked.Count == 1 ? "" : "es")}: the labelled images of {names} are {kind} (≥ {share} of each), "
            + $"those of every other class {others}. A network learns that cue instead of the objects, and misreads new images without it. "
            + "Train on grey with --channels 1, or add labelled images of the other kind to these classes.";
    }
}
