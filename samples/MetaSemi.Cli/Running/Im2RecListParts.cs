using MetaSemi.Data;

namespace MetaSemi.Cli.Running;

/// <summary>
/// How <c>im2rec --list</c> divides the (shuffled) list into files, as im2rec.py's <c>make_list</c>:
/// <c>--chunks</c> consecutive chunks of ⌈N / chunks⌉ lines (<c>PREFIX_i</c> when more than one), each
/// split into <c>_test</c> (the first ⌊size·test-ratio⌋ lines), <c>_train</c> (the next ⌊size·train-ratio⌋)
/// and <c>_val</c> (the rest, when the ratios leave any) unless --train-ratio is 1.
/// </summary>
internal static class Im2RecListParts
{
    public static IReadOnlyList<(string Path, ImageListEntry[] Entries)> Split(string prefix, IReadOnlyList<ImageListEntry> entries, int chunks, double trainRatio, double testRatio)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunks);
        var parts = new List<(string, ImageListEntry[])>();
        int chunkSize = (entries.Count + chunks - 1) / chunks;
        for (int i = 0; i < chunks; i++)
        {
            var chunk = entries.Skip(i * chunkSize).Take(chunkSize).ToArray();
            string name = chunks > 1 ? $"{prefix}_{i}" : prefix;

            // Like the reference, the cut points come from the nominal chunk size, also for a shorter last chunk.
            int train = (int)(chunkSize * trainRatio);
            int test = (int)(chunkSize * testRatio);
            if (trainRatio == 1.0)
            {
                parts.Add((name + ".lst", chunk));
                continue;
            }

            if (testRatio > 0)
            {
                parts.Add((name + "_test.lst", chunk.Take(test).ToArray()));
            }

            if (trainRatio + testRatio < 1.0)
            {
                parts.Add((name + "_val.lst", chunk.Skip(test + train).ToArray()));
            }

            parts.Add((name + "_train.lst", chunk.Skip(test).Take(train).ToArray()));
        }

        return parts;
    }
}
