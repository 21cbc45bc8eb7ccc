namespace MetaSemi;

/// <summary>The hook that hands each step's report to the <see cref="IProgress{T}"/> given to <c>FitAsync</c>.</summary>
internal sealed class ProgressHook(IProgress<TrainingProgress> target) : ITrainingHook
{
    public void OnStepCompleted(TrainingProgress progress) => target.Report(progress);
}
