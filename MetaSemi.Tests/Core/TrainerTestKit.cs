using MetaSemi.Scheduling;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>Calls back synchronously on the training thread (unlike <see cref="Progress{T}"/>).</summary>
internal sealed class CallbackProgress(Action<TrainingProgress> callback) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => callback(value);
}

/// <summary>A fresh folder under the system temporary folder, deleted on dispose.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "metasemi-core-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public static implicit operator string(TemporaryFolder folder) => folder.Path;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Shared set-ups for the trainer tests.</summary>
internal static class TrainerTestKit
{
    /// <summary>An MLP with BatchNorm and (optionally) dropout, so modes and buffers matter.</summary>
    public static nn.Module<Tensor, Tensor> Mlp(int seed, int inputs = 2, int hidden = 32, int classes = 2, double dropout = 0, ScalarType dtype = ScalarType.Float32)
    {
        torch.manual_seed(seed);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("fc1", nn.Linear(inputs, hidden)),
            ("bn1", nn.BatchNorm1d(hidden)),
            ("act1", nn.ReLU()),
        };
        if (dropout > 0)
        {
            layers.Add(("drop", nn.Dropout(dropout)));
        }

        layers.Add(("fc2", nn.Linear(hidden, classes)));
        var net = nn.Sequential(layers);
        net.to(dtype);
        return net;
    }

    public static TemporaryFolder TemporaryFolder() => new();

    public static SemiSupervisedTrainerBuilder SmallRun(nn.Module<Tensor, Tensor> model, InMemoryPairedSource train, InMemoryTestSource? test, int seed) =>
        SemiSupervisedTrainer.Create()
            .WithModel(model)
            .WithData(train, test)
            .WithSeed(seed)
            .WithOptimizer(0.05, 0.9, 1e-4)
            .WithSchedule(Schedules.WarmupMultiStep(3, [6], 0.5))
            .WithConsistencyWeight(1.0, 4);

    public static (string Name, Tensor Value)[] State(nn.Module model) =>
        [.. model.named_parameters().Select(p => (p.name, p.parameter.detach().clone())),
         .. model.named_buffers().Select(b => (b.name, b.buffer.clone()))];
}
