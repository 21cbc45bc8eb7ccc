using System.Globalization;
using MetaSemi.Algorithms;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>
/// Today's numbers, pinned: the parameters and buffers after 20 steps of every built-in method, float64,
/// fixed seed, through the public trainer API. Any refactoring of the trainer must leave them bit for bit
/// as they are (the constants were measured with the trainer as it was before the algorithm seam).
/// </summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class TrainerGoldenValuesTests
{
    private const int Steps = 20;

    /// <summary>Sum, sum of squares and four entries of all parameters and buffers concatenated, as measured.</summary>
    public static TheoryData<string, double[]> Cases => new()
    {
        { "metasemi-fd", [-2.0715997971815217, 17.44164159258894, -0.08209519598395826, 0.02187154846008465, -0.005679104556276236, 0.06184011874039068] },
        { "metasemi-fd-mixup", [-2.7475984446925263, 16.421963871356517, -0.01628343284617467, 0.03258822818334176, -0.009715828175779866, 0.0761775163406391] },
        { "metasemi-exact", [-2.0715728257346817, 17.44168103465757, -0.08208033577216615, 0.021872812993135888, -0.00566857570966512, 0.06184048129643623] },
        { "metasemi-exact-mixup", [-2.7474189176722272, 16.421997959088138, -0.01620777606404189, 0.03259063799557213, -0.009714716824709174, 0.07617774842817929] },
        { "metasemi-none", [-2.1024833982635904, 17.395533537586577, -0.08436854437304359, 0.02156708643883514, -0.006254584550387186, 0.061655802387804326] },
        { "metasemi-none-mixup", [-2.7815645620236564, 16.3944998334492, -0.02170845921008477, 0.03248468274291894, -0.009183846260350823, 0.07504258713066217] },
        { "supervised", [-0.7486255409239624, 17.704627169223308, -0.03319926793814651, 0.028119386305576217, 0.018943899800070368, 0.17455318003332618] },
        { "supervised-mixup", [-0.9544939128798885, 16.733208451926682, -0.01231984129457833, 0.06440042500430415, 0.012007260420920544, 0.15929113640116221] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Twenty_steps_give_the_pinned_parameters_bit_for_bit(string method, double[] expected)
    {
        var (train, _) = SyntheticProblems.TwoMoons(seed: 21, labelsPerClass: 12, unlabeled: 160, test: 10, batchSize: 8, augmentNoise: 0.05);
        var model = TrainerTestKit.Mlp(17, hidden: 8, dropout: 0.2, dtype: float64);
        var builder = TrainerTestKit.SmallRun(model, train, null, seed: 5);
        builder = Configure(builder, method);
        using (var trainer = builder.Build())
        {
            await trainer.FitAsync(Steps);
        }

        AssertBitForBit(method, expected, Fingerprint(model));
    }

    /// <summary>Fails unless <paramref name="actual"/> equals <paramref name="expected"/> bit for bit, printing the measured values to pin.</summary>
    internal static void AssertBitForBit(string method, double[] expected, double[] actual)
    {
        string printed = string.Join(", ", actual.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        Assert.True(expected.Length == actual.Length && expected.Zip(actual).All(p => p.First == p.Second),
            $"{method}: measured [{printed}]");
    }

    private static SemiSupervisedTrainerBuilder Configure(SemiSupervisedTrainerBuilder builder, string method)
    {
        bool mixup = method.EndsWith("-mixup", StringComparison.Ordinal);
        builder = mixup ? builder.WithMixup(0.75) : builder.WithoutMixup();
        return method.Replace("-mixup", "", StringComparison.Ordinal) switch
        {
            "metasemi-fd" => builder.WithMetaGradient(o => (o.Method, o.Epsilon) = (MetaGradientMethod.FiniteDifference, 1e-2)),
            "metasemi-exact" => builder.WithMetaGradient(o => o.Method = MetaGradientMethod.Exact),
            "metasemi-none" => builder.WithMetaGradient(o => o.Method = MetaGradientMethod.None),
            "supervised" => builder.WithoutUnlabeledData(),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown case"),
        };
    }

    /// <summary>Sum, sum of squares and four entries of the model's parameters and floating-point buffers concatenated.</summary>
    internal static double[] Fingerprint(nn.Module model)
    {
        using var scope = NewDisposeScope();
        var all = cat([.. model.named_parameters().Select(p => p.parameter.detach().flatten()),
            .. model.named_buffers().Where(b => b.buffer.is_floating_point()).Select(b => b.buffer.flatten())]);
        var values = all.data<double>().ToArray();
        return [all.sum().item<double>(), all.square().sum().item<double>(), values[0], values[5], values[values.Length / 2], values[^1]];
    }
}
