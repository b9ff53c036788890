using Newtonsoft.Json;

namespace Orchestrator.State;

/// <summary>Reads and writes a run's state files in its <c>phase-state</c> folder, each written atomically.</summary>
public sealed class StateStore(string stateDirectory, string stateFileName, Func<string, string>? redact = null)
{
    public string Directory { get; } = Path.GetFullPath(stateDirectory);

    public string StatePath => Path.Combine(Directory, stateFileName);

    public bool HasSavedState => File.Exists(StatePath);

    /// <summary>Writes the phase's own file when given, then state.json, then an extra copy for --save-phase-state.</summary>
    public void Save(RunState state, string? phaseFile = null, PhaseResult? phase = null, string? extraCopy = null)
    {
        state.SavedAt = DateTime.UtcNow;
        if (phaseFile is not null && phase is not null)
        {
            WriteJson(phaseFile, phase, redact);
        }

        WriteJson(StatePath, state, redact);
        if (extraCopy is not null)
        {
            WriteJson(extraCopy, state, redact);
        }
    }

    /// <summary>A phase's own result file alone (phases carried into a new artifacts folder).</summary>
    public static void SavePhase(string phaseFile, PhaseResult phase, Func<string, string>? redact = null) => WriteJson(phaseFile, phase, redact);

    public RunState? LoadLatest() => HasSavedState ? Load(StatePath) : null;

    /// <summary>A saved state from its text; <paramref name="source"/> names where it came from in messages.</summary>
    public static RunState Parse(string text, string source)
    {
        try
        {
            var state = StateJson.Deserialize<RunState>(text) ?? throw new InputException($"{source}: state file is empty");
            return string.IsNullOrEmpty(state.RunId)
                ? throw new InputException($"{source}: not an orchestrator state file (no run_id)")
                : state;
        }
        catch (JsonException ex)
        {
            var where = ex is JsonReaderException { LineNumber: > 0 } reader ? $":{reader.LineNumber}" : "";
            throw new InputException($"{source}{where}: corrupt state file: {FirstSentence(ex.Message)}");
        }
    }

    /// <summary>Loads a saved state file; a missing or corrupt file is an input error naming the file and line.</summary>
    public static RunState Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"state file not found: {path}");
        }

        try
        {
            return Parse(File.ReadAllText(path), path);
        }
        catch (IOException ex)
        {
            throw new InputException($"{path}: cannot read the state file: {ex.Message}");
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    /// <summary>
    /// Every string in the saved JSON goes through <paramref name="redact"/> (secrets typed into task text) as it is
    /// written: the state is streamed to disk, never copied into a second tree first.
    /// </summary>
    private static void WriteJson(string path, object value, Func<string, string>? redact) =>
        AtomicFile.Write(path, writer =>
        {
            if (redact is null)
            {
                StateJson.Serializer.Serialize(writer, value);
                return;
            }

            using var json = new RedactingJsonWriter(writer, redact) { CloseOutput = false };
            StateJson.Serializer.Serialize(json, value);
            json.Flush();
        });

    private sealed class RedactingJsonWriter(TextWriter writer, Func<string, string> redact) : JsonTextWriter(writer)
    {
        public override void WriteValue(string? value) => base.WriteValue(value is null ? null : redact(value));
    }
}
