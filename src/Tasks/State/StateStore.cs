using Newtonsoft.Json;
using Orchestrator.Phases;

namespace Orchestrator.State;

/// <summary>Reads and writes the phase-state artifacts under <c>&lt;artifacts&gt;/phase-state</c>.</summary>
public sealed class StateStore(string artifactsPath)
{
    public const string StateFileName = "state.json";

    public string Directory { get; } = Path.Combine(Path.GetFullPath(artifactsPath), "phase-state");

    public string StatePath => Path.Combine(Directory, StateFileName);

    public string PhasePath(PhaseId id) => Path.Combine(Directory, id.StateFileName());

    public bool HasSavedState => File.Exists(StatePath);

    /// <summary>Writes state.json, the phase's own file when given, and an extra copy for --save-phase-state.</summary>
    public void Save(RunState state, PhaseResult? phase = null, string? extraCopy = null)
    {
        state.SavedAt = DateTime.UtcNow;
        if (phase is not null)
        {
            WriteJson(PhasePath(PhaseIds.FromStateName(phase.Phase)), phase, durable: true);
        }

        WriteJson(StatePath, state, durable: true);
        if (extraCopy is not null)
        {
            WriteJson(extraCopy, state, durable: true);
        }
    }

    /// <summary>state.json while a phase is in progress; not flushed to disk, as the journal is the record of it.</summary>
    public void SaveProgress(RunState state)
    {
        state.SavedAt = DateTime.UtcNow;
        WriteJson(StatePath, state, durable: false);
    }

    public RunState? LoadLatest() => HasSavedState ? Load(StatePath) : null;

    /// <summary>Loads a saved state file; a missing or corrupt file is an input error naming the file and line.</summary>
    public static RunState Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"state file not found: {path}");
        }

        try
        {
            var state = StateJson.Deserialize<RunState>(File.ReadAllText(path))
                ?? throw new InputException($"{path}: state file is empty");
            if (string.IsNullOrEmpty(state.RunId))
            {
                throw new InputException($"{path}: not an orchestrator state file (no run_id)");
            }

            foreach (var phase in state.PhasesExecuted)
            {
                _ = PhaseIds.FromStateName(phase.Phase);
            }

            return state;
        }
        catch (JsonException ex)
        {
            var where = ex is JsonReaderException { LineNumber: > 0 } reader ? $":{reader.LineNumber}" : "";
            throw new InputException($"{path}{where}: corrupt state file: {FirstSentence(ex.Message)}");
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static void WriteJson(string path, object value, bool durable) =>
        AtomicFile.Write(path, writer => StateJson.Serializer.Serialize(writer, value), durable);
}
