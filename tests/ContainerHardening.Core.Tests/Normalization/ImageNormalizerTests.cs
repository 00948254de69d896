using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ContainerHardening.Analysis;
using ContainerHardening.Image;
using ContainerHardening.Normalization;
using ContainerHardening.Tests.Image;

namespace ContainerHardening.Tests.Normalization;

public sealed class ImageNormalizerTests : ImageFixture
{
    private const int ContainerUser = 1654;
    private const UnixFileMode Directory = Modes.Directory;
    private const UnixFileMode File = Modes.File;
    private const UnixFileMode Executable = Modes.Executable;

    private static readonly DateTimeOffset BaseTime = new(2025, 11, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstPublish = new(2026, 12, 6, 15, 1, 2, 345, TimeSpan.Zero);
    private static readonly DateTimeOffset SecondPublish = new(2026, 12, 7, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset CommitTime = DateTimeOffset.FromUnixTimeSeconds(1_780_000_000);
    private static readonly byte[] Elf = [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0];

    private static readonly NormalizationOptions Options = new() { Timestamp = CommitTime, AppHost = "App", ExecutableFiles = ["tools/marked"] };

    [Fact]
    public void The_app_layer_is_owned_by_root_and_only_executables_keep_the_execute_bits()
    {
        ImageFilesystem filesystem = ReadBack(Normalize(SdkImage(FirstPublish), Options));

        Assert.Equal(
            [
                ("app", EntryKind.Directory, Directory),
                ("app/App", EntryKind.File, Executable),
                ("app/App.dll", EntryKind.File, File),
                ("app/appsettings.json", EntryKind.File, File),
                ("app/current", EntryKind.Symlink, Modes.Symlink),
                ("app/lib", EntryKind.Directory, Directory),
                ("app/lib/libnative.so", EntryKind.File, Executable),
                ("app/run.sh", EntryKind.File, Executable),
                ("app/setuid-helper", EntryKind.File, File),
                ("app/tools", EntryKind.Directory, Directory),
                ("app/tools/marked", EntryKind.File, Executable),
            ],
            AppEntries(filesystem).Select(e => (e.Path, e.Kind, e.Mode)));
        Assert.All(AppEntries(filesystem), e => Assert.Equal((0, 0, CommitTime), (e.Uid, e.Gid, e.ModificationTime)));
        Assert.Equal("App.dll", filesystem.Get("app/current")!.LinkTarget);
    }

    [Fact]
    public void Files_a_container_must_not_ship_are_dropped_and_reported()
    {
        string output = PathFor("out.tar");
        NormalizationResult result = ImageNormalizer.Normalize(SdkImage(FirstPublish), output, Options);

        Assert.Equal(["App.pdb", "appsettings.Development.json"], result.DroppedFiles.Select(d => d.RelativePath));
        Assert.All(result.DroppedFiles, d => Assert.False(string.IsNullOrEmpty(d.Reason)));
        ImageFilesystem filesystem = ReadBack(output);
        Assert.Null(filesystem.Get("app/App.pdb"));
        Assert.Null(filesystem.Get("app/appsettings.Development.json"));
    }

    [Fact]
    public void Debug_symbols_stay_when_asked_and_nothing_is_dropped_when_dropping_is_off()
    {
        ImageFilesystem keepSymbols = ReadBack(Normalize(SdkImage(FirstPublish), Options with { KeepDebugSymbols = true }));
        ImageFilesystem keepAll = ReadBack(Normalize(SdkImage(FirstPublish), Options with { DropExcludedFiles = false }));

        Assert.NotNull(keepSymbols.Get("app/App.pdb"));
        Assert.Null(keepSymbols.Get("app/appsettings.Development.json"));
        Assert.NotNull(keepAll.Get("app/App.pdb"));
        Assert.NotNull(keepAll.Get("app/appsettings.Development.json"));
    }

    [Fact]
    public void Mode_and_owner_changes_are_reported_for_every_entry_that_changed()
    {
        NormalizationResult result = ImageNormalizer.Normalize(SdkImage(FirstPublish), PathFor("out.tar"), Options);

        ModeChange dll = Assert.Single(result.ModeChanges, c => c.Path == "app/App.dll");
        Assert.Equal(new ModeChange("app/App.dll", Executable, File, ContainerUser, ContainerUser), dll);
        Assert.Equal(new ModeChange("app/setuid-helper", Modes.SetUid, File, ContainerUser, ContainerUser), Assert.Single(result.ModeChanges, c => c.Path == "app/setuid-helper"));
        Assert.DoesNotContain(result.ModeChanges, c => c.Path.StartsWith("usr/", StringComparison.Ordinal));
        Assert.Equal(result.ModeChanges.Select(c => c.Path).Order(StringComparer.Ordinal), result.ModeChanges.Select(c => c.Path));
    }

    [Fact]
    public void Two_publishes_at_different_times_give_the_same_bytes_and_digests()
    {
        string first = PathFor("first.tar");
        string second = PathFor("second.tar");
        string firstInput = SdkImage(FirstPublish);
        string secondInput = SdkImage(SecondPublish);

        NormalizationResult a = ImageNormalizer.Normalize(firstInput, first, Options);
        NormalizationResult b = ImageNormalizer.Normalize(secondInput, second, Options);

        Assert.NotEqual(SHA256.HashData(System.IO.File.ReadAllBytes(firstInput)), SHA256.HashData(System.IO.File.ReadAllBytes(secondInput)));
        Assert.Equal(a.ManifestDigest, b.ManifestDigest);
        Assert.Equal(a.ConfigDigest, b.ConfigDigest);
        Assert.Equal(System.IO.File.ReadAllBytes(first), System.IO.File.ReadAllBytes(second));
    }

    [Fact]
    public void The_base_layers_are_copied_byte_for_byte()
    {
        string input = SdkImage(FirstPublish);
        string output = Normalize(input, Options);

        using IImageSource before = ImageSource.Open(input);
        using IImageSource after = ImageSource.Open(output);
        Assert.Equal(before.Manifest.Layers.Take(2), after.Manifest.Layers.Take(2));
        Assert.Equal(before.Config.RootFs.DiffIds.Take(2), after.Config.RootFs.DiffIds.Take(2));
        Assert.Equal(ReadAll(before.OpenBlob(before.Manifest.Layers[0])), ReadAll(after.OpenBlob(after.Manifest.Layers[0])));
        Assert.NotEqual(before.Manifest.Layers[2].Digest, after.Manifest.Layers[2].Digest);
    }

    [Fact]
    public void The_result_names_the_digests_the_written_image_has()
    {
        string output = PathFor("out.tar");
        NormalizationResult result = ImageNormalizer.Normalize(SdkImage(FirstPublish), output, Options);

        using IImageSource image = ImageSource.Open(output);
        Assert.Equal(result.ConfigDigest, image.Manifest.Config.Digest);
        Assert.Equal(result.AppLayerDigest, image.Manifest.Layers[^1].Digest);
        Assert.Equal(MediaTypes.OciLayerGzip, image.Manifest.Layers[^1].MediaType);
        Assert.Equal(result.AppLayerDiffId, image.Config.RootFs.DiffIds[^1]);
        JsonObject index = IndexJson(output);
        JsonObject entry = Assert.Single(index["manifests"]!.AsArray())!.AsObject();
        Assert.Equal(result.ManifestDigest, (string?)entry["digest"]);
        Assert.Equal("1.0", (string?)entry["annotations"]!["org.opencontainers.image.ref.name"]);
        Assert.Equal("docker.io/library/app:1.0", (string?)entry["annotations"]!["io.containerd.image.name"]);
    }

    [Fact]
    public void Build_times_become_the_timestamp_and_the_base_image_history_keeps_its_own()
    {
        string output = Normalize(SdkImage(FirstPublish), Options);

        using IImageSource image = ImageSource.Open(output);
        Assert.Equal(CommitTime, image.Config.Created);
        Assert.Equal([BaseTime, BaseTime, CommitTime, CommitTime], image.Config.History!.Select(h => h.Created!.Value));
        Assert.Equal("2026-05-28T20:26:40Z", image.Config.Config!.Labels!["org.opencontainers.image.created"]);
        Assert.Equal("2026-05-28T20:26:40Z", image.Config.Config.Labels["org.opencontainers.artifact.created"]);
        Assert.Equal("kept", image.Config.Config.Labels["com.example.unrelated"]);
        JsonObject config = JsonNode.Parse(ReadAll(image.OpenBlob(image.Manifest.Config)))!.AsObject();
        Assert.Equal("2026-05-28T20:26:40Z", (string?)config["created"]);
        Assert.Equal("kept", (string?)config["x-unknown-field"]);
    }

    [Fact]
    public void App_layer_entries_are_sorted_ustar_headers_with_root_owner_and_no_user_names()
    {
        List<TarEntry> entries = AppLayerTar(Normalize(SdkImage(FirstPublish), Options));

        Assert.Equal(entries.Select(e => e.Name).Order(StringComparer.Ordinal), entries.Select(e => e.Name));
        Assert.Equal("app/", entries[0].Name);
        Assert.All(entries, e => Assert.IsType<UstarTarEntry>(e));
        Assert.All(entries.Cast<UstarTarEntry>(), e => Assert.Equal(("", "", 0, 0), (e.UserName, e.GroupName, e.Uid, e.Gid)));
    }

    [Fact]
    public void Long_and_non_ascii_names_get_a_pax_header_with_only_the_path()
    {
        string longName = "app/wwwroot/" + new string('n', 120) + ".js";
        string input = SdkImage(FirstPublish, l => l.File(longName, "x").File("app/résumé.txt", "y").Symlink("app/link-to-long", "/" + longName));

        List<TarEntry> entries = AppLayerTar(Normalize(input, Options));

        PaxTarEntry pax = Assert.IsType<PaxTarEntry>(Assert.Single(entries, e => e.Name == longName));
        Assert.Equal(["path"], pax.ExtendedAttributes.Keys);
        Assert.Equal(["path"], Assert.IsType<PaxTarEntry>(Assert.Single(entries, e => e.Name == "app/résumé.txt")).ExtendedAttributes.Keys);
        Assert.Equal(["linkpath"], Assert.IsType<PaxTarEntry>(Assert.Single(entries, e => e.Name == "app/link-to-long")).ExtendedAttributes.Keys);
        Assert.Equal("/" + longName, Assert.Single(entries, e => e.Name == "app/link-to-long").LinkName);
        Assert.Equal(
            System.IO.File.ReadAllBytes(Normalize(input, Options)),
            System.IO.File.ReadAllBytes(Normalize(SdkImage(SecondPublish, l => l.File(longName, "x").File("app/résumé.txt", "y").Symlink("app/link-to-long", "/" + longName)), Options)));
    }

    [Fact]
    public void Hard_links_stay_linked_with_the_first_path_holding_the_data()
    {
        string input = SdkImage(FirstPublish, l => l.File("app/z-original", "shared", Executable, ContainerUser, ContainerUser).HardLink("app/a-link", "app/z-original"));

        string output = Normalize(input, Options);

        List<TarEntry> entries = AppLayerTar(output);
        TarEntry first = Assert.Single(entries, e => e.Name == "app/a-link");
        TarEntry second = Assert.Single(entries, e => e.Name == "app/z-original");
        Assert.Equal((TarEntryType.RegularFile, 6L), (first.EntryType, first.Length));
        Assert.Equal((TarEntryType.HardLink, "app/a-link"), (second.EntryType, second.LinkName));
        Assert.Equal(File, first.Mode);
        ReadBack(output);
    }

    [Fact]
    public void The_app_layer_tar_has_no_process_ids_or_access_times_in_it()
    {
        string longName = "app/" + new string('p', 150);
        string output = Normalize(SdkImage(FirstPublish, l => l.File(longName, "x")), Options);

        using IImageSource image = ImageSource.Open(output);
        using var tar = new GZipStream(image.OpenBlob(image.Manifest.Layers[^1]), CompressionMode.Decompress);
        string text = System.Text.Encoding.Latin1.GetString(ReadAll(tar));

        // TarWriter's own PAX headers are named "PaxHeaders.<pid>" and carry mtime; two processes would differ.
        Assert.DoesNotContain("PaxHeaders.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("atime=", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ctime=", text, StringComparison.Ordinal);
        Assert.DoesNotContain("mtime=", text, StringComparison.Ordinal);
        Assert.Contains(" path=" + longName + "\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_apphost_is_executable_whatever_its_first_bytes()
    {
        ImageFilesystem filesystem = ReadBack(Normalize(SdkImage(FirstPublish, l => l.File("app/Host", "not elf yet", Executable)), Options with { AppHost = "Host" }));

        Assert.Equal(Executable, filesystem.Get("app/Host")!.Mode);
    }

    [Fact]
    public void A_path_hard_linked_to_a_dropped_file_keeps_the_content()
    {
        string input = SdkImage(FirstPublish, l => l.HardLink("app/symbols-copy.bin", "app/App.pdb"));

        string output = Normalize(input, Options);

        TarEntry copy = Assert.Single(AppLayerTar(output), e => e.Name == "app/symbols-copy.bin");
        Assert.Equal((TarEntryType.RegularFile, 4L), (copy.EntryType, copy.Length));
        Assert.Null(ReadBack(output).Get("app/App.pdb"));
    }

    [Fact]
    public void A_path_listed_twice_keeps_its_last_entry_as_unpacking_would()
    {
        string input = SdkImage(FirstPublish, l => l.File("app/appsettings.json", "{\"second\":true}", Executable, ContainerUser, ContainerUser));

        TarEntry settings = Assert.Single(AppLayerTar(Normalize(input, Options)), e => e.Name == "app/appsettings.json");

        Assert.Equal(15, settings.Length);
    }

    [Fact]
    public void A_cancelled_normalization_leaves_nothing_behind()
    {
        string input = SdkImage(FirstPublish);
        string output = PathFor("out.tar");

        Assert.Throws<OperationCanceledException>(() => ImageNormalizer.Normalize(input, output, Options, cancellationToken: new CancellationToken(canceled: true)));

        Assert.Equal([Path.GetFileName(input)], System.IO.Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(output)!).Select(Path.GetFileName));
    }

    [Fact]
    public void The_app_layer_is_gzip_with_a_fixed_header()
    {
        string output = Normalize(SdkImage(FirstPublish), Options);

        using IImageSource image = ImageSource.Open(output);
        byte[] blob = ReadAll(image.OpenBlob(image.Manifest.Layers[^1]));
        Assert.Equal(new byte[] { 0x1F, 0x8B, 8, 0, 0, 0, 0, 0 }, blob[..8]);
        Assert.Equal(3, blob[9]);
    }

    [Fact]
    public void The_layout_tar_itself_is_sorted_and_root_owned_with_the_fixed_mtime()
    {
        string output = Normalize(SdkImage(FirstPublish), Options);

        using var reader = new TarReader(System.IO.File.OpenRead(output));
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry() is TarEntry entry)
        {
            entries.Add(entry);
        }

        Assert.Equal(["blobs/", "blobs/sha256/"], entries.Take(2).Select(e => e.Name));
        Assert.Equal(["index.json", "oci-layout"], entries.TakeLast(2).Select(e => e.Name));
        Assert.Equal(entries.Select(e => e.Name).Order(StringComparer.Ordinal), entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal((0, 0, CommitTime), (e.Uid, e.Gid, e.ModificationTime)));
        Assert.All(entries, e => Assert.Equal(e.EntryType == TarEntryType.Directory ? Directory : File, e.Mode));
    }

    [Fact]
    public void A_layout_directory_holds_the_same_image_as_the_tar()
    {
        string input = SdkImage(FirstPublish);
        string directory = PathFor("layout");
        NormalizationResult fromTar = ImageNormalizer.Normalize(input, PathFor("out.tar"), Options);
        NormalizationResult fromDirectory = ImageNormalizer.Normalize(input, directory, Options with { Layout = NormalizedLayout.Directory });

        Assert.Equal(fromTar.ManifestDigest, fromDirectory.ManifestDigest);
        Assert.NotNull(ReadBack(directory).Get("app/App"));

        // Writing it again replaces the earlier layout.
        ImageNormalizer.Normalize(input, directory, Options with { Layout = NormalizedLayout.Directory });
        Assert.NotNull(ReadBack(directory).Get("app/App"));
    }

    [Theory]
    [InlineData(NormalizedLayout.Tar)]
    [InlineData(NormalizedLayout.Directory)]
    public void An_unchanged_rebuild_keeps_the_normalized_image_without_writing_it_again(NormalizedLayout layout)
    {
        string output = PathFor("out-" + layout);
        NormalizationOptions options = Options with { Layout = layout };
        NormalizationResult first = ImageNormalizer.Normalize(SdkImage(FirstPublish), output, options);
        string written = layout == NormalizedLayout.Tar ? output : Path.Combine(output, "index.json");
        DateTime writtenAt = System.IO.File.GetLastWriteTimeUtc(written);

        // The SDK writes other bytes on every publish (its timestamps); the normalized image is the same.
        NormalizationResult second = ImageNormalizer.Normalize(SdkImage(SecondPublish), output, options);

        Assert.False(first.ReusedOutput);
        Assert.True(second.ReusedOutput);
        Assert.Equal(first.ManifestDigest, second.ManifestDigest);
        Assert.Equal(writtenAt, System.IO.File.GetLastWriteTimeUtc(written));
        Assert.NotNull(ReadBack(output).Get("app/App"));
    }

    [Fact]
    public void An_unchanged_rebuild_is_recognised_from_its_inputs_without_opening_the_sdk_image()
    {
        string output = PathFor("out.tar");
        NormalizationResult first = ImageNormalizer.Normalize(SdkImage(FirstPublish), output, Options, inputsKey: "key-1");

        // The input does not even exist: the recorded inputs and the untouched output answer.
        NormalizationResult again = ImageNormalizer.Normalize(PathFor("never-written.tar"), output, Options, inputsKey: "key-1");

        Assert.True(again.ReusedOutput);
        Assert.Equal((first.ManifestDigest, first.ConfigDigest, first.AppLayerDigest), (again.ManifestDigest, again.ConfigDigest, again.AppLayerDigest));
    }

    [Fact]
    public void Recorded_inputs_do_not_vouch_for_an_output_changed_since_or_for_other_inputs()
    {
        string output = PathFor("out.tar");
        string input = SdkImage(FirstPublish);
        ImageNormalizer.Normalize(input, output, Options, inputsKey: "key-1");
        System.IO.File.SetLastWriteTimeUtc(output, DateTime.UtcNow.AddMinutes(-5));

        Assert.Throws<FileNotFoundException>(() => ImageNormalizer.Normalize(PathFor("never-written.tar"), output, Options, inputsKey: "key-1"));
        Assert.False(ImageNormalizer.Normalize(input, output, Options, inputsKey: "key-1").ReusedOutput);
        Assert.Throws<FileNotFoundException>(() => ImageNormalizer.Normalize(PathFor("never-written.tar"), output, Options, inputsKey: "key-2"));
    }

    [Fact]
    public void A_layout_folder_for_a_changed_app_takes_the_base_layers_over_from_the_earlier_layout()
    {
        string output = PathFor("layout");
        NormalizationOptions options = Options with { Layout = NormalizedLayout.Directory };
        ImageNormalizer.Normalize(SdkImage(FirstPublish), output, options);
        string baseLayer;
        using (IImageSource written = ImageSource.Open(output))
        {
            baseLayer = TestImageBuilder.BlobFile(output, written.Manifest.Layers[0].Digest);
        }

        DateTime marked = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        System.IO.File.SetLastWriteTimeUtc(baseLayer, marked);

        NormalizationResult changed = ImageNormalizer.Normalize(SdkImage(FirstPublish, l => l.File("app/new.txt", "new")), output, options);

        Assert.False(changed.ReusedOutput);
        Assert.Equal(marked, System.IO.File.GetLastWriteTimeUtc(baseLayer));
        Assert.NotNull(ReadBack(output).Get("app/new.txt"));
    }

    [Fact]
    public void A_normalized_image_changed_since_it_was_written_is_written_again()
    {
        string output = PathFor("out.tar");
        NormalizationResult first = ImageNormalizer.Normalize(SdkImage(FirstPublish), output, Options);
        using (var file = new FileStream(output, FileMode.Append))
        {
            file.Write(new byte[512]);
        }

        NormalizationResult second = ImageNormalizer.Normalize(SdkImage(SecondPublish), output, Options);

        Assert.False(second.ReusedOutput);
        Assert.Equal(first.ManifestDigest, second.ManifestDigest);
        Assert.NotNull(ReadBack(output).Get("app/App"));
    }

    [Fact]
    public void A_changed_app_is_written_even_when_an_earlier_image_is_there()
    {
        string output = PathFor("out.tar");
        NormalizationResult first = ImageNormalizer.Normalize(SdkImage(FirstPublish), output, Options);

        NormalizationResult second = ImageNormalizer.Normalize(SdkImage(FirstPublish, l => l.File("app/new.txt", "new")), output, Options);

        Assert.False(second.ReusedOutput);
        Assert.NotEqual(first.ManifestDigest, second.ManifestDigest);
        Assert.NotNull(ReadBack(output).Get("app/new.txt"));
    }

    [Fact]
    public void A_directory_that_is_not_a_layout_is_not_replaced()
    {
        string directory = System.IO.Directory.CreateDirectory(PathFor("precious")).FullName;
        System.IO.File.WriteAllText(Path.Combine(directory, "notes.txt"), "mine");

        Assert.Throws<IOException>(() => ImageNormalizer.Normalize(SdkImage(FirstPublish), directory, Options with { Layout = NormalizedLayout.Directory }));
        Assert.Equal("mine", System.IO.File.ReadAllText(Path.Combine(directory, "notes.txt")));
    }

    [Fact]
    public void A_docker_load_archive_becomes_an_oci_layout()
    {
        string input = Builder(FirstPublish).WriteDockerArchive(PathFor("docker.tar"));

        string output = Normalize(input, Options);

        using IImageSource image = ImageSource.Open(output);
        Assert.Equal(MediaTypes.DockerLayerGzip, image.Manifest.Layers[^1].MediaType);
        Assert.Equal(Executable, ImageFilesystem.Read(image).Get("app/run.sh")!.Mode);
    }

    [Fact]
    public void A_zstd_app_layer_is_written_as_gzip()
    {
        string input = Builder(FirstPublish, compression: LayerCompression.Zstd).WriteOciTar(PathFor("zstd.tar"));

        using IImageSource image = ImageSource.Open(Normalize(input, Options));

        Assert.Equal(MediaTypes.OciLayerGzip, image.Manifest.Layers[^1].MediaType);
        Assert.Equal(Executable, ImageFilesystem.Read(image).Get("app/App")!.Mode);
    }

    [Fact]
    public void A_tampered_app_layer_is_refused_and_nothing_is_written()
    {
        string input = Builder(FirstPublish).TamperWithBlob(2).WriteOciTar(PathFor("tampered.tar"));
        string output = PathFor("out.tar");

        ImageFormatException e = Assert.Throws<ImageFormatException>(() => ImageNormalizer.Normalize(input, output, Options));

        Assert.Equal("CH0022", e.Id);
        Assert.False(System.IO.File.Exists(output));
        Assert.Equal(["tampered.tar"], System.IO.Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(output)!).Select(Path.GetFileName).Where(n => n != "out.tar"));
    }

    [Fact]
    public void Writing_over_the_input_is_refused()
    {
        string input = SdkImage(FirstPublish);

        Assert.Throws<ArgumentException>(() => ImageNormalizer.Normalize(input, input, Options));
    }

    [Theory]
    [InlineData("1780000000", 1_780_000_000L)]
    [InlineData("0", 0L)]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("-5", null)]
    [InlineData("12.5", null)]
    [InlineData("soon", null)]
    public void SOURCE_DATE_EPOCH_is_read_as_whole_seconds(string? value, long? expected)
    {
        Assert.Equal(expected, NormalizationOptions.ParseSourceDateEpoch(value)?.ToUnixTimeSeconds());
    }

