using MetaSemi.Algorithms;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core.Algorithms;

/// <summary>The swap-based EMA teacher: the update formula, the swap leaving the model bit for bit, the state round trip.</summary>
public sealed class EmaTeacherTests
{
    private static nn.Module<Tensor, Tensor> Model()
    {
        var model = nn.Sequential(("fc", nn.Linear(2, 3, dtype: float64)), ("bn", nn.BatchNorm1d(3, dtype: float64)));
        using (no_grad())
        {
            foreach (var (i, p) in model.parameters().Select((p, i) => (i, p)))
            {
                p.copy_(arange(p.numel(), dtype: float64).reshape(p.shape) * 0.1 + i);
            }
        }

        return model;
    }

    [Fact]
    public void Update_is_decay_times_the_average_plus_one_minus_decay_times_the_parameters_and_copies_buffers()
    {
        using var scope = NewDisposeScope();
        var model = Model();
        var start = model.parameters().Select(p => p.detach().clone()).ToArray();
        using var teacher = new EmaTeacher(model, 0.9);
        using (no_grad())
        {
            foreach (var p in model.parameters())
            {
                p.mul_(-2).add_(0.5);
            }

            model.named_buffers().First(b => b.name == "bn.running_mean").buffer.fill_(0.25);
        }

        teacher.Update();

        var state = teacher.GetState();
        var names = model.named_parameters().Select(p => p.name).ToArray();
        var now = model.parameters().ToArray();
        for (int i = 0; i < names.Length; i++)
        {
            var a = start[i].data<double>().ToArray();
            var b = now[i].detach().data<double>().ToArray();
            var ema = state["param." + names[i]].data<double>().ToArray();
            for (int k = 0; k < a.Length; k++)
            {
                Assert.Equal(0.9 * a[k] + 0.1 * b[k], ema[k], 1e-15);
            }
        }

        Assert.Equal([0.25, 0.25, 0.25], state["buffer.bn.running_mean"].data<double>().ToArray());
    }

    [Fact]
    public void Forward_uses_the_average_and_leaves_weights_and_batch_norm_statistics_bit_for_bit()
    {
        using var scope = NewDisposeScope();
        var model = Model();
        using var teacher = new EmaTeacher(model, 0.5);
        using (no_grad())
        {
            foreach (var p in model.parameters())
            {
                p.add_(1.0);
            }
        }

        teacher.Update(); // ema = θ0 + 0.5
        var before = model.named_parameters().Select(p => p.parameter.detach().clone()).Concat(model.named_buffers().Select(b => b.buffer.clone())).ToArray();
        var x = tensor(new double[,] { { 1, 2 }, { -1, 0.5 }, { 0, 3 } });
        model.train();

        var logits = teacher.Forward(x);

        var after = model.named_parameters().Select(p => p.parameter.detach()).Concat(model.named_buffers().Select(b => b.buffer)).ToArray();
        Assert.All(before.Zip(after), pair => Assert.True(TensorAssert.Identical(pair.First, pair.Second)));

        // The same forward with the average loaded by hand: train-mode BatchNorm over the batch.
        var reference = Model();
        using (no_grad())
        {
            foreach (var p in reference.parameters())
            {
                p.add_(0.5);
            }
        }

        reference.train();
        Assert.True((reference.forward(x) - logits).abs().max().item<double>() < 1e-12);
        Assert.False(logits.requires_grad);
    }

    [Fact]
    public void State_round_trips_and_a_wrong_shape_names_the_tensor()
    {
        using var scope = NewDisposeScope();
        var model = Model();
        using var teacher = new EmaTeacher(model, 0.99);
        using var other = new EmaTeacher(Model(), 0.99);
        using (no_grad())
        {
            model.parameters().First().add_(3);
        }

        teacher.Update();
        other.LoadState(teacher.GetState());
        Assert.All(teacher.GetState().Zip(other.GetState()), p => Assert.True(TensorAssert.Identical(p.First.Value, p.Second.Value)));

        var bad = new Dictionary<string, Tensor>(teacher.GetState()) { ["param.fc.weight"] = zeros(2, 2, dtype: float64) };
        var error = Assert.Throws<InvalidDataException>(() => other.LoadState(bad));
        Assert.Contains("param.fc.weight", error.Message, StringComparison.Ordinal);
    }
}
