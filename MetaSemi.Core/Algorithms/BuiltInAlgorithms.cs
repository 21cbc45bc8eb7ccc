namespace MetaSemi.Algorithms;

/// <summary>
/// The algorithms that ship with MetaSemi.NET, one registration line each (name, description with the paper,
/// factory from the options class). A new algorithm adds its line here and a <c>Use…</c> extension method in
/// <see cref="AlgorithmBuilderExtensions"/>.
/// </summary>
internal static class BuiltInAlgorithms
{
    public static AlgorithmRegistry Register(AlgorithmRegistry registry) => FieldAlgorithms.Register(registry
        .Register<MetaSemiAlgorithmOptions>(MetaSemiAlgorithm.AlgorithmName, "MetaSemi: pseudo-labels from the meta-gradient (Zhang et al., AISTATS 2021)", o => new MetaSemiAlgorithm(o))
        .Register<SupervisedOptions>(SupervisedAlgorithm.AlgorithmName, "Supervised: labelled data only, optional mixup between labelled images (Zhang et al., ICLR 2018)", o => new SupervisedAlgorithm(o))
        .Register<ReferenceBaselineOptions>(ReferenceBaselineAlgorithm.AlgorithmName, "The reference's train_baseline.py: with mixup, labelled images mixed with unlabelled ones and their eval-mode predictions", o => new ReferenceBaselineAlgorithm(o)));
}
