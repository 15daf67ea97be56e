using Egide.Core.Organizations;
using Xunit;

namespace Egide.Core.Tests.Organizations;

public sealed class SirenTests
{
    [Theory]
    [InlineData("216207530")] // Commune de Saint-Laurent-Blangy, from its deliberation
    [InlineData("225900018")] // Département du Nord
    [InlineData("200053742")] // Région Hauts-de-France
    [InlineData("000000000")]
    public void HasValidCheckDigit_RealSirens_True(string siren) => Assert.True(Siren.HasValidCheckDigit(siren));

    [Theory]
    [InlineData("216207531")] // last digit changed
    [InlineData("216207350")] // two digits swapped
    [InlineData("21620753")] // 8 digits
    [InlineData("2162075300")] // 10 digits
    [InlineData("21620753A")]
    [InlineData("")]
    public void HasValidCheckDigit_AlteredOrMalformed_False(string siren) => Assert.False(Siren.HasValidCheckDigit(siren));

    [Theory]
    [InlineData("216 207 530", "216207530")]
    [InlineData("216.207.530", "216207530")]
    [InlineData(" 216207530\t", "216207530")]
    public void Normalize_SpacesAndDots_Removed(string typed, string expected) => Assert.Equal(expected, Siren.Normalize(typed));
}