    [Fact]
    public void The_timestamp_defaults_to_the_unix_epoch_and_drops_fractions_of_a_second()
    {
        Assert.Equal(DateTimeOffset.UnixEpoch, new NormalizationOptions().Timestamp);
        Assert.Equal(FirstPublish.ToUnixTimeSeconds(), new NormalizationOptions { Timestamp = FirstPublish }.Timestamp.ToUnixTimeMilliseconds() / 1000);
        Assert.Equal(0, new NormalizationOptions { Timestamp = FirstPublish }.Timestamp.Millisecond);
    }

    [Fact]
    public void Every_platform_of_a_multi_platform_image_is_normalized_and_the_index_points_at_the_new_manifests()
    {
        string output = PathFor("multi.tar");
        NormalizationResult result = ImageNormalizer.Normalize(MultiPlatformSdkImage(FirstPublish), output, Options);

        Assert.Equal(["amd64", "arm64"], result.Platforms.Select(p => p.Architecture));
        Assert.Equal(result.Platforms.Select(p => p.ManifestDigest), ImageSource.ListImages(output).Select(d => d.Digest));
        Assert.Equal(result.ManifestDigest, (string?)IndexJson(output)["manifests"]![0]!["digest"]);
        Assert.Equal(["App.pdb", "appsettings.Development.json"], result.DroppedFiles.Select(d => d.RelativePath));
        foreach (NormalizedPlatformImage platform in result.Platforms)
        {
            using IImageSource image = ImageSource.Open(output, platform.ManifestDigest);
            Assert.Equal(platform.Architecture, image.Config.Architecture);
            ImageFilesystem filesystem = ImageFilesystem.Read(image);
            Assert.Null(filesystem.Get("app/App.pdb"));
            Assert.All(AppEntries(filesystem), e => Assert.Equal((0, 0, CommitTime), (e.Uid, e.Gid, e.ModificationTime)));
            Assert.Equal(File, filesystem.Get("app/App.dll")!.Mode);
        }
    }

