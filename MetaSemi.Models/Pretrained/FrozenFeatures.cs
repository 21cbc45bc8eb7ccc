using static TorchSharp.torch;

namespace MetaSemi.Models.Pretrained;

/// <summary>
/// Features of a frozen network computed once per image, in evaluation mode and inference mode, batch by batch with
/// progress (docs/pretrained.md): the input of a linear probe or of <see cref="OutOfClassReport"/>.
/// </summary>
public static class FrozenFeatures
{
    /// <summary>The N×<see cref="FeatureModel.FeatureDimension"/> float32 features of <paramref name="images"/> (N×C×H×W, normalised as the model expects).</summary>
    /// <param name="model">The network (put in evaluation mode while it runs, then given its mode back).</param>
    /// <param name="images">The images, uint8 pixels (scaled to [0, 1], then normalised by <paramref name="prepare"/>) or float inputs.</param>
    /// <param name="prepare">Turns a batch of <paramref name="images"/> into the network's input (the data pipeline's test transform).</param>
    /// <param name="batchSize">Images per forward pass.</param>
    /// <param name="progress">Told the number of images done after each batch.</param>
    public static Tensor Compute(FeatureModel model, Tensor images, Func<Tensor, Tensor> prepare, int batchSize = 64, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(prepare);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        bool training = model.training;
        model.eval();
        try
        {
            long n = images.shape[0];
            var result = empty([n, model.FeatureDimension], float32);
            for (long start = 0; start < n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                long count = Math.Min(batchSize, n - start);
                using (inference_mode())
                {
                    var features = model.Features(prepare(images.narrow(0, start, count)));
                    result.narrow(0, start, count).copy_(features.to(float32));
                }

                progress?.Report(start + count);
            }

            return result;
        }
        finally
        {
            model.train(training);
        }
    }
}
