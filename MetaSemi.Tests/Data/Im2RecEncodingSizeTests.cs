using MetaSemi.Data;

namespace MetaSemi.Tests.Data;

/// <summary>im2rec.py's geometry: the centred square of --center-crop; the shorter side becomes N, the longer scales with it, rounded down.</summary>
public sealed class Im2RecEncodingSizeTests
{
    [Theory]
    [InlineData(0, 40, 30, 40, 30)]
    [InlineData(15, 40, 30, 20, 15)]
    [InlineData(256, 500, 375, 341, 256)]
    [InlineData(256, 375, 500, 256, 341)]
    [InlineData(8, 10, 10, 8, 8)]
    [InlineData(64, 20, 10, 128, 64)]
    public void The_shorter_side_becomes_n(int n, int width, int height, int expectedWidth, int expectedHeight)
    {
        Assert.Equal((expectedWidth, expectedHeight), new Im2RecEncoding { ResizeShorterSide = n }.ResizedSize(width, height));
    }

    [Theory]
    [InlineData(false, 40, 30, 0, 0, 40, 30)]
    [InlineData(true, 40, 30, 5, 0, 30, 30)]
    [InlineData(true, 30, 41, 0, 5, 30, 30)]
    [InlineData(true, 7, 7, 0, 0, 7, 7)]
    public void Center_crop_keeps_the_centred_square(bool crop, int width, int height, int x, int y, int w, int h)
    {
        Assert.Equal((x, y, w, h), new Im2RecEncoding { CenterCrop = crop }.CropRectangle(width, height));
    }

    [Fact]
    public void Out_of_range_settings_name_the_field()
    {
        Assert.Equal("Quality", Assert.Throws<ArgumentOutOfRangeException>(() => new Im2RecEncoding { Quality = 0 }.Validate()).ParamName);
        Assert.Equal("ResizeShorterSide", Assert.Throws<ArgumentOutOfRangeException>(() => new Im2RecEncoding { ResizeShorterSide = -1 }.Validate()).ParamName);
    }
}
