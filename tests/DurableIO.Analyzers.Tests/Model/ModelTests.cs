using System.Collections.Immutable;
using System.Linq;
using DurableIO.Analyzers.Model;
using DurableIO.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace DurableIO.Analyzers.Tests.Model;

/// <summary>
/// The shared model, operation by operation: what the rules of every family rely on. Each test builds the model of
/// one method named <c>M</c> and compares a compact trace: <c>Kind(target-or-path)</c> per operation.
/// </summary>
public class ModelTests
{
    internal static ImmutableArray<FileModel> Bodies(string source, string method = "M")
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create(
            "ModelTest", new[] { tree, CSharpSyntaxTree.ParseText(DurableRuntimeStubs.Source) }, TestReferences.Net80Assemblies,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var semanticModel = compilation.GetSemanticModel(tree);
        var declaration = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == method);
        var operation = semanticModel.GetOperation(declaration)!;
        var analysis = DurabilityAnalysis.GetOrCreate(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty))!;
        return analysis.GetModels(operation, semanticModel.GetDeclaredSymbol(declaration), default).Bodies;
    }

    internal static FileModel Body(string source, string method = "M") => Assert.Single(Bodies(source, method));

    internal static string Trace(FileModel model) => string.Join(" ", model.Operations.Select(Describe));

    private static string Describe(FileOperation op)
    {
        var what = op.Target is not null ? op.Target.DisplayName : op.Path is not null ? op.Path.Key : "?";
        return op.Kind switch
        {
            FileOperationKind.Rename => $"Rename({op.Path?.Key}->{op.Destination?.Key})",
            _ => $"{op.Kind}({what})",
        };
    }

    private static string Class(string body, string members = "") => @"
using System;
using System.IO;
using System.IO.Compression;
using System.Threading.Tasks;
using System.Runtime.InteropServices;
using DurableIO;

