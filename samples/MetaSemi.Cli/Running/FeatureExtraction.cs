using MetaSemi.Data;
using MetaSemi.Models;
using TorchSharp;

namespace MetaSemi.Cli.Running;

/// <summary>Features (before the classifier) of chosen images, model in evaluation mode, batched, on the CPU as float32; the images done so far reported after each batch.</summary>
internal static class FeatureExtraction
{
    public static (torch.Tensor Features, int[] Labels) Extract(FeatureModel model, IBatchSource images, int batchSize, torch.Device device, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        model.eval();
        var parts = new List<torch.Tensor>();
        var labels = new List<int>();
        using (torch.no_grad())
        {
            foreach (var batch in images.GetBatches(batchSize))
            {
                using var owned = batch;
                using var scope = torch.NewDisposeScope();
                parts.Add(model.Features(batch.Images.to(device)).to(torch.float32).cpu().MoveToOuterDisposeScope());
                labels.AddRange(batch.Labels!.data<long>().ToArray().Select(l => (int)l));
                progress?.Report(labels.Count);
            }
        }

        try
        {
            return (torch.cat(parts, 0), [.. labels]);
        }
        finally
        {
            foreach (var part in parts)
            {
                part.Dispose();
            }
        }
    }
}
