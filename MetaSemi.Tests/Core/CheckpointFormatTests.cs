using System.Reflection;
using MetaSemi.Files;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>Checkpoint format 2 (named, checksummed sections) and the format 1 reader.</summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class CheckpointFormatTests
{
    /// <summary>Written by the format-1 writer before format 2 (Mlp(31, hidden 4, float64), info 7/0.5/4/12/7, generator seed 12, torch seed 77).</summary>
    private static string Format1Fixture => Path.Combine(
        typeof(CheckpointFormatTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!,
        "MetaSemi.Tests", "Core", "Fixtures", "checkpoint-format1.bin");

    [Fact]
    public void A_format_1_checkpoint_still_loads_its_model_scalars_and_generators()
    {
        Assert.Equal(1, Checkpoint.FormatOf(Format1Fixture));
        var model = TrainerTestKit.Mlp(5, hidden: 4, dtype: float64);
        var optimizer = optim.SGD(model.parameters(), 0.1, 0.9, 0, 1e-4, false, false);
        using var generator = new Generator(1);

        var info = Checkpoint.Restore(Format1Fixture, model, optimizer, generator);

        Assert.Equal(new CheckpointInfo(7, 0.5, 4, 12, 7), info);
        var written = TrainerTestKit.Mlp(31, hidden: 4, dtype: float64);
        Assert.All(TrainerTestKit.State(written).Zip(TrainerTestKit.State(model)), p => Assert.True(TensorAssert.Identical(p.First.Value, p.Second.Value), p.First.Name));
        using var fresh = new Generator(12);
        Assert.True(TensorAssert.Identical(fresh.get_state(), generator.get_state()));
    }

    [Fact]
    public async Task A_run_writes_format_2_with_named_sections_and_records_which_step_model_best_holds()
    {
        using var folder = TrainerTestKit.TemporaryFolder();
        var (train, test) = SyntheticProblems.TwoMoons(seed: 2, labelsPerClass: 8, unlabeled: 64, test: 20, batchSize: 8);
        using (var trainer = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(6), train, test, seed: 1).WithMixup(1.0).WithEvaluation(2).WithCheckpoints(folder).Build())
        {
            await trainer.FitAsync(6);
        }

        string path = Path.Combine(folder, "checkpoint");
        Assert.Equal(2, Checkpoint.FormatOf(path));
        var file = SectionFile.Read(path, Checkpoint.Kind);
        Assert.Equal(["model", "optimizer", "random", "algorithm"], file.SectionNames);
        Assert.Equal(6, file.Metadata.GetProperty("step").GetInt64());
        Assert.Equal("metasemi", file.Metadata.GetProperty("algorithm").GetString());
        Assert.Equal(6, file.Metadata.GetProperty("streamPosition").GetInt64());

        var info = Checkpoint.LoadModel(path, TrainerTestKit.Mlp(7));
        var best = Checkpoint.LoadModel(Path.Combine(folder, "model_best"), TrainerTestKit.Mlp(7));
        Assert.Equal(info.BestStep, best.Step);
        Assert.Equal(best.Step, info.ModelBestStep);
        Assert.Equal("metasemi", info.Algorithm);
    }

    [Fact]
    public async Task Resuming_from_the_format_1_fixture_continues_from_its_step()
    {
        using var folder = TrainerTestKit.TemporaryFolder();
        var (train, _) = SyntheticProblems.TwoMoons(seed: 2, labelsPerClass: 8, unlabeled: 64, test: 20, batchSize: 8);
        using var trainer = TrainerTestKit.SmallRun(TrainerTestKit.Mlp(1, hidden: 4, dtype: float64), train, null, seed: 12)
            .WithCheckpoints(folder, resumeFrom: Format1Fixture).Build();

        var result = await trainer.FitAsync(9);

        Assert.Equal(9, result.Steps);
        Assert.Equal(9, train.Position);
        Assert.Equal(2, Checkpoint.FormatOf(result.CheckpointPath!));
    }
}
