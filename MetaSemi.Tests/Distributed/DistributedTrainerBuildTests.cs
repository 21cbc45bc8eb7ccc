using MetaSemi.Tests.Core;
using Microsoft.Extensions.Options;

namespace MetaSemi.Tests.Distributed;

/// <summary><see cref="SemiSupervisedTrainerBuilder.WithDistributed"/>'s checks at Build, in one process.</summary>
public sealed class DistributedTrainerBuildTests
{
    [Fact]
    public void A_training_source_that_is_not_sharded_for_the_rank_is_refused_with_the_fix()
    {
        var (train, test) = SyntheticProblems.TwoMoons(1, 2, 8, 8, 4);
        using var communicator = new MirrorCommunicator(2);
        var e = Assert.Throws<OptionsValidationException>(() =>
            SemiSupervisedTrainer.Create().WithModel(TrainerTestKit.Mlp(1)).WithData(train, test).WithDistributed(communicator).Build());
        Assert.Contains("shard 0 of 1 but this process is rank 0 of 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("PairedStreamOptions { Rank = 0, WorldSize = 2 }", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_of_one_accepts_the_plain_source()
    {
        var (train, test) = SyntheticProblems.TwoMoons(1, 2, 8, 8, 4);
        using var trainer = SemiSupervisedTrainer.Create().WithModel(TrainerTestKit.Mlp(1)).WithData(train, test)
            .WithDistributed(MetaSemi.Distributed.SingleProcessCommunicator.Instance).Build();
        Assert.Equal(0, trainer.Step);
    }
}
