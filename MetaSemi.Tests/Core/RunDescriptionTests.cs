using System.Text.Json;
using MetaSemi.Algorithms;

namespace MetaSemi.Tests.Core;

/// <summary>options.json describes the algorithm by its name, and by its own fields when it is an <see cref="IDescribedAlgorithm"/>.</summary>
public sealed class RunDescriptionTests
{
    [Fact]
    public async Task An_algorithm_that_does_not_describe_itself_is_recorded_by_its_name_alone()
    {
        using var folder = TrainerTestKit.TemporaryFolder();
        var (train, test) = SyntheticProblems.TwoMoons(seed: 2, labelsPerClass: 10, unlabeled: 40, test: 20, batchSize: 8);
        using (var trainer = SemiSupervisedTrainer.Create().UseSupervised().WithModel(TrainerTestKit.Mlp(2)).WithData(train, test)
            .WithEvaluation(1).WithCheckpoints(folder).Build())
        {
            Assert.IsNotAssignableFrom<IDescribedAlgorithm>(trainer.Algorithm);
            await trainer.FitAsync(1);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "options.json")));
        var root = json.RootElement;
        Assert.Equal(
            ["RunId", "Algorithm", "Method", "AlgorithmOptions", "Options", "MetaOptimizer", "ConsistencyLoss", "LearningRateSchedule", "ConsistencyWeightSchedule", "BatchSize", "NumClasses", "Model"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("supervised", root.GetProperty("Method").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("MetaOptimizer").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("ConsistencyWeightSchedule").ValueKind);
    }

    [Fact]
    public void MetaSemi_describes_its_meta_step_loss_and_weight_schedule()
    {
        var algorithm = new MetaSemiAlgorithm(new MetaSemiAlgorithmOptions { MetaGradient = { Method = MetaGradientMethod.Exact } });
        var description = algorithm.Describe();
        Assert.Equal("Exact", description.Method);
        Assert.Equal(typeof(ExactMetaGradient).FullName, description.MetaOptimizer);
        Assert.Equal(algorithm.ConsistencyLoss.Name, description.ConsistencyLoss);
        Assert.Equal(algorithm.WeightSchedule.ToString(), description.ConsistencyWeightSchedule);
    }
}
