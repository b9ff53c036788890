using Orchestrator.CakeAdapter;
using Orchestrator.Cli;

// The thin host build.sh runs (and the .NET tool): the real console, Ctrl-C and SIGTERM as a graceful stop, and the command line.
using var stop = new StopSignals();
return await CommandLineHost.RunAsync(args, HostIO.FromConsole(), stop.Token);