    [Fact]
    public void A_multi_platform_image_published_twice_at_different_times_has_the_same_index_digest()
    {
        NormalizationResult first = ImageNormalizer.Normalize(MultiPlatformSdkImage(FirstPublish), PathFor("first.tar"), Options);
        NormalizationResult second = ImageNormalizer.Normalize(MultiPlatformSdkImage(SecondPublish), PathFor("second.tar"), Options);

        Assert.Equal(first.ManifestDigest, second.ManifestDigest);
        Assert.Equal(System.IO.File.ReadAllBytes(PathFor("first.tar")), System.IO.File.ReadAllBytes(PathFor("second.tar")));
    }

    [Fact]
    public void An_image_index_the_sdk_wrote_for_one_rid_stays_an_image_index()
    {
        string input = TestImageBuilder.WriteMultiPlatformOciDirectory(PathFor("one-rid"), Builder(FirstPublish));

        NormalizationResult result = ImageNormalizer.Normalize(input, PathFor("one-rid.tar"), Options);

        Assert.Equal("amd64", Assert.Single(result.Platforms).Architecture);
        Assert.NotEqual(result.Platforms[0].ManifestDigest, result.ManifestDigest);
        Assert.Equal(MediaTypes.OciIndex, (string?)IndexJson(PathFor("one-rid.tar"))["manifests"]![0]!["mediaType"]);
    }

