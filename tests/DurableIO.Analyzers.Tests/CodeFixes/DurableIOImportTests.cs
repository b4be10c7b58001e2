using DurableIO.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace DurableIO.Analyzers.Tests.CodeFixes;

public sealed class DurableIOImportTests
{
    [Fact]
    public void File_without_usings_gets_the_directive_after_its_header_and_a_blank_line()
    {
        Assert.Equal(
            "// Copyright header\nusing DurableIO;\n\nclass C { }\n",
            AddTo("// Copyright header\nclass C { }\n"));
    }

    [Fact]
    public void Directive_is_inserted_in_sorted_order_with_System_first()
    {
        Assert.Equal(
            "using System;\nusing System.IO;\nusing DurableIO;\nusing Microsoft.Win32;\n\nclass C { }\n",
            AddTo("using System;\nusing System.IO;\nusing Microsoft.Win32;\n\nclass C { }\n"));
    }

    [Fact]
    public void Header_stays_on_top_when_the_directive_sorts_first()
    {
        Assert.Equal(
            "// header\nusing DurableIO;\nusing Zeta;\n\nclass C { }\n",
            AddTo("// header\nusing Zeta;\n\nclass C { }\n"));
    }

    [Fact]
    public void Usings_inside_a_block_namespace_get_the_directive_there()
    {
        Assert.Equal(
            "namespace App\n{\n    using System.IO;\n    using DurableIO;\n\n    class C { }\n}\n",
            AddTo("namespace App\n{\n    using System.IO;\n\n    class C { }\n}\n"));
    }

    [Fact]
    public void Usings_inside_a_file_scoped_namespace_get_the_directive_there()
    {
        Assert.Equal(
            "namespace App;\n\nusing System.IO;\nusing DurableIO;\n\nclass C { }\n",
            AddTo("namespace App;\n\nusing System.IO;\n\nclass C { }\n"));
    }

    [Theory]
    [InlineData("using DurableIO;\n\nclass C { }\n")]
    [InlineData("namespace App\n{\n    using DurableIO;\n\n    class C { }\n}\n")]
    public void Existing_directive_is_not_duplicated(string source)
    {
        Assert.Equal(source, AddTo(source));
    }

    [Fact]
    public void Global_using_elsewhere_in_the_compilation_is_enough()
    {
        const string source = "class C { }\n";
        Assert.Equal(source, AddTo(source, "global using DurableIO;\n"));
    }

    [Fact]
    public void Crlf_files_keep_crlf()
    {
        Assert.Equal(
            "using System;\r\nusing DurableIO;\r\n\r\nclass C { }\r\n",
            AddTo("using System;\r\n\r\nclass C { }\r\n"));
    }

    private static string AddTo(string source, string? otherFile = null)
    {
        var tree = CSharpSyntaxTree.ParseText(source);
        var trees = otherFile is null ? new[] { tree } : new[] { tree, CSharpSyntaxTree.ParseText(otherFile) };
        var compilation = CSharpCompilation.Create("test", trees);
        return DurableIOImport.AddIfMissing((CompilationUnitSyntax)tree.GetRoot(), compilation).ToFullString();
    }
}
