namespace MetaSemi.QuickStart;

/// <summary>The methods the quick start trains, on the same labels, network and step budget.</summary>
internal enum QuickStartMethod
{
    /// <summary>Labelled images only, with mixup between them.</summary>
    Supervised,

    /// <summary>FlexMatch (of the field's methods, the one that bought the most within this budget when measured here).</summary>
    FlexMatch,

    /// <summary>MetaSemi with the finite-difference meta-gradient and mixup (the paper's method).</summary>
    MetaSemi,
}