    private string MultiPlatformSdkImage(DateTimeOffset publishTime) =>
        TestImageBuilder.WriteMultiPlatformOciDirectory(
            PathFor(Guid.NewGuid().ToString()),
            Builder(publishTime),
            Builder(publishTime).Configure(config => config with { Architecture = "arm64" }));

    /// <summary>
    /// An image as `dotnet publish -t:PublishContainer` writes it: two base layers, then the app layer with every entry
    /// 0755, owned by the container user and stamped with the publish time, listed in no particular order.
    /// </summary>
    private static TestImageBuilder Builder(DateTimeOffset publishTime, Action<LayerBuilder>? more = null, LayerCompression compression = LayerCompression.Gzip) =>
        new TestImageBuilder
        {
            Created = publishTime,
            History =
            [
                new HistoryEntry { Created = BaseTime, CreatedBy = "/bin/sh -c #(nop) ADD file:base in /" },
                new HistoryEntry { Created = BaseTime, CreatedBy = "RUN install dotnet" },
                new HistoryEntry { Created = publishTime, CreatedBy = ".NET SDK" },
                new HistoryEntry { Created = publishTime, CreatedBy = ".NET SDK labels", EmptyLayer = true },
            ],
            Labels = new Dictionary<string, string>
            {
                ["org.opencontainers.image.created"] = publishTime.ToString("O"),
                ["org.opencontainers.artifact.created"] = publishTime.ToString("O"),
                ["com.example.unrelated"] = "kept",
            },
            // The SDK's config may carry fields the model does not know; they must survive.
            ExtraConfigFields = new Dictionary<string, string> { ["x-unknown-field"] = "kept" },
            IndexAnnotations = new Dictionary<string, string>
            {
                ["org.opencontainers.image.ref.name"] = "1.0",
                ["io.containerd.image.name"] = "docker.io/library/app:1.0",
            },
        }
        .Layer(l => l.Directory("usr").Directory("usr/bin").File("usr/bin/tool", Elf, Executable))
        .Layer(l => l.File("usr/share/dotnet/dotnet", Elf, Executable).File("usr/share/dotnet/LICENSE.txt", "MIT"))
        .Layer(l =>
        {
            l.ModificationTime = publishTime;
            l.File("app/run.sh", "#!/bin/sh\nexec ./App\n", Executable, ContainerUser, ContainerUser)
                .Directory("app", Executable, ContainerUser, ContainerUser)
                .File("app/App", Elf, Executable, ContainerUser, ContainerUser)
                .File("app/App.dll", "MZ\x90\0", Executable, ContainerUser, ContainerUser)
                .File("app/App.pdb", "BSJB", Executable, ContainerUser, ContainerUser)
                .File("app/appsettings.json", "{}", Executable, ContainerUser, ContainerUser)
                .File("app/appsettings.Development.json", "{}", Executable, ContainerUser, ContainerUser)
                .Directory("app/lib", Executable, ContainerUser, ContainerUser)
                .File("app/lib/libnative.so", Elf, Executable, ContainerUser, ContainerUser)
                .Directory("app/tools", Executable, ContainerUser, ContainerUser)
                .File("app/tools/marked", "data", Executable, ContainerUser, ContainerUser)
                .File("app/setuid-helper", "not really", Modes.SetUid, ContainerUser, ContainerUser)
                .Symlink("app/current", "App.dll");
            more?.Invoke(l);
        }, compression);

