using System.Text.RegularExpressions;

namespace Orchestrator.Context;

/// <summary>A declared name: a type, function, method or constant, with its 1-based line.</summary>
public sealed record Symbol(string Name, string Kind, int Line);

/// <summary>
/// Declarations of a file through each language's common declaration forms, line by line. C# is scanned the same way:
/// a Roslyn parse of every C# file costs far more than a scan of its lines, and ranking needs names and lines, not trees.
/// </summary>
public static partial class SymbolExtractor
{
    private static readonly Dictionary<string, Regex[]> Declarations = new(StringComparer.OrdinalIgnoreCase)
    {
        [".cs"] = [CSharpType(), CSharpMember()],
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

    /// <summary>The declarations of a file's text, made a string only for a language with declaration forms (the patterns need one).</summary>
    public static List<Symbol> Extract(string path, ReadOnlySpan<char> text) =>
        Declarations.ContainsKey(Path.GetExtension(path)) ? Extract(path, new string(text)) : [];

    public static List<Symbol> Extract(string path, string text)
    {
        var extension = Path.GetExtension(path);
        if (!Declarations.TryGetValue(extension, out var patterns))
        {
            return [];
        }

        var symbols = new List<Symbol>();
        foreach (var pattern in patterns)
        {
            var (counted, line) = (0, 1);
            foreach (Match match in pattern.Matches(text))
            {
                line += text.AsSpan(counted, match.Index - counted).Count('\n');
                counted = match.Index;
                symbols.Add(new Symbol(match.Groups["name"].Value, KindOf(match), line));
            }
        }

        return symbols.OrderBy(s => s.Line).ToList();
    }

    private static string KindOf(Match match) =>
        match.Groups["method"].Success ? "method" : match.Groups["property"].Success ? "property" : match.Groups["kind"].Value.Trim();

    private const string CSharpModifiers = @"(?>(?:(?:public|private|protected|internal|static|sealed|abstract|partial|readonly|unsafe|file|new|virtual|override|async|extern|required|ref)[ \t]+)";

    private const string CSharpTypeName = @"(?:[\w<>\[\],.?]|\([^()\n]*\))+";

    [GeneratedRegex(@"^[ \t]*(?:\[[^\]\n]*\][ \t]*)*" + CSharpModifiers + @"*)(?:(?<kind>class|struct|interface|record|enum)(?:[ \t]+(?:struct|class))?|(?<kind>delegate)[ \t]+" + CSharpTypeName + @")[ \t]+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex CSharpType();

    /// <summary>A member with a modifier: a method (name, then <c>(</c> or <c>&lt;</c>), a property (name, then <c>{</c> or <c>=&gt;</c>) or a constant.</summary>
    [GeneratedRegex(@"^[ \t]+(?:\[[^\]\n]*\][ \t]*)*" + CSharpModifiers + @"+)(?:(?<kind>const)[ \t]+" + CSharpTypeName + @"[ \t]+(?<name>\w+)[ \t]*=|(?!(?:class|struct|interface|record|enum|delegate|event|namespace|return|await|throw|yield|operator|implicit|explicit)\b)" + CSharpTypeName + @"(?:[ \t]+" + CSharpTypeName + @")*?[ \t]+(?<name>\w+)[ \t]*(?:(?<method>[(<])|(?<property>\{|=>|\r?\n[ \t]*\{)))", RegexOptions.Multiline)]
    private static partial Regex CSharpMember();

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
