using TorchSharp;

namespace MetaSemi.Distributed;

/// <summary>
/// Autograd op <c>y = Σ_ranks x</c>. Every rank's loss depends on <c>y</c>, so the gradient of the
/// sum of all ranks' losses with respect to this rank's <c>x</c> is the all-reduced sum of the
/// incoming gradients: the backward is an all-reduce too.
/// </summary>
internal sealed class AllReduceSumFunction : torch.autograd.SingleTensorFunction<AllReduceSumFunction>
{
    private const string CommunicatorKey = "communicator";

    public override string Name => nameof(AllReduceSumFunction);

    /// <summary>Sums <paramref name="tensor"/> over the ranks of <paramref name="communicator"/>, differentiably.</summary>
    public static torch.Tensor Apply(torch.Tensor tensor, ICommunicator communicator) => apply(tensor, communicator);

    public override torch.Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var input = (torch.Tensor)vars[0];
        var communicator = (ICommunicator)vars[1];
        ctx.save_data(CommunicatorKey, communicator);
        var result = input.contiguous().clone();
        communicator.AllReduceSum(result);
        return result;
    }

    public override List<torch.Tensor> backward(torch.autograd.AutogradContext ctx, torch.Tensor grad_output)
    {
        var communicator = (ICommunicator)ctx.get_data(CommunicatorKey);
        var gradient = grad_output.contiguous().clone();
        communicator.AllReduceSum(gradient);
        return [gradient, null!];
    }
}