    private string SdkImage(DateTimeOffset publishTime, Action<LayerBuilder>? more = null)
    {
        string path = PathFor(Guid.NewGuid() + ".tar");
        Builder(publishTime, more).WriteOciTar(path);
        return path;
    }

    private string Normalize(string input, NormalizationOptions options)
    {
        string output = PathFor(Guid.NewGuid() + "-normalized.tar");
        ImageNormalizer.Normalize(input, output, options);
        return output;
    }

    private static ImageFilesystem ReadBack(string output)
    {
        using IImageSource image = ImageSource.Open(output);
        return ImageFilesystem.Read(image);
    }

    private static IEnumerable<ImageEntry> AppEntries(ImageFilesystem filesystem) =>
        filesystem.Entries.Values.Where(e => e.Path == "app" || e.Path.StartsWith("app/", StringComparison.Ordinal)).OrderBy(e => e.Path, StringComparer.Ordinal);

    private static List<TarEntry> AppLayerTar(string output)
    {
        using IImageSource image = ImageSource.Open(output);
        using var tar = new GZipStream(image.OpenBlob(image.Manifest.Layers[^1]), CompressionMode.Decompress);
        using var reader = new TarReader(tar);
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry(copyData: true) is TarEntry entry)
        {
            entries.Add(entry);
        }

        return entries;
    }

    private static JsonObject IndexJson(string layoutTar)
    {
        using var reader = new TarReader(System.IO.File.OpenRead(layoutTar));
        while (reader.GetNextEntry() is TarEntry entry)
        {
            if (entry.Name == "index.json")
            {
                return JsonNode.Parse(entry.DataStream!)!.AsObject();
            }
        }

        throw new InvalidOperationException("No index.json.");
    }

    private static byte[] ReadAll(Stream stream)
    {
        using (stream)
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
    }
}
