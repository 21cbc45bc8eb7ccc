using MetaSemi.Algorithms;
using MetaSemi.Files;
using MetaSemi.Tests.Core;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Algorithms;

/// <summary><c>WithModelFile</c>: the trainer writes <c>model.metasemi</c> with the weights it evaluated, at the best step.</summary>
[Collection(nameof(SerialTorchCollection))]
public sealed class TrainerModelFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "metasemi-modelfile-" + Guid.NewGuid().ToString("N"));

    private static ModelDescription Description() => new()
    {
        Architecture = "test-mlp",
        ClassNames = ["a", "b", "c"],
        Preprocessing = new ImagePreprocessing { Channels = 1, ImageSize = 2, Mean = [0.0], Std = [1.0] },
        Training = new TrainingSummary { Dataset = "blobs", Labels = 8 },
    };

    /// <summary>60 test points around the same three centres as <see cref="ViewPairedSource"/>'s (seed 5), with unit noise.</summary>
    private static (Tensor Features, Tensor Labels) TestSet()
    {
        var centres = randn([3, 4], generator: new Generator(5)) * 2;
        var generator = new Generator(99);
        var labels = arange(60, dtype: ScalarType.Int64).remainder(3);
        var features = (centres.index_select(0, labels) + randn([60, 4], generator: generator)).to(ScalarType.Float64);
        return (features, labels);
    }

    [Fact]
    public async Task FixMatch_writes_the_EMA_weights_of_the_best_step_and_they_reproduce_the_best_accuracy()
    {
        using var train = AlgorithmTrainerTests.Source();
        var (features, labels) = TestSet();
        var model = TrainerTestKit.Mlp(2, inputs: 4, hidden: 16, classes: 3, dtype: ScalarType.Float64);
        var emaAtEvaluation = new Dictionary<long, IReadOnlyDictionary<string, Tensor>>();
        SemiSupervisedTrainer? trainer = null;
        var hook = new CallbackHook(p =>
        {
            if (p.Evaluation is not null)
            {
                emaAtEvaluation[p.Step] = ((EmaTeacher)trainer!.Teacher!).GetState();
            }
        });
        trainer = AlgorithmTrainerTests.Use(AlgorithmTrainerTests.Builder(model, train), "fixmatch")
            .WithData(train, new InMemoryTestSource(features, labels, 3))
            .WithEvaluation(everySteps: 2)
            .WithCheckpoints(_folder)
            .WithModelFile(Description())
            .WithHook(hook)
            .Build();
        TrainingResult result;
        using (trainer)
        {
            Assert.True(trainer.Algorithm.Requirements.EvaluateWithEma);
            result = await trainer.FitAsync(12);
        }

        string path = Path.Combine(_folder, ModelFile.FileName);
        Assert.Equal(path, result.ModelFilePath);
        var loaded = TrainerTestKit.Mlp(7, inputs: 4, hidden: 16, classes: 3, dtype: ScalarType.Float64);
        var description = ModelFile.LoadWeights(path, loaded);

        // The weights are the EMA teacher's at the best step, not the student's (model_best holds the student's).
        var ema = emaAtEvaluation[result.BestStep];
        foreach (var (name, parameter) in loaded.named_parameters())
        {
            Assert.True(TensorAssert.Identical(ema["param." + name], parameter.detach()), $"parameter {name}");
        }

        foreach (var (name, buffer) in loaded.named_buffers())
        {
            Assert.True(TensorAssert.Identical(ema["buffer." + name], buffer), $"buffer {name}");
        }

        var student = TrainerTestKit.Mlp(7, inputs: 4, hidden: 16, classes: 3, dtype: ScalarType.Float64);
        Checkpoint.LoadModel(Path.Combine(_folder, "model_best"), student);
        Assert.Contains(student.named_parameters().Zip(loaded.named_parameters()), p => !TensorAssert.Identical(p.First.parameter.detach(), p.Second.parameter.detach()));

        // Its predictions reproduce the recorded best accuracy, counted here by argmax.
        loaded.eval();
        double correct;
        using (no_grad())
        {
            correct = loaded.forward(features).argmax(1).eq(labels).sum().item<long>();
        }

        Assert.Equal(result.BestAccuracy, correct / 60, 12);
        Assert.Equal(("blobs", 8L, "fixmatch"), (description.Training!.Dataset, description.Training.Labels, description.Training.Algorithm));
        Assert.Equal((result.BestStep, result.BestAccuracy), (description.Training.Steps!.Value, description.Training.TestAccuracy!.Value));
        foreach (var state in emaAtEvaluation.Values.SelectMany(s => s.Values))
        {
            state.Dispose();
        }
    }

    [Fact]
    public void WithModelFile_without_a_run_folder_is_an_error_at_Build()
    {
        using var train = AlgorithmTrainerTests.Source();
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            AlgorithmTrainerTests.Use(AlgorithmTrainerTests.Builder(TrainerTestKit.Mlp(1, inputs: 4, classes: 3, dtype: ScalarType.Float64), train), "fixmatch")
                .WithModelFile(Description()).Build());
        Assert.Contains(error.Failures, f => f.StartsWith("ModelFile:", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private sealed class CallbackHook(Action<TrainingProgress> onStep) : ITrainingHook
    {
        public void OnStepCompleted(TrainingProgress progress) => onStep(progress);
    }
}
