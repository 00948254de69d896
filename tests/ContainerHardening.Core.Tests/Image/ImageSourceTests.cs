using System.Formats.Tar;
using ContainerHardening.Analysis;
using ContainerHardening.Image;

namespace ContainerHardening.Tests.Image;

public sealed class ImageSourceTests : ImageFixture
{
    private static TestImageBuilder SampleImage() => new TestImageBuilder()
        .Layer(l => l
            .Directory("etc")
            .File("etc/passwd", "root:x:0:0:root:/root:/sbin/nologin\n")
            .Directory("usr/lib")
            .Symlink("lib", "usr/lib")
            .File("usr/bin/su", "elf", Modes.SetUid)
            .HardLink("usr/bin/su2", "usr/bin/su"))
        .Layer(l => l
            .Directory("app", uid: 1654, gid: 1654)
            .File("app/App.dll", "MZ", uid: 1654, gid: 1654)
            .Whiteout("usr/bin/su2"), LayerCompression.Zstd)
        .Layer(l => l.File("app/appsettings.json", "{}"), LayerCompression.None);

    [Fact]
    public void An_OCI_tar_an_OCI_directory_and_a_docker_load_tar_of_one_image_give_the_same_filesystem()
    {
        TestImageBuilder image = SampleImage();
        string[] fromOciTar = Describe(image.WriteOciTar(PathFor("oci.tar")));
        string[] fromOciDirectory = Describe(image.WriteOciDirectory(PathFor("oci")));
        string[] fromDockerTar = Describe(image.WriteDockerArchive(PathFor("docker.tar")));

        Assert.Contains("usr/bin/su File 100111101101 0:0 3 -", fromOciTar);
        Assert.Equal(8, fromOciTar.Length);
        Assert.Equal(fromOciTar, fromOciDirectory);
        Assert.Equal(fromOciTar, fromDockerTar);

        static string[] Describe(string archive)
        {
            using IImageSource source = ImageSource.Open(archive);
            return ImageFilesystem.Read(source).Entries.Values
                .Select(e => $"{e.Path} {e.Kind} {Convert.ToString((int)e.Mode, 2)} {e.Uid}:{e.Gid} {e.Size} {e.LinkTarget ?? "-"}")
                .Order(StringComparer.Ordinal)
                .ToArray();
        }
    }

    [Fact]
    public void The_manifest_and_config_of_an_OCI_archive_are_read()
    {
        using IImageSource source = ImageSource.Open(SampleImage().WriteOciTar(PathFor("oci.tar")));

        Assert.Equal(MediaTypes.OciManifest, source.Manifest.MediaType);
        Assert.Equal([MediaTypes.OciLayerGzip, MediaTypes.OciLayerZstd, MediaTypes.OciLayer], source.Manifest.Layers.Select(l => l.MediaType));
        Assert.Equal(3, source.Config.RootFs.DiffIds.Count);
        Assert.Equal("1654", source.Config.Config!.User);
        Assert.Equal(["/app/App"], source.Config.Config.Entrypoint);
        Assert.Equal(["8080/tcp"], source.Config.Config.ExposedPorts);
        Assert.Equal(("linux", "amd64"), (source.Config.OS, source.Config.Architecture));
    }

    [Fact]
    public void A_docker_load_archive_is_described_by_a_docker_manifest_whose_layers_are_named_by_what_their_bytes_hash_to()
    {
        TestImageBuilder image = SampleImage();
        using IImageSource source = ImageSource.Open(image.WriteDockerArchive(PathFor("docker.tar")));

        Assert.Equal(MediaTypes.DockerManifest, source.Manifest.MediaType);

        // The "<id>/layer.tar" files hold gzip-compressed layers here, so neither their names nor the diff_ids are digests.
        using (IImageSource oci = ImageSource.Open(image.WriteOciTar(PathFor("oci.tar"))))
        {
            Assert.Equal(oci.Manifest.Layers.Select(l => l.Digest), source.Manifest.Layers.Select(l => l.Digest));
        }

        Assert.NotEqual(source.Config.RootFs.DiffIds, source.Manifest.Layers.Select(l => l.Digest));
    }

    [Fact]
    public void In_a_multi_platform_layout_the_linux_amd64_image_is_chosen_through_a_nested_index()
    {
        using IImageSource source = ImageSource.Open(SampleImage().InMultiPlatformIndex().WriteOciTar(PathFor("multi.tar")));

        Assert.Equal(3, source.Manifest.Layers.Count);
    }

    [Fact]
    public void A_blob_whose_bytes_were_changed_fails_with_CH0022()
    {
        string archive = SampleImage().TamperWithBlob(0).WriteOciTar(PathFor("tampered.tar"));

        ImageFormatException error = ReadFails(archive);

        Assert.Equal("CH0022", error.Id);
        Assert.Equal(archive, error.ImagePath);
    }

    [Fact]
    public void A_config_longer_than_its_descriptor_says_fails_with_CH0022_when_opened()
    {
        string layout = SampleImage().WriteOciDirectory(PathFor("oci"));
        string configDigest;
        using (IImageSource source = ImageSource.Open(layout))
        {
            configDigest = source.Manifest.Config.Digest;
        }

        File.AppendAllText(TestImageBuilder.BlobFile(layout, configDigest), new string(' ', 100_000));

        ImageFormatException error = Assert.Throws<ImageFormatException>(() => ImageSource.Open(layout));
        Assert.Equal(("CH0022", configDigest), (error.Id, error.Subject));
    }

