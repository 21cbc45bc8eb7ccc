using MetaSemi.Algorithms;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Core;

/// <summary>The meta step observes the model and changes nothing (docs/design.md §2.1.1, §2.1.3).</summary>
public sealed class MetaStepSideEffectTests
{
    public static TheoryData<string> Methods => ["FiniteDifference", "Exact", "None"];

    private static IMetaOptimizer Method(string name) => name switch
    {
        "FiniteDifference" => new FiniteDifferenceMetaGradient(),
        "Exact" => new ExactMetaGradient(),
        _ => new NoMetaGradient(),
    };

    private static byte[] OptimizerState(SGD optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            optimizer.save_state_dict(writer);
        }

        return stream.ToArray();
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Meta_step_leaves_parameters_buffers_grads_optimizer_state_and_modes_bit_identical(string methodName)
    {
        using var scope = NewDisposeScope();
        var net = TinyNetworks.ConvWithBatchNorm(float32);
        net.train();
        var generator = new Generator(31);
        var labeled = randn([8, 2, 5, 5], generator: generator);
        var labels = tensor(new long[] { 0, 1, 2, 3, 0, 1, 2, 3 });
        var unlabeled = randn([8, 2, 5, 5], generator: generator);

        // One real optimizer step first, so that .grad and the momentum buffers hold values.
        var optimizer = optim.SGD(net.parameters(), 0.1, 0.9, 0, 1e-4, false, false);
        optimizer.zero_grad();
        nn.functional.cross_entropy(net.forward(labeled), labels).backward();
        optimizer.step();

        // A sub-module left in evaluation mode by the user must come back that way.
        var batchNorm = (nn.Module)net[1];
        batchNorm.eval();
        var parameters = net.named_parameters().Select(p => (p.name, p.parameter.detach().clone(), p.parameter.grad!.clone())).ToArray();
        var buffers = net.named_buffers().Select(b => (b.name, b.buffer.clone())).ToArray();
        var state = OptimizerState(optimizer);

        var result = Method(methodName).Compute(net, labeled, labels, unlabeled, 0.1, SquaredL2ConsistencyLoss.Instance);

        Assert.Equal(new long[] { 8, 4 }, result.PseudoLabels.shape);
        foreach (var ((name, value, grad), now) in parameters.Zip(net.named_parameters()))
        {
            Assert.True(TensorAssert.Identical(value, now.parameter), $"parameter {name} changed");
            Assert.True(TensorAssert.Identical(grad, now.parameter.grad!), $"gradient of {name} changed");
        }

        foreach (var ((name, value), now) in buffers.Zip(net.named_buffers()))
        {
            Assert.True(TensorAssert.Identical(value, now.buffer), $"buffer {name} changed");
        }

        Assert.Equal(state, OptimizerState(optimizer));
        Assert.True(net.training && ((nn.Module)net[0]).training && ((nn.Module)net[5]).training, "training mode not restored");
        Assert.False(batchNorm.training, "the batch-norm module the user put in evaluation mode was switched to training");
    }
}
