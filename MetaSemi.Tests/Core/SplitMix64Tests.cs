namespace MetaSemi.Tests.Core;

/// <summary>The one SplitMix64 of the library against the generator's published first outputs.</summary>
public sealed class SplitMix64Tests
{
    [Fact]
    public void The_finaliser_of_the_first_states_gives_SplitMix64s_known_outputs()
    {
        // SplitMix64 seeded with 0: state k·0x9E3779B97F4A7C15 gives the outputs 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, …
        Assert.Equal(0xE220A8397B1DCDAFUL, SplitMix64.Finalize(SplitMix64.Combine(1, 0)));
        Assert.Equal(0x6E789E6AA1B965F4UL, SplitMix64.Finalize(SplitMix64.Combine(2, 0)));
        Assert.Equal(SplitMix64.Finalize(SplitMix64.Combine(5, 3, 9)), SplitMix64.Mix(5, 3, 9));
        Assert.True(SplitMix64.ToSeed(ulong.MaxValue) >= 0);
    }
}
