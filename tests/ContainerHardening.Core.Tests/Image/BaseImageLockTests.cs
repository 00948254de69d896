using ContainerHardening.Image;

namespace ContainerHardening.Tests.Image;

public sealed class BaseImageLockTests : ImageFixture
{
    private static readonly string DigestA = "sha256:" + new string('a', 64);
    private static readonly string DigestB = "sha256:" + new string('b', 64);

    [Fact]
    public void A_lock_round_trips_through_its_file_sorted_and_with_normalised_references()
    {
        BaseImageLock written = BaseImageLock.Empty
            .With(BaseImageReference.Parse("mcr.microsoft.com/dotnet/aspnet:10.0"), DigestB)
            .With(BaseImageReference.Parse("ubuntu:24.04@" + DigestB), DigestA);
        string path = PathFor(BaseImageLock.FileName);
        written.Write(path);

        BaseImageLock read = BaseImageLock.Read(path)!;

        Assert.Equal(
            "{\n  \"version\": 1,\n  \"baseImages\": {\n    \"docker.io/library/ubuntu:24.04\": \"" + DigestA + "\",\n    \"mcr.microsoft.com/dotnet/aspnet:10.0\": \"" + DigestB + "\"\n  }\n}\n",
            File.ReadAllText(path));
        Assert.Equal(DigestA, read.DigestFor(BaseImageReference.Parse("ubuntu:24.04")));
        Assert.Null(read.DigestFor(BaseImageReference.Parse("ubuntu:22.04")));
    }

    [Fact]
    public void A_missing_lock_file_reads_as_null()
    {
        Assert.Null(BaseImageLock.Read(PathFor("none.json")));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"version\": 2, \"baseImages\": {}}")]
    [InlineData("{\"version\": 1}")]
    [InlineData("{\"version\": 1, \"baseImages\": {\"ubuntu:24.04\": \"latest\"}}")]
    public void A_damaged_lock_file_is_a_format_error(string json)
    {
        Assert.Throws<FormatException>(() => BaseImageLock.Parse(json));
    }
}
