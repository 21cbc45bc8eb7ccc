namespace MetaSemi.Models.Pretrained;

/// <summary>The stages of a ResNet backbone, input to output; freezing "through" a stage freezes it and every stage before it.</summary>
public enum BackboneStage
{
    /// <summary>No stage: the whole network trains.</summary>
    None = 0,

    /// <summary>The 7×7 stem convolution and its BatchNorm.</summary>
    Stem = 1,

    /// <summary>The first residual stage (64 channels).</summary>
    Layer1 = 2,

    /// <summary>The second residual stage (128 channels).</summary>
    Layer2 = 3,

    /// <summary>The third residual stage (256 channels).</summary>
    Layer3 = 4,

    /// <summary>The fourth residual stage (512 channels): the whole backbone, only the head trains (a linear probe).</summary>
    Layer4 = 5,
}
