using Orchestrator;
using Orchestrator.Build;

return await OrchestratorHost.RunAsync(args, Console.In.ReadToEnd);