class C
{
    " + members + @"
    void M(string path, byte[] data, Stream input)
    {
" + body + @"
    }
}";

    [Fact]
    public void Using_block_closes_the_stream_after_its_body()
    {
        var model = Body(Class(@"
        using (var fs = new FileStream(path, FileMode.Create))
        {
            fs.Write(data, 0, data.Length);
            fs.Flush(true);
        }
        File.Move(path, path + "".x"");"));
        Assert.Equal("Open(fs) Write(fs) FlushToDisk(fs) Close(fs) Rename($path@169->cat($path@169,\".x\"))", Trace(model).Replace(PathKey(model), "$path@169"));
        var fs = model.Entities.Single(e => e.Symbol?.Name == "fs");
        Assert.True(fs.IsFullyVisible);
        Assert.Equal(2, fs.Mode);
        Assert.Equal(3, fs.Access);
        Assert.True(fs.MayCreate);
    }

    private static string PathKey(FileModel model) =>
        model.Operations.Select(o => o.Path).First(p => p is { Kind: PathValueKind.Symbol })!.Key;

    [Fact]
    public void Using_declaration_closes_at_the_end_of_its_block_in_reverse_order()
    {
        var model = Body(Class(@"
        using var fs = File.Open(path, FileMode.Append);
        using var w = new StreamWriter(fs);
        w.WriteLine(""x"");
        w.Flush();"));
        Assert.Equal("Open(fs) Wrap(w) Write(w) Flush(w) Close(w) Close(fs) Close(fs)", Trace(model));
        var w = model.Entities.Single(e => e.Symbol?.Name == "w");
        Assert.True(w.IsBuffering);
        Assert.Equal("fs", w.Inner!.Symbol!.Name);
        Assert.Same(w.Root, w.Inner);
        Assert.Equal(2, w.Root.Access); // Append → Write
    }

    [Fact]
    public void FileStreamOptions_in_an_object_initializer_and_in_a_local()
    {
        var model = Body(Class(@"
        var a = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough });
        var options = new FileStreamOptions { Access = FileAccess.Read };
        var b = new FileStream(path, options);
        var c = File.OpenRead(path);
        a.Dispose(); b.Dispose(); c.Dispose();"));
        var a = model.Entities.Single(e => e.Symbol?.Name == "a");
        Assert.Equal(1, a.Mode);
        Assert.True(a.IsWriteThrough);
        Assert.False(a.IsReadOnly);
        var b = model.Entities.Single(e => e.Symbol?.Name == "b");
        Assert.True(b.IsReadOnly);
        Assert.Equal(3, b.Mode);
        Assert.False(b.MayCreate);
        Assert.True(model.Entities.Single(e => e.Symbol?.Name == "c").IsReadOnly);
    }

    [Fact]
    public void Loop_and_try_context_of_each_operation()
    {
        var model = Body(Class(@"
        using (var fs = File.OpenWrite(path))
        {
            for (int i = 0; i < 3; i++)
            {
                fs.WriteByte(1);
                try
                {
                    fs.Flush(true);
                }
                catch (IOException)
                {
                }
            }
        }"));
        var write = model.OfKind(FileOperationKind.Write).Single();
        var flush = model.OfKind(FileOperationKind.FlushToDisk).Single();
        Assert.Single(write.Loops);
        Assert.Same(write.InnermostLoop, flush.InnermostLoop);
        Assert.Empty(write.TryRegions);
        var region = Assert.Single(flush.TryRegions);
        Assert.Equal(TryRegionKind.Try, region.Kind);
        Assert.Single(region.Try.Catches);
        var open = model.OfKind(FileOperationKind.Open).Single();
        Assert.Empty(open.Loops);
    }

    [Fact]
    public void Wrapper_chain_leaveOpen_and_BaseStream()
    {
        var model = Body(Class(@"
        var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        var gz = new GZipStream(fs, CompressionLevel.Fastest, leaveOpen: true);
        var bw = new BinaryWriter(gz);
        bw.Write(42);
        bw.Dispose();
        ((FileStream)((GZipStream)bw.BaseStream).BaseStream).Flush(true);
        fs.Dispose();"));
        Assert.Equal("Open(fs) Wrap(gz) Wrap(bw) Write(bw) Close(bw) Close(gz) FlushToDisk(fs) Close(fs)", Trace(model));
        var bw = model.Entities.Single(e => e.Symbol?.Name == "bw");
        Assert.False(bw.IsBuffering);
        Assert.True(bw.Inner!.IsBuffering);
        Assert.True(bw.Inner.LeavesInnerOpen);
        Assert.Equal(3, bw.Chain().Count());
    }

    [Fact]
    public void CryptoStream_FlushFinalBlock_is_a_flush_and_AutoFlush_is_recorded_on_the_writer()
    {
        var model = Body(Class(@"
        var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        var crypto = new System.Security.Cryptography.CryptoStream(fs, System.Security.Cryptography.Aes.Create().CreateEncryptor(), System.Security.Cryptography.CryptoStreamMode.Write, leaveOpen: true);
        crypto.Write(data, 0, data.Length);
        crypto.FlushFinalBlock();
        var initialized = new StreamWriter(fs, leaveOpen: true) { AutoFlush = true };
        var assigned = new StreamWriter(fs, leaveOpen: true);
        assigned.AutoFlush = data.Length > 0;
        var off = new StreamWriter(fs, leaveOpen: true) { AutoFlush = false };
        var plain = new StreamWriter(fs);"));
        Assert.Equal("Open(fs) Wrap(crypto) Write(crypto) Flush(crypto) Wrap(initialized) Wrap(assigned) Wrap(off) Wrap(plain)", Trace(model));
        Assert.True(model.Entities.Single(e => e.Symbol?.Name == "initialized").AutoFlush);
        Assert.True(model.Entities.Single(e => e.Symbol?.Name == "assigned").AutoFlush);
        Assert.False(model.Entities.Single(e => e.Symbol?.Name == "off").AutoFlush);
        Assert.False(model.Entities.Single(e => e.Symbol?.Name == "plain").AutoFlush);
    }

    [Fact]
    public void Escapes_make_a_stream_not_fully_visible()
    {
        var model = Body(Class(@"
        var fs = File.Create(path);
        var kept = File.Create(path + ""2"");
        Keep(fs);
        kept.Dispose();", "static void Keep(Stream s) { }"));
        Assert.False(model.Entities.Single(e => e.Symbol?.Name == "fs").IsFullyVisible);
        Assert.True(model.Entities.Single(e => e.Symbol?.Name == "kept").IsFullyVisible);
        Assert.Contains("Escape(fs)", Trace(model));
    }

    [Fact]
    public void Returned_and_captured_streams_escape_and_lambdas_are_separate_bodies()
    {
        var bodies = Bodies(Class(@"
        var fs = File.Create(path);
        Action flush = () => fs.Flush(true);
        flush();"));
        Assert.Equal(2, bodies.Length);
        Assert.False(bodies[0].Entities.Single(e => e.Symbol?.Name == "fs").IsFullyVisible);
        Assert.True(bodies[1].IsNested);
        var flush = Assert.Single(bodies[1].Operations);
        Assert.Equal(FileOperationKind.FlushToDisk, flush.Kind);
        Assert.Equal("fs", flush.Target!.DisplayName);
        Assert.Equal(FileEntityOrigin.Unknown, flush.Target.Origin);
        Assert.False(flush.Target.IsFullyVisible);
    }

    [Fact]
    public void Parameters_are_linked_but_not_created_here()
    {
        var model = Body(Class(@"
        input.Write(data, 0, data.Length);
        input.Flush();"));
        var input = Assert.Single(model.Entities);
        Assert.Equal(FileEntityOrigin.Parameter, input.Origin);
        Assert.False(input.IsFullyVisible);
        Assert.Equal("Write(input) Flush(input)", Trace(model));
    }

    [Fact]
    public void Simple_path_expressions_are_equal_when_they_name_the_same_file()
    {
        var model = Body(Class(@"
        var tmp = path + "".tmp"";
        File.WriteAllText(tmp, ""a"");
        File.WriteAllText($""{path}.tmp"", ""b"");
        File.WriteAllText(string.Concat(path, "".tmp""), ""c"");
        File.WriteAllText(Path.ChangeExtension(path, "".tmp""), ""d"");
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(path), ""x""), ""e"");
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(path), input.ReadByte().ToString()), ""f"");"));
        var paths = model.OfKind(FileOperationKind.Write).Select(w => w.Path!).ToList();
        Assert.Equal(paths[0], paths[1]);
        Assert.Equal(paths[0], paths[2]);
        Assert.NotEqual(paths[0], paths[3]);
        Assert.Equal(paths[0].Directory, paths[3].Directory);
        Assert.Equal(paths[0].Directory, paths[4].Directory);
        Assert.False(paths[5].IsFullyKnown);
        Assert.False(paths[5].Equals(paths[5]));
        Assert.Equal(paths[0].Directory, paths[5].Directory);
        Assert.True(paths[4].Directory.IsDirectory);
    }

    [Fact]
    public void FileStream_Name_is_the_path_it_was_opened_on()
    {
        var model = Body(Class(@"
        using (var fs = new FileStream(path + "".log"", FileMode.Append))
        {
            DurableDirectory.Sync(Path.GetDirectoryName(fs.Name));
        }
        File.Delete(path + "".log"");"));
        var fs = model.Entities.Single(e => e.Symbol?.Name == "fs");
        Assert.Equal(fs.Path!.Directory, model.OfKind(FileOperationKind.DirectorySync).Single().Path);
        Assert.Equal(fs.Path, model.OfKind(FileOperationKind.Delete).Single().Path);
    }

    [Fact]
    public void Flush_false_is_an_explicit_choice_and_Flush_variable_is_a_maybe()
    {
        var model = Body(Class(@"
        using (var fs = File.Create(path))
        {
            fs.Flush(false);
            fs.Flush(data.Length > 0);
        }"));
        var flush = model.OfKind(FileOperationKind.Flush).Single();
        Assert.True(flush.IsExplicitNoDisk);
        Assert.Equal(FlushToDiskSource.FileStreamFlushVariable, model.OfKind(FileOperationKind.FlushToDisk).Single().Source);
    }

    [Fact]
    public void PInvoke_open_fsync_of_a_directory_is_a_directory_sync_and_LibraryImport_counts()
    {
        var model = Body(Class(@"
        int fd = open(Path.GetDirectoryName(path), 0);
        fsync(fd);
        close(fd);
        using (var fs = File.Create(path))
        {
            fdatasync((int)fs.SafeFileHandle.DangerousGetHandle());
        }", @"
    [DllImport(""libc"")] static extern int open(string path, int flags);
    [DllImport(""libc"")] static extern int fsync(int fd);
    [DllImport(""libc"")] static extern int close(int fd);
    [DllImport(""libc"", EntryPoint = ""fdatasync"")] static extern int fdatasync(int fd);"));
        Assert.Equal("Open(fd) DirectorySync(dir($path)) Close(fd) Open(fs) FlushToDisk(fs) Close(fs)", Trace(model).Replace(PathKey(model), "$path"));
        Assert.Equal(FlushToDiskSource.PInvoke, model.OfKind(FileOperationKind.DirectorySync).Single().Source);
    }

    [Fact]
    public void LibraryImport_fsync_counts()
    {
        var model = Body(@"
using System.IO;
using System.Runtime.InteropServices;

partial class C
{
    [LibraryImport(""libc"", SetLastError = true)]
    private static partial int fsync(int fd);

    // What the LibraryImport generator would write.
    private static partial int fsync(int fd) { return 0; }

    void M(string path)
    {
        using (var fs = File.Create(path))
        {
            fsync((int)fs.SafeFileHandle.DangerousGetHandle());
        }
    }
}");
        Assert.Equal("Open(fs) FlushToDisk(fs) Close(fs)", Trace(model));
        Assert.Equal(FlushToDiskSource.PInvoke, model.OfKind(FileOperationKind.FlushToDisk).Single().Source);
    }

    [Fact]
    public void A_body_that_only_hands_strings_to_unknown_code_has_no_model()
    {
        Assert.Empty(Bodies(Class(@"
        Log(path);", "static void Log(string message) { }")));
    }

    [Theory]
    [InlineData("M:N.T.Sync(System.IO.FileStream)", "Sync")]
    [InlineData("M:N.T.Sync``1(``0)", "Sync")]
    [InlineData("M:Sync", "Sync")]
    [InlineData("M:N.T.SyncAll", "SyncAll")]
    public void Configured_method_names_are_parsed_from_documentation_ids(string id, string name)
    {
        Assert.Equal(name, ConfiguredMethods.NameOf(id));
    }

    [Fact]
    public void DurableIO_runtime_is_recognised_by_metadata_name()
    {
        var model = Body(Class(@"
        DurableFile.WriteAllText(path, ""x"");
        using (var fs = File.Create(path + ""2""))
        {
            fs.FlushToDisk();
        }
        DurableDirectory.Sync(Path.GetDirectoryName(path));"));
        var kinds = model.Operations.Select(o => o.Kind).ToList();
        Assert.Equal(
            new[]
            {
                FileOperationKind.Write, FileOperationKind.FlushToDisk, FileOperationKind.DirectorySync,
                FileOperationKind.Open, FileOperationKind.FlushToDisk, FileOperationKind.Close, FileOperationKind.DirectorySync,
            },
            kinds);
        Assert.All(model.Operations.Where(o => o.Kind is FileOperationKind.FlushToDisk or FileOperationKind.DirectorySync), o => Assert.Equal(FlushToDiskSource.DurableApi, o.Source));
    }

    [Fact]
    public void Helper_summary_is_one_level_deep()
    {
        var model = Body(Class(@"
        using (var fs = File.Create(path))
        {
            Direct(fs);
            Indirect(fs);
        }", @"
    static void Direct(FileStream s) { s.Flush(true); }
    static void Indirect(FileStream s) { Direct(s); }"));
        Assert.Equal("Open(fs) FlushToDisk(fs) Escape(fs) Close(fs)", Trace(model));
        Assert.Equal(FlushToDiskSource.Helper, model.OfKind(FileOperationKind.FlushToDisk).Single().Source);
    }

    [Fact]
    public void A_helper_is_summarised_only_where_its_effects_can_matter()
    {
        const string helpers = @"
    public static void Publish(string from, string to) { File.Move(from, to); }
    public static void SaveAsync(string directory) { DurableDirectory.Sync(directory); }
    public static void SyncFolder(string directory) { DurableDirectory.Sync(directory); }
    static void PublishPrivately(string from, string to) { File.Move(from, to); }
    static void SavePrivately(string directory) { DurableDirectory.Sync(directory); }
    static void Rotate() { File.Move(""a.log"", ""a.1.log""); }
    static void Keep(Stream s) { ((FileStream)s).Flush(true); }";
        static FileOperationKind[] Kinds(string body, string helpers) => Body(Class(body, helpers)).Operations.Select(o => o.Kind).ToArray();

        // A public method first in the body, given no stream, named for neither flushing nor syncing: an unknown call (its paths escape).
        Assert.Equal(
            new[] { FileOperationKind.Escape, FileOperationKind.Escape, FileOperationKind.Escape, FileOperationKind.Write },
            Kinds(@"Publish(path, path + "".bak""); SaveAsync(path); File.WriteAllText(path, ""x"");", helpers));
        Assert.Equal(new[] { FileOperationKind.Write, FileOperationKind.Rename }, Kinds(@"File.WriteAllText(path, ""x""); Publish(path, path + "".bak"");", helpers));
        Assert.Equal(new[] { FileOperationKind.DirectorySync, FileOperationKind.Write }, Kinds(@"SyncFolder(path); File.WriteAllText(path, ""x"");", helpers));
        Assert.Equal(new[] { FileOperationKind.FlushToDisk }, Kinds("Keep(input);", helpers));

        // A private helper that takes a path is summarised wherever it is called: its rename and its sync are the caller's story
        // even before anything else happens to a file (a later write, the callee-side IsTemporaryInEveryCaller of another helper).
        Assert.Equal(
            new[] { FileOperationKind.Rename, FileOperationKind.DirectorySync, FileOperationKind.Write },
            Kinds(@"PublishPrivately(path, path + "".bak""); SavePrivately(path); File.WriteAllText(path, ""x"");", helpers));
        Assert.True(Body(Class(@"PublishPrivately(path, path + "".bak""); File.WriteAllText(path, ""x"");", helpers)).Operations[0].IsInHelper);

        // A private helper whose signature takes no path and returns no stream, first in the body: not summarised (no operation).
        Assert.Equal(new[] { FileOperationKind.Write }, Kinds(@"Rotate(); File.WriteAllText(path, ""x"");", helpers));
        Assert.Equal(new[] { FileOperationKind.Write, FileOperationKind.Rename }, Kinds(@"File.WriteAllText(path, ""x""); Rotate();", helpers));
    }

    [Theory]
    [InlineData("FlushAll", true)]
    [InlineData("fsync", true)]
    [InlineData("SyncDirectory", true)]
    [InlineData("ResyncAsync", true)]
    [InlineData("SaveAsync", false)]
    [InlineData("Async", false)]
    [InlineData("Commit", false)]
    public void A_helper_name_says_it_flushes_or_syncs(string name, bool says) =>
        Assert.Equal(says, DurableIO.Analyzers.Model.FileApiNames.SaysFlushOrSync(name));

    [Fact]
    public void Writers_over_memory_are_not_files_and_BCL_serializers_write()
    {
        var model = Body(Class(@"
        var ms = new MemoryStream();
        var w = new StreamWriter(ms);
        w.Write(1);
        using (var fs = File.Create(path))
        {
            System.Text.Json.JsonSerializer.Serialize(fs, data);
        }"));
        Assert.False(model.Entities.Single(e => e.Symbol?.Name == "w").IsFile);
        Assert.Equal("Open(ms) Wrap(w) Write(w) Open(fs) Write(fs) Close(fs)", Trace(model));
    }

    [Fact]
    public void Renames_record_overwrite_and_replace()
    {
        var model = Body(Class(@"
        File.Move(path, path + "".a"");
        File.Move(path, path + "".b"", true);
        File.Move(path, path + "".c"", data.Length > 0);
        File.Replace(path, path + "".d"", null);
        new FileInfo(path).MoveTo(path + "".e"", overwrite: true);"));
        var renames = model.OfKind(FileOperationKind.Rename).ToList();
        Assert.Equal(new bool?[] { false, true, null, true, true }, renames.Select(r => r.Overwrites).ToArray());
        Assert.True(renames[3].IsReplace);
        Assert.Equal(renames[0].Path, renames[4].Path);
    }

    [Fact]
    public void A_random_file_name_is_a_known_unique_name_in_the_directory_it_is_combined_with()
    {
        var model = Body(Class(@"
        var a = Path.Combine(Path.GetDirectoryName(path), Path.GetRandomFileName());
        var b = path + ""."" + Path.GetRandomFileName() + "".tmp"";
        File.WriteAllText(a, """");
        File.Move(a, path);
        File.WriteAllText(b, """");
        File.Move(b, path);
        File.Move(Path.GetRandomFileName(), Path.GetRandomFileName());"));
        var renames = model.OfKind(FileOperationKind.Rename).ToList();
        var target = renames[0].Destination!;
        Assert.True(renames[0].Path!.IsFullyKnown);
        Assert.True(renames[0].Path!.Equals(model.OfKind(FileOperationKind.Write).First().Path));
        Assert.Equal(target.Directory, renames[0].Path!.Directory);
        Assert.True(renames[1].Path!.IsFullyKnown);
        Assert.Equal(target.Directory, renames[1].Path!.Directory);
        Assert.False(renames[0].Path!.Equals(renames[1].Path));
        Assert.Equal(PathValueKind.RandomName, renames[2].Path!.Kind);
        Assert.False(renames[2].Path!.Equals(renames[2].Destination));
    }

    [Fact]
    public void A_new_Guid_in_a_name_is_a_random_name_formatted_or_not_directly_or_through_a_local()
    {
        var model = Body(Class(@"
        var id = Guid.NewGuid();
        var a = path + ""."" + Guid.NewGuid().ToString(""N"") + "".tmp"";
        var b = $""{path}.{Guid.NewGuid():N}.tmp"";
        var c = $""{path}.{id}.tmp"";
        var d = path + ""."" + id.ToString(""D"") + "".tmp"";
        var fixedId = Guid.Empty;
        var e = $""{path}.{fixedId:N}.tmp"";
        var f = path + ""."" + Guid.NewGuid().ToString(""N"")[..8] + "".tmp"";
        var g = path + ""."" + Path.GetRandomFileName().Substring(0, 8) + "".tmp"";
        File.Move(a, path);
        File.Move(b, path);
        File.Move(c, path);
        File.Move(d, path);
        File.Move(e, path);
        File.Move(f, path);
        File.Move(g, path);"));
        var renames = model.OfKind(FileOperationKind.Rename).ToList();
        var target = renames[0].Destination!;
        foreach (var rename in renames.Take(4).Concat(renames.Skip(5)))
        {
            Assert.True(rename.Path!.IsFullyKnown, rename.Path.Key);
            Assert.Equal(target.Directory, rename.Path.Directory);
        }

        Assert.False(renames[0].Path!.Equals(renames[1].Path));
        Assert.True(renames[2].Path!.Equals(renames[3].Path)); // the same Guid: the same name
        Assert.False(renames[4].Path!.IsFullyKnown); // a formatted Guid that is not new: unknown, as before
    }
}
