namespace MetaSemi.Algorithms;

/// <summary>
/// The registrations of the field's algorithms of docs/design.md §7 (name, description with the paper, factory), added to
/// the built-in registry by <see cref="BuiltInAlgorithms"/>; their builder methods are in
/// <see cref="FieldAlgorithmBuilderExtensions"/>.
/// </summary>
internal static class FieldAlgorithms
{
    public static AlgorithmRegistry Register(AlgorithmRegistry registry) => registry
        .Register<PiModelOptions>(PiModel.AlgorithmName, "Π-model: two weak views agree (Laine & Aila, ICLR 2017)", o => new PiModel(o))
        .Register<PseudoLabelOptions>(PseudoLabel.AlgorithmName, "Pseudo-Label: confident predictions as hard targets (Lee, ICML 2013 workshop); optionally meta-corrected", o => new PseudoLabel(o))
        .Register<MeanTeacherOptions>(MeanTeacher.AlgorithmName, "Mean Teacher: the student agrees with the EMA teacher (Tarvainen & Valpola, NeurIPS 2017)", o => new MeanTeacher(o))
        .Register<FixMatchOptions>(FixMatch.AlgorithmName, "FixMatch: the confident weak view labels the strong view (Sohn et al., NeurIPS 2020); optionally meta-corrected", o => new FixMatch(o))
        .Register<FlexMatchOptions>(FlexMatch.AlgorithmName, "FlexMatch: FixMatch with curriculum per-class thresholds (Zhang et al., NeurIPS 2021)", o => new FlexMatch(o))
        .Register<FreeMatchOptions>(FreeMatch.AlgorithmName, "FreeMatch: self-adaptive thresholds and class fairness (Wang et al., ICLR 2023)", o => new FreeMatch(o))
        .Register<SoftMatchOptions>(SoftMatch.AlgorithmName, "SoftMatch: truncated-Gaussian weights and distribution alignment (Chen et al., ICLR 2023)", o => new SoftMatch(o));
}
