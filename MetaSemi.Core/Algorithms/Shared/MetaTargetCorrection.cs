using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// MetaSemi's meta step applied to the targets of another algorithm (issue 13, "the meta-gradient as a component of
/// other methods"): the weak-view prediction q is moved by <c>−lr_t·G</c> and projected (docs/design.md §2.1.4) before the
/// algorithm's threshold and argmax. G is docs/design.md §2.1.3's general meta-gradient of the algorithm's own unlabelled
/// loss, soft-target cross-entropy (<see cref="SoftTargetCrossEntropyLoss"/>) on the images the loss is taken on,
/// with g the labelled cross-entropy gradient, in evaluation mode. That loss is linear in ŷ, so G does not depend
/// on the point ŷ it is taken at, and the existing meta-gradients (<see cref="FiniteDifferenceMetaGradient"/>,
/// <see cref="ExactMetaGradient"/>) give it directly, evaluated on the loss's images.
/// </summary>
public sealed class MetaTargetCorrection
{
    private readonly FiniteDifferenceMetaGradient? _finiteDifference;
    private readonly ExactMetaGradient? _exact;

    /// <summary>Creates the correction; <see cref="MetaGradientMethod.None"/> leaves q as it is.</summary>
    /// <param name="method">How G is computed.</param>
    /// <param name="epsilon">ε0 of the finite difference (docs/design.md §2.1.3, 1e-2).</param>
    public MetaTargetCorrection(MetaGradientMethod method, double epsilon = 1e-2)
    {
        Method = method;
        switch (method)
        {
            case MetaGradientMethod.FiniteDifference:
                _finiteDifference = new FiniteDifferenceMetaGradient(epsilon);
                break;
            case MetaGradientMethod.Exact:
                _exact = new ExactMetaGradient();
                break;
            case MetaGradientMethod.None:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "MetaCorrection must be None, FiniteDifference or Exact.");
        }
    }

    /// <summary>The metric name of the fraction of examples whose argmax the correction changed (reported when it is on).</summary>
    public const string ArgmaxChangedMetric = "train/meta-argmax-changed";

    /// <summary>How G is computed.</summary>
    public MetaGradientMethod Method { get; }

    /// <summary>
    /// G (rows of <paramref name="lossImages"/> × C) of soft-target cross-entropy on <paramref name="lossImages"/>;
    /// null for <see cref="MetaGradientMethod.None"/>. The model is in evaluation mode during the call and comes back in
    /// its previous modes with parameters, buffers and <c>.grad</c> as they were. Call it before the step's training
    /// forward passes: the finite difference moves the parameters in place (and back), which would invalidate the
    /// graph of a forward taken before it.
    /// </summary>
    public torch.Tensor? MetaGradient(
        torch.nn.Module<torch.Tensor, torch.Tensor> model,
        torch.Tensor labeledImages,
        torch.Tensor labels,
        torch.Tensor lossImages)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(lossImages);
        return Method switch
        {
            MetaGradientMethod.FiniteDifference => _finiteDifference!.MetaGradient(model, labeledImages, labels, lossImages, SoftTargetCrossEntropyLoss.Instance),
            MetaGradientMethod.Exact => _exact!.MetaGradient(model, labeledImages, labels, lossImages, SoftTargetCrossEntropyLoss.Instance),
            _ => null,
        };
    }

    /// <summary>
    /// <c>project(q − lr·G)</c> (docs/design.md §2.1.4: relu, rows divided by their sums, all-zero rows kept); q itself when
    /// <paramref name="metaGradient"/> is null (no correction). Detached.
    /// </summary>
    public static torch.Tensor Correct(torch.Tensor targets, torch.Tensor? metaGradient, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (metaGradient is null)
        {
            return targets.detach();
        }

        using var noGrad = torch.no_grad();
        return PseudoLabelProjection.Project(targets.detach() - learningRate * metaGradient);
    }

    /// <summary>The extra metrics of a corrected step: the fraction of argmaxes changed; none without correction.</summary>
    public (string Name, torch.Tensor Value)[] Metrics(torch.Tensor original, torch.Tensor corrected)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(corrected);
        return Method == MetaGradientMethod.None
            ? []
            : [(ArgmaxChangedMetric, original.argmax(1).ne(corrected.argmax(1)).to(original.dtype).mean())];
    }
}
