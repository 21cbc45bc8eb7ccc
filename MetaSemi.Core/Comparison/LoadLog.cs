using System.Globalization;
using System.Text.RegularExpressions;

namespace MetaSemi.Comparison;

/// <summary>
/// A run folder's <c>load.txt</c> (written by the study scripts around each training session): lines
/// <c>start &lt;time&gt; load a b c</c>, <c>during &lt;time&gt; load a b c</c> once a minute, and
/// <c>end &lt;time&gt; load a b c exit N after S s</c>, where a, b, c are the 1-, 5- and 15-minute load
/// averages of <c>/proc/loadavg</c>. The load during the run is the mean of the 1-minute values of the
/// <c>during</c> lines (of every session of a resumed run); a run shorter than a minute has none, and then the
/// <c>start</c> and <c>end</c> lines' values are averaged instead. A line of one of the three kinds without
/// load values (a note written by hand, e.g. why a session was stopped) is no sample.
/// </summary>
public static partial class LoadLog
{
    /// <summary>The file name in a run folder.</summary>
    public const string FileName = "load.txt";

    /// <summary>The mean 1-minute load average of the run; NaN without the file.</summary>
    /// <exception cref="InvalidDataException">A line is not one of the three kinds, or the file has no line; the message names the file and line.</exception>
    public static double MeanLoad(string path)
    {
        if (!File.Exists(path))
        {
            return double.NaN;
        }

        var during = new List<double>();
        var ends = new List<double>();
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (!Kind().IsMatch(line))
            {
                throw new InvalidDataException($"{path} line {number}: '{line}' is not 'start|during|end <time> load <1-min> <5-min> <15-min> …'.");
            }

            var match = Sample().Match(line);
            if (!match.Success)
            {
                continue;
            }

            double oneMinute = double.Parse(match.Groups["one"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            (match.Groups["kind"].Value == "during" ? during : ends).Add(oneMinute);
        }

        var samples = during.Count > 0 ? during : ends;
        return samples.Count > 0 ? samples.Average() : throw new InvalidDataException($"{path}: no line with load values.");
    }

    [GeneratedRegex(@"^(start|during|end)\s+\S")]
    private static partial Regex Kind();

    [GeneratedRegex(@"^(?<kind>start|during|end)\s+\S+\s+load\s+(?<one>\d+(\.\d+)?)\s+\d+(\.\d+)?\s+\d+(\.\d+)?(\s|$)")]
    private static partial Regex Sample();
}
