using System.Text;
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
    public void A_reference_without_a_tag_is_locked_as_latest_like_the_sdk_reads_it()
    {
        BaseImageLock written = BaseImageLock.Empty.With(BaseImageReference.Parse("localhost:5000/base"), DigestA);

        Assert.Equal(["localhost:5000/base:latest"], written.Digests.Keys);
        Assert.Equal(DigestA, written.DigestFor(BaseImageReference.Parse("localhost:5000/base:latest")));
    }

    [Fact]
    public void Merging_an_entry_keeps_the_others_and_replaces_only_its_own()
    {
        BaseImageLock existing = BaseImageLock.Parse(
            "{\"version\":1,\"baseImages\":{\"mcr.microsoft.com/dotnet/aspnet:10.0\":\"" + DigestA + "\",\"ubuntu:24.04\":\"" + DigestA + "\"}}");

        BaseImageLock merged = existing.With(BaseImageReference.Parse("mcr.microsoft.com/dotnet/aspnet:10.0"), DigestB);

        Assert.Equal(DigestB, merged.DigestFor(BaseImageReference.Parse("mcr.microsoft.com/dotnet/aspnet:10.0")));
        Assert.Equal(DigestA, merged.DigestFor(BaseImageReference.Parse("docker.io/library/ubuntu:24.04")));
        Assert.Equal(DigestA, existing.DigestFor(BaseImageReference.Parse("mcr.microsoft.com/dotnet/aspnet:10.0")));
    }

    [Fact]
    public void Writing_the_same_content_again_leaves_the_file_alone_and_leaves_no_temporary_file()
    {
        string path = PathFor(BaseImageLock.FileName);
        BaseImageLock lockFile = BaseImageLock.Empty.With(BaseImageReference.Parse("mcr.microsoft.com/dotnet/aspnet:10.0"), DigestA);

        Assert.True(lockFile.Write(path));
        DateTime written = File.GetLastWriteTimeUtc(path);
        File.SetLastWriteTimeUtc(path, written.AddHours(-1));

        Assert.False(BaseImageLock.Read(path)!.Write(path));
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(path));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
        byte[] bytes = File.ReadAllBytes(path);
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Equal((byte)'\n', bytes[^1]);
    }

    [Fact]
    public void A_file_with_a_byte_order_mark_and_crlf_line_ends_reads()
    {
        string path = PathFor(BaseImageLock.FileName);
        File.WriteAllText(path, "{\r\n  \"version\": 1,\r\n  \"baseImages\": { \"ubuntu:24.04\": \"" + DigestA + "\" }\r\n}\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal(DigestA, BaseImageLock.Read(path)!.DigestFor(BaseImageReference.Parse("ubuntu:24.04")));
    }

    [Fact]
    public void A_missing_lock_file_reads_as_null()
    {
        Assert.Null(BaseImageLock.Read(PathFor("none.json")));
    }

    [Theory]
    [InlineData("not json", 1, 2, "not JSON")]
    [InlineData("{\n  \"version\": 2,\n  \"baseImages\": {}\n}", 2, 14, "'version' must be the number 1")]
    [InlineData("{\n  \"version\": 1\n}", 3, 1, "'baseImages' is missing")]
    [InlineData("[]", 1, 1, "the top level must be an object")]
    [InlineData("{\n  \"version\": 1,\n  \"baseImages\": [],\n}", 3, 17, "'baseImages' must be an object")]
    [InlineData("{\n  \"version\": 1,\n  \"baseImages\": {\n    \"ubuntu:24.04\": \"latest\"\n  }\n}", 4, 21, "the digest of 'ubuntu:24.04'")]
    [InlineData("{\n  \"version\": 1,\n  \"baseImages\": {\n    \"ubuntu:24.04@sha256:00\": \"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\n  }\n}", 4, 5, "'ubuntu:24.04@sha256:00' is not a base image reference without a digest")]
    [InlineData("{\n  \"version\": 1,\n  \"baseimages\": {}\n}", 3, 3, "'baseimages' is not a key of a lock file")]
    [InlineData("{\n  \"version\": 1,\n  \"version\": 1,\n  \"baseImages\": {}\n}", 3, 3, "'version' appears twice")]
    [InlineData("{\n  \"version\": 1,\n  \"baseImages\": {\n    \"ubuntu:24.04\": \"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\n    \"docker.io/library/ubuntu:24.04\": \"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\n  }\n}", 5, 5, "'docker.io/library/ubuntu:24.04' is listed twice")]
    [InlineData("{\"version\": 1, \"baseImages\": {}} trailing", 1, 34, "not JSON")]
    public void A_damaged_lock_file_names_the_line_and_column_of_the_problem(string json, int line, int column, string detail)
    {
        BaseImageLockException error = Assert.Throws<BaseImageLockException>(() => BaseImageLock.Parse(json));

        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void A_merge_conflict_in_the_lock_file_points_at_the_conflict_marker()
    {
        string json = "{\n  \"version\": 1,\n  \"baseImages\": {\n<<<<<<< HEAD\n    \"ubuntu:24.04\": \"" + DigestA + "\"\n=======\n    \"ubuntu:24.04\": \"" + DigestB + "\"\n>>>>>>> main\n  }\n}\n";

        BaseImageLockException error = Assert.Throws<BaseImageLockException>(() => BaseImageLock.Parse(json));

        Assert.Equal(4, error.Line);
        Assert.Contains("not JSON", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }
}
