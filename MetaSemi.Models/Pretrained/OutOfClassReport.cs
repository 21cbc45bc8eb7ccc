using static TorchSharp.torch;

namespace MetaSemi.Models.Pretrained;

/// <summary>
/// How far each unlabelled image sits from the labelled ones in a frozen network's feature space (docs/pretrained.md):
/// features are L2-normalised, each class has the centroid of its labelled images, an unlabelled image belongs to its
/// nearest centroid, and it is flagged when its cosine distance to that centroid is larger than every labelled image's
/// distance to its own class centroid (the class's radius). Unlabelled images of no labelled class hurt
/// semi-supervised learning (Oliver et al. 2018); flagged images are the ones to look at first.
/// </summary>
public sealed class OutOfClassReport
{
    private OutOfClassReport(IReadOnlyList<ClassDistances> classes, IReadOnlyList<int> nearestClass, IReadOnlyList<double> distance, IReadOnlyList<bool> flagged)
    {
        Classes = classes;
        NearestClass = nearestClass;
        Distance = distance;
        Flagged = flagged;
    }

    /// <summary>Per class: its radius and the unlabelled images nearest to it.</summary>
    public IReadOnlyList<ClassDistances> Classes { get; }

    /// <summary>Per unlabelled image: the class of the nearest centroid.</summary>
    public IReadOnlyList<int> NearestClass { get; }

    /// <summary>Per unlabelled image: the cosine distance (1 − cosine similarity) to that centroid.</summary>
    public IReadOnlyList<double> Distance { get; }

    /// <summary>Per unlabelled image: whether it lies outside the radius of its nearest class.</summary>
    public IReadOnlyList<bool> Flagged { get; }

    /// <summary>Computes the report from labelled features, their labels and unlabelled features.</summary>
    /// <exception cref="ArgumentException">A class has no labelled image, or the feature widths differ.</exception>
    public static OutOfClassReport Compute(Tensor labeledFeatures, Tensor labels, Tensor unlabeledFeatures, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(labeledFeatures);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(unlabeledFeatures);
        if (labeledFeatures.shape[1] != unlabeledFeatures.shape[1])
        {
            throw new ArgumentException($"Labelled features have {labeledFeatures.shape[1]} values each, unlabelled {unlabeledFeatures.shape[1]}.", nameof(unlabeledFeatures));
        }

        using var scope = NewDisposeScope();
        var labeled = nn.functional.normalize(labeledFeatures.to(float64), dim: 1);
        var unlabeled = nn.functional.normalize(unlabeledFeatures.to(float64), dim: 1);
        var y = labels.to(int64);
        var centroids = new Tensor[numClasses];
        var radius = new double[numClasses];
        var labeledMedian = new double[numClasses];
        for (int c = 0; c < numClasses; c++)
        {
            var members = labeled.index_select(0, (y == c).nonzero().flatten());
            if (members.shape[0] == 0)
            {
                throw new ArgumentException($"Class {c} has no labelled image: its centroid is undefined.", nameof(labels));
            }

            centroids[c] = nn.functional.normalize(members.mean([0]), dim: 0);
            var own = 1 - members.matmul(centroids[c]);
            radius[c] = own.max().item<double>();
            labeledMedian[c] = own.median().item<double>();
        }

        var distances = 1 - unlabeled.matmul(stack(centroids, 1));
        var (nearestDistance, nearest) = distances.min(1);
        var nearestClass = nearest.data<long>().Select(v => (int)v).ToArray();
        var distance = nearestDistance.data<double>().ToArray();
        var flagged = distance.Select((d, i) => d > radius[nearestClass[i]]).ToArray();
        var classes = Enumerable.Range(0, numClasses).Select(c =>
        {
            var mine = distance.Where((_, i) => nearestClass[i] == c).Order().ToArray();
            return new ClassDistances(c, radius[c], labeledMedian[c], mine.Length, mine.Length == 0 ? double.NaN : mine[mine.Length / 2],
                flagged.Where((f, i) => f && nearestClass[i] == c).Count());
        }).ToArray();
        return new OutOfClassReport(classes, nearestClass, distance, flagged);
    }
}

/// <summary>One class of an <see cref="OutOfClassReport"/>.</summary>
/// <param name="ClassIndex">The class.</param>
/// <param name="Radius">The largest cosine distance of its labelled images to their centroid.</param>
/// <param name="LabeledMedian">The median of those distances.</param>
/// <param name="Unlabeled">Unlabelled images whose nearest centroid is this class's.</param>
/// <param name="UnlabeledMedian">The median distance of those images (NaN when none).</param>
/// <param name="Flagged">Those of them outside <paramref name="Radius"/>.</param>
public sealed record ClassDistances(int ClassIndex, double Radius, double LabeledMedian, int Unlabeled, double UnlabeledMedian, int Flagged);
