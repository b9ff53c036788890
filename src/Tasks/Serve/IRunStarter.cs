using System.Text.Json;
using Orchestrator.Runs;

namespace Orchestrator.Serve;

/// <summary>
/// How the server starts a run in this process: the host's own command line, with its checks, so that a run started
/// from the API is exactly the run the same flags would start.
/// </summary>
public interface IRunStarter
{
    /// <summary>The command line for a <c>POST /api/runs</c> body; a field it does not know or cannot take is a <see cref="BadFieldException"/>.</summary>
    IReadOnlyList<string> CommandLineFor(IReadOnlyDictionary<string, JsonElement> fields);

    /// <summary>The command line that goes on with the latest run.</summary>
    IReadOnlyList<string> ResumeCommandLine();

    /// <summary>Runs <paramref name="commandLine"/> to its end, its events to <paramref name="events"/>.</summary>
    Task<RunExit> RunAsync(IReadOnlyList<string> commandLine, IRunEvents events, TaskCancellations tasks, CancellationToken stopping);
}

/// <summary>A field of a request body that is wrong: 400, naming it.</summary>
public sealed class BadFieldException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