    [Theory]
    [InlineData(20)]
    [InlineData(100)]
    public void A_gzip_layer_cut_short_fails_with_CH0020(int bytesCut)
    {
        var image = new TestImageBuilder().Layer(l => l.File("a", new string('x', 3000)).File("b", "y"));
        int length = LengthOfFirstBlob(image);
        string archive = image.TruncateBlob(0, length - bytesCut).WriteOciTar(PathFor("truncated.tar"));

        Assert.Equal("CH0020", ReadFails(archive).Id);
    }

    [Fact]
    public void A_zstd_layer_cut_short_fails_with_CH0020()
    {
        var image = new TestImageBuilder().Layer(l => l.File("a", new string('x', 3000)), LayerCompression.Zstd);
        string archive = image.TruncateBlob(0, LengthOfFirstBlob(image) / 2).WriteOciTar(PathFor("truncated.tar"));

        Assert.Equal("CH0020", ReadFails(archive).Id);
    }

    [Fact]
    public void A_layer_that_does_not_unpack_to_its_diff_id_fails_with_CH0023()
    {
        string archive = SampleImage().WrongDiffId(1).WriteOciTar(PathFor("diffid.tar"));

        Assert.Equal("CH0023", ReadFails(archive).Id);
    }

    [Fact]
    public void A_layer_missing_from_the_archive_fails_with_CH0021_in_both_formats()
    {
        Assert.Equal("CH0021", ReadFails(SampleImage().MissingBlob(2).WriteOciTar(PathFor("oci.tar"))).Id);
        Assert.Equal("CH0021", ReadFails(SampleImage().MissingBlob(2).WriteDockerArchive(PathFor("docker.tar"))).Id);
    }

    [Fact]
    public void An_entry_climbing_out_of_the_root_fails_with_CH0024()
    {
        string archive = new TestImageBuilder().Layer(l => l.File("app/../../etc/cron.d/evil", "* * * * * root sh")).WriteOciTar(PathFor("evil.tar"));

        ImageFormatException error = ReadFails(archive);

        Assert.Equal("CH0024", error.Id);
        Assert.Contains("'app/../../etc/cron.d/evil'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hard_link_to_a_path_outside_the_root_fails_with_CH0024()
    {
        string archive = new TestImageBuilder().Layer(l => l.HardLink("shadow", "../../etc/shadow")).WriteOciTar(PathFor("evil.tar"));

        Assert.Equal("CH0024", ReadFails(archive).Id);
    }

    [Fact]
    public void An_entry_declaring_a_petabyte_fails_with_CH0026_without_waiting_for_the_data()
    {
        string archive = new TestImageBuilder().Layer(l => l.File("ok").DeclaredSize("huge", 1L << 50)).WriteOciTar(PathFor("huge.tar"));

        ImageFormatException error = ReadFails(archive);

        Assert.Equal("CH0026", error.Id);
        Assert.Contains((1L << 50).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encrypted_layer_fails_with_CH0025_when_the_image_is_opened()
    {
        TestImageBuilder image = SampleImage();
        image.LayerMediaType = "application/vnd.oci.image.layer.v1.tar+gzip+encrypted";

        ImageFormatException error = Assert.Throws<ImageFormatException>(() => ImageSource.Open(image.WriteOciTar(PathFor("encrypted.tar"))));

        Assert.Equal("CH0025", error.Id);
    }

    [Fact]
    public void A_tar_that_is_no_image_fails_with_CH0027()
    {
        string archive = WriteTar("notes.tar", ("README", "hello"));

        Assert.Equal("CH0027", Assert.Throws<ImageFormatException>(() => ImageSource.Open(archive)).Id);
    }

    [Fact]
    public void A_docker_load_archive_with_two_images_fails_with_CH0028()
    {
        string archive = WriteTar("two.tar", ("manifest.json", """[{"Config":"a.json","Layers":[]},{"Config":"b.json","Layers":[]}]"""));

        ImageFormatException error = Assert.Throws<ImageFormatException>(() => ImageSource.Open(archive));

        Assert.Equal("CH0028", error.Id);
        Assert.Contains(" 2 image manifests", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_that_is_not_JSON_fails_with_CH0029()
    {
        string archive = WriteTar("broken.tar", ("oci-layout", "{}"), ("index.json", "{\"schemaVersion\": 2, \"manifests\": ["));

        Assert.Equal("CH0029", Assert.Throws<ImageFormatException>(() => ImageSource.Open(archive)).Id);
    }

    [Fact]
    public void An_archive_cut_in_the_middle_of_a_blob_fails_with_CH0020_when_opened()
    {
        string whole = SampleImage().WriteOciTar(PathFor("whole.tar"));
        string cut = PathFor("cut.tar");
        byte[] bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);

        Assert.Equal("CH0020", Assert.Throws<ImageFormatException>(() => ImageSource.Open(cut)).Id);
    }

    [Fact]
    public void The_failure_becomes_a_finding_for_the_archive_with_the_message_but_not_the_id_prefix()
    {
        string archive = SampleImage().TamperWithBlob(0).WriteOciTar(PathFor("tampered.tar"));

        var finding = ReadFails(archive).ToFinding();

        Assert.Equal("CH0022", finding.Rule.Id);
        Assert.Equal(archive, finding.File);
        Assert.Equal(ContainerHardening.Diagnostics.Severity.Error, finding.Severity);
        Assert.StartsWith($"In '{archive}', sha256:", finding.Message, StringComparison.Ordinal);
    }

    private int LengthOfFirstBlob(TestImageBuilder image)
    {
        using IImageSource source = ImageSource.Open(image.WriteOciDirectory(PathFor(Guid.NewGuid().ToString())));
        return (int)source.Manifest.Layers[0].Size;
    }

    private string WriteTar(string name, params (string Path, string Content)[] files)
    {
        string path = PathFor(name);
        using var writer = new TarWriter(File.Create(path));
        foreach ((string file, string content) in files)
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, file) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) });
        }

        return path;
    }
}
