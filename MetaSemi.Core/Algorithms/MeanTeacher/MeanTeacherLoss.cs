using TorchSharp;

namespace MetaSemi.Algorithms;

/// <summary>
/// Mean Teacher's unlabelled loss (docs/design.md §7): <c>mean_i (1/C)·‖softmax(f_student(weak₁))_i − sg(softmax(f_EMA(weak₂)))_i‖²</c>,
/// with the paper's and USB's 1/C (λ_u = 50 is tuned for it).
/// </summary>
public static class MeanTeacherLoss
{
    /// <summary>The loss between the student's logits and the teacher's (constant) logits.</summary>
    public static torch.Tensor Compute(torch.Tensor studentLogits, torch.Tensor teacherLogits)
    {
        ArgumentNullException.ThrowIfNull(teacherLogits);
        using var scope = torch.NewDisposeScope();
        var target = torch.nn.functional.softmax(teacherLogits.detach(), 1);
        return SemiSupervisedLosses.MeanSquaredError(studentLogits, target).MoveToOuterDisposeScope();
    }
}
