using Cake.Cli;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Scripting;
using Cake.Core.Tooling;
using Spectre.Console;

namespace Orchestrator.Cli;

/// <summary>Cake's real engine and context, put together by hand the way Frosting's container does.</summary>
internal sealed class CakeHost
{
    private CakeHost(IConsole console, ICakeLog log, ICakeContext context, ICakeEngine engine)
    {
        Console = console;
        Log = log;
        Context = context;
        Engine = engine;
    }

    public IConsole Console { get; }

    public ICakeLog Log { get; }

    public ICakeContext Context { get; }

    public ICakeEngine Engine { get; }

    /// <param name="liveConsole">The live view's console, which prints Cake's lines above it; null for none.</param>
    public static CakeHost Create(Verbosity verbosity, bool logToStandardError, HostIO io, IConsole? liveConsole = null)
    {
        var environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());
        IConsole console = liveConsole is not null ? liveConsole
            : logToStandardError ? new PlainConsole(io.Error, io.Error)
            : io.Interactive ? new CakeConsole(environment)
            : new PlainConsole(io.Output, io.Error);
        var log = new CakeBuildLog(console, verbosity);
        var fileSystem = new FileSystem();
        var globber = new Globber(fileSystem, environment);
        var configuration = new CakeConfiguration(new Dictionary<string, string>());
        var tools = new ToolLocator(
            environment, new ToolRepository(environment), new ToolResolutionStrategy(fileSystem, environment, globber, configuration, log));
        var data = new CakeDataService();
        var context = new CakeContext(
            fileSystem,
            environment,
            globber,
            log,
            new CakeArguments(Array.Empty<KeyValuePair<string, string>>().ToLookup(p => p.Key, p => p.Value)),
            new ProcessRunner(fileSystem, environment, log, tools, configuration),
            new WindowsRegistry(),
            tools,
            data,
            configuration,
            new ToolInstaller(environment, tools, configuration, log, []),
            new NoServices());
        return new CakeHost(console, log, context, new CakeEngine(data, log));
    }

    /// <summary>The script host for the mode asked for: run, dry run, task tree or task descriptions.</summary>
    public ScriptHost ScriptHostFor(HostOptions options, HostIO io)
    {
        if (options.Tree)
        {
            return new TreeScriptHost(Engine, Context, Console);
        }

        if (options.Description)
        {
            var ansi = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(options.Json ? io.Error : io.Output),
            });
            return new DescriptionScriptHost(Engine, Context, ansi);
        }

        if (options.DryRun)
        {
            return new DryRunScriptHost(Engine, Context, Log);
        }

        var printer = new CakeReportPrinter(Console, Context);
        return new BuildScriptHost(Engine, new DefaultExecutionStrategy(Log, printer), Context, printer, Context.Configuration, Log);
    }

    private sealed class NoServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
