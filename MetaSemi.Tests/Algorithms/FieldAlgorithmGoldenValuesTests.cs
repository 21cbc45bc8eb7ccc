using MetaSemi.Algorithms;
using MetaSemi.Tests.Core;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Algorithms;

/// <summary>
/// The field's methods, pinned like <see cref="TrainerGoldenValuesTests"/>: the parameters and buffers after 12 steps
/// of each (and of the meta-corrected variants), float64, dropout and BatchNorm, EMA teacher, through the public
/// builder; then each algorithm's own state (thresholds, histograms). Measured before the shared step skeleton
/// (docs/design.md, "The algorithm seam"); a refactoring of the steps must leave them bit for bit.
/// </summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class FieldAlgorithmGoldenValuesTests
{
    private const int Steps = 12;

    /// <summary>The model's fingerprint, then the sum of every state tensor of the algorithm (none for the stateless ones), as measured.</summary>
    public static TheoryData<string, double[]> Cases => new()
    {
        { "pimodel", [38.095574675585425, 75.97565655135402, 0.07525806498915509, -0.4694122010238362, -0.06395168902084528, 1.0542325828699295] },
        { "pseudolabel", [38.869505156835224, 78.41441079497116, 0.0762948317142431, -0.4787278353305816, -0.05137598675374769, 1.051460136787763] },
        { "pseudolabel-meta-fd", [38.88592842260884, 78.50652284512978, 0.07545153548320377, -0.4792056225557323, -0.05368473292252584, 1.0531826493972902] },
        { "meanteacher", [37.0704836559547, 73.95252077169525, 0.06771571998312248, -0.46977969550477705, -0.06727308181326383, 1.028202005433154] },
        { "fixmatch", [36.74090287007272, 71.99893263643523, 0.06843135132119636, -0.4785655642245372, -0.05794334898299381, 0.8885840691951352] },
        { "fixmatch-meta-fd", [36.894727170974015, 72.69390504123129, 0.0623545666139994, -0.4789584987479147, -0.05635036914750836, 0.8781492393886975] },
        { "fixmatch-meta-exact", [36.894727170974015, 72.69390504123129, 0.0623545666139994, -0.4789584987479147, -0.05635036914750836, 0.8781492393886975] },
        { "flexmatch", [36.911654785598934, 72.32475356967304, 0.07454374195405016, -0.48259345570757645, -0.03633357331281777, 0.8734322878702501, 1.4285714285714286, 56] },
        { "freematch", [36.84315911580276, 72.13992007651113, 0.07182043488572722, -0.4820766204394853, -0.033076373879782836, 0.871100153417039, 0.9999999999999998, 0.9999999999999998, 0.3366651707896356] },
        { "softmatch", [36.84321087770776, 72.1402460731796, 0.07182123463011816, -0.4820779362516923, -0.0330745056031945, 0.8710873122052833, 1, 12, 0.3360225270370808, 0.9883015483489358] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Twelve_steps_give_the_pinned_parameters_and_state_bit_for_bit(string method, double[] expected)
    {
        using var train = AlgorithmTrainerTests.Source(seed: 11);
        var model = TrainerTestKit.Mlp(4, inputs: 4, hidden: 12, classes: 3, dropout: 0.2, dtype: float64);
        string name = method.Split('-')[0];
        var correction = method.EndsWith("-meta-fd", StringComparison.Ordinal) ? MetaGradientMethod.FiniteDifference
            : method.EndsWith("-meta-exact", StringComparison.Ordinal) ? MetaGradientMethod.Exact
            : MetaGradientMethod.None;
        var builder = AlgorithmTrainerTests.Use(AlgorithmTrainerTests.Builder(model, train, seed: 9), name,
            o => o.GetType().GetProperty("MetaCorrection")?.SetValue(o, correction));
        double[] actual;
        using (var trainer = builder.Build())
        {
            await trainer.FitAsync(Steps);
            using var scope = NewDisposeScope();
            var state = trainer.Algorithm.GetState().OrderBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => s.Value.to(float64).sum().item<double>());
            actual = [.. TrainerGoldenValuesTests.Fingerprint(model), .. state];
        }

        TrainerGoldenValuesTests.AssertBitForBit(method, expected, actual);
    }
}
