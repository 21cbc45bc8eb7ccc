using TorchSharp;

namespace MetaSemi.Data;

/// <summary>
/// An infinite stream over a pool of indices, reshuffled on every pass: position g is
/// <c>pool[perm_pass(g mod n)]</c> with pass = g / n and perm_pass a seeded randperm, so any position
/// is computed directly (what makes Seek exact and cheap). Batches run across pass boundaries,
/// so every example is drawn equally often.
/// </summary>
internal sealed class ShuffledIndexStream
{
    private readonly int[] _pool;
    private readonly long _seed;
    private readonly ulong _tag;
    private readonly Dictionary<long, int[]> _passes = [];

    public ShuffledIndexStream(IReadOnlyList<int> pool, long seed, ulong tag)
    {
        _pool = pool.ToArray();
        _seed = seed;
        _tag = tag;
    }

    public int Count => _pool.Length;

    /// <summary>The pool indices at stream positions [start, start + count).</summary>
    public long[] Take(long start, int count) => TakeWithPositions(start, count).Indices;

    /// <summary>
    /// The data set indices at stream positions [start, start + count) and their positions in the pool
    /// (0 ≤ position &lt; <see cref="Count"/>; index = pool[position]).
    /// </summary>
    public (long[] Indices, long[] PoolPositions) TakeWithPositions(long start, int count)
    {
        var indices = new long[count];
        var positions = new long[count];
        for (int i = 0; i < count; i++)
        {
            long g = start + i;
            int position = Permutation(g / _pool.Length)[g % _pool.Length];
            positions[i] = position;
            indices[i] = _pool[position];
        }

        return (indices, positions);
    }

    private int[] Permutation(long pass)
    {
        if (_passes.TryGetValue(pass, out var cached))
        {
            return cached;
        }

        if (_passes.Count >= 2)
        {
            _passes.Remove(_passes.Keys.Min());
        }

        using var generator = new torch.Generator(SeedMixer.Mix(_seed, _tag, pass));
        using var perm = torch.randperm(_pool.Length, dtype: torch.int64, generator: generator);
        var order = perm.data<long>().ToArray().Select(i => (int)i).ToArray();
        _passes[pass] = order;
        return order;
    }
}
