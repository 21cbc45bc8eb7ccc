using MetaSemi.Models.Pretrained;
using static TorchSharp.torch;

namespace MetaSemi.Tests.Models.Pretrained;

/// <summary>The out-of-class report's geometry on features whose cosine distances are known in closed form.</summary>
public sealed class OutOfClassReportTests
{
    [Fact]
    public void An_unlabelled_image_outside_every_class_radius_is_flagged_and_one_inside_is_not()
    {
        // Class 0: (1, ±0.1, 0) — centroid (1, 0, 0), radius 1 − 1/√1.01. Class 1: (0, 1, 0) twice — radius 0.
        using var labeled = tensor(new double[,] { { 1, 0.1, 0 }, { 1, -0.1, 0 }, { 0, 2, 0 }, { 0, 1, 0 } });
        using var labels = tensor(new long[] { 0, 0, 1, 1 });
        // Inside class 0's radius; on class 1's centroid (distance 0, not outside); far from both (nearest class 0, distance 1 − 1/√2).
        using var unlabeled = tensor(new double[,] { { 3, 0.05, 0 }, { 0, 5, 0 }, { 1, 0, 1 } });

        var report = OutOfClassReport.Compute(labeled, labels, unlabeled, 2);

        double radius0 = 1 - (1 / Math.Sqrt(1.01));
        Assert.Equal(radius0, report.Classes[0].Radius, 12);
        Assert.Equal(0, report.Classes[1].Radius, 12);
        Assert.Equal([0, 1, 0], report.NearestClass);
        Assert.Equal(1 - (3 / Math.Sqrt(9.0025)), report.Distance[0], 12);
        Assert.Equal(1 - (1 / Math.Sqrt(2)), report.Distance[2], 12);
        Assert.Equal([false, false, true], report.Flagged);
        Assert.Equal((2, 1), (report.Classes[0].Unlabeled, report.Classes[0].Flagged));
    }

    [Fact]
    public void A_class_without_labelled_images_is_named()
    {
        using var labeled = ones(2, 3);
        using var labels = tensor(new long[] { 0, 0 });
        var error = Assert.Throws<ArgumentException>(() => OutOfClassReport.Compute(labeled, labels, ones(1, 3), 2));
        Assert.Contains("Class 1", error.Message, StringComparison.Ordinal);
    }
}
