using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Orchestrator.Context;

/// <summary>A declared name: a type, function, method or constant, with its 1-based line.</summary>
public sealed record Symbol(string Name, string Kind, int Line);

/// <summary>Declarations of a file: C# through Roslyn syntax trees, other languages through their common declaration forms.</summary>
public static partial class SymbolExtractor
{
    private static readonly Dictionary<string, Regex[]> Declarations = new(StringComparer.OrdinalIgnoreCase)
    {
        [".py"] = [PythonDeclaration()],
        [".js"] = [ScriptDeclaration()],
        [".jsx"] = [ScriptDeclaration()],
        [".mjs"] = [ScriptDeclaration()],
        [".ts"] = [ScriptDeclaration()],
        [".tsx"] = [ScriptDeclaration()],
        [".go"] = [GoDeclaration()],
        [".java"] = [JvmTypeDeclaration(), JavaMethodDeclaration()],
        [".kt"] = [JvmTypeDeclaration(), KotlinFunction()],
        [".rs"] = [RustDeclaration()],
        [".rb"] = [RubyDeclaration()],
        [".php"] = [JvmTypeDeclaration(), PhpFunction()],
    };

    public static List<Symbol> Extract(string path, string text)
    {
        var extension = Path.GetExtension(path);
        if (extension.Equals(".cs", StringComparison.OrdinalIgnoreCase))
        {
            return CSharp(text);
        }

        if (!Declarations.TryGetValue(extension, out var patterns))
        {
            return [];
        }

        var symbols = new List<Symbol>();
        foreach (var pattern in patterns)
        {
            foreach (Match match in pattern.Matches(text))
            {
                var line = 1 + text.AsSpan(0, match.Index).Count('\n');
                symbols.Add(new Symbol(match.Groups["name"].Value, match.Groups["kind"].Value.Trim(), line));
            }
        }

        return symbols.OrderBy(s => s.Line).ToList();
    }

    private static List<Symbol> CSharp(string text)
    {
        var root = CSharpSyntaxTree.ParseText(text).GetRoot();
        var symbols = new List<Symbol>();
        foreach (var node in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
        {
            (string? Name, string Kind) declared = node switch
            {
                TypeDeclarationSyntax type => (type.Identifier.Text, type.Keyword.Text),
                EnumDeclarationSyntax e => (e.Identifier.Text, "enum"),
                DelegateDeclarationSyntax d => (d.Identifier.Text, "delegate"),
                MethodDeclarationSyntax m => (m.Identifier.Text, "method"),
                PropertyDeclarationSyntax p => (p.Identifier.Text, "property"),
                ConstructorDeclarationSyntax => (null, ""),
                FieldDeclarationSyntax f when f.Modifiers.Any(SyntaxKind.ConstKeyword) =>
                    (f.Declaration.Variables.FirstOrDefault()?.Identifier.Text, "const"),
                _ => (null, ""),
            };
            if (declared.Name is { Length: > 0 } name)
            {
                symbols.Add(new Symbol(name, declared.Kind, node.GetLocation().GetLineSpan().StartLinePosition.Line + 1));
            }
        }

        return symbols;
    }

    [GeneratedRegex(@"^[ \t]*(?:async[ \t]+)?(?<kind>def|class)[ \t]+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex PythonDeclaration();

    [GeneratedRegex(@"^[ \t]*(?:export[ \t]+)?(?:default[ \t]+)?(?:declare[ \t]+)?(?:abstract[ \t]+)?(?:async[ \t]+)?(?<kind>function\*?|class|interface|type|enum|const|let)[ \t]+(?<name>[\w$]+)", RegexOptions.Multiline)]
    private static partial Regex ScriptDeclaration();

    [GeneratedRegex(@"^(?<kind>func|type)[ \t]+(?:\([^)]*\)[ \t]*)?(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex GoDeclaration();

    [GeneratedRegex(@"^[ \t]*(?:(?:public|private|protected|internal|abstract|final|sealed|static|data|open|enum|annotation)[ \t]+)*(?<kind>class|interface|enum|record|object|trait)[ \t]+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex JvmTypeDeclaration();

    [GeneratedRegex(@"^[ \t]+(?:(?:public|private|protected|static|final|abstract|synchronized)[ \t]+)+[\w<>\[\],.? ]+?[ \t]+(?<name>\w+)[ \t]*\((?<kind>)", RegexOptions.Multiline)]
    private static partial Regex JavaMethodDeclaration();

    [GeneratedRegex(@"^[ \t]*(?:(?:private|public|internal|override|suspend|inline)[ \t]+)*(?<kind>fun)[ \t]+(?:<[^>]+>[ \t]*)?(?:\w+\.)?(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex KotlinFunction();

    [GeneratedRegex(@"^[ \t]*(?:pub(?:\([\w:]+\))?[ \t]+)?(?:async[ \t]+)?(?:unsafe[ \t]+)?(?<kind>fn|struct|enum|trait|mod|type|const|static|union)[ \t]+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex RustDeclaration();

    [GeneratedRegex(@"^[ \t]*(?<kind>def|class|module)[ \t]+(?:self\.)?(?<name>[\w?!]+)", RegexOptions.Multiline)]
    private static partial Regex RubyDeclaration();

    [GeneratedRegex(@"^[ \t]*(?:(?:public|private|protected|static|final|abstract)[ \t]+)*(?<kind>function)[ \t]+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex PhpFunction();
}
