using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Orchestrator.State;

/// <summary>Reads and writes a run's state files in its <c>phase-state</c> folder, each written atomically.</summary>
public sealed class StateStore(string stateDirectory, string stateFileName, Func<string, string>? redact = null)
{
    /// <summary>A compact run's plan as loaded, saved once beside the state (which names it) instead of in every save.</summary>
    public const string SavedPlanFile = "plan.json";

    /// <summary>Plans of more tasks than this are saved compact (<see cref="Compact"/>).</summary>
    public const int CompactAbove = 1000;

    // Trailing text after the state is an error, as JsonConvert reads it.
    private static readonly JsonSerializer StateReader = JsonSerializer.Create(new JsonSerializerSettings(StateJson.Settings) { CheckAdditionalContent = true });

    private JToken? _planSaved;

    public string Directory { get; } = Path.GetFullPath(stateDirectory);

    public string StatePath => Path.Combine(Directory, stateFileName);

    public bool HasSavedState => File.Exists(StatePath);

    /// <summary>
    /// Write on one line, with the plan in <see cref="SavedPlanFile"/>: for large plans, whose state would otherwise be
    /// rewritten whole, plan included, at every save. The files read the same with jq.
    /// </summary>
    public bool Compact { get; init; }

    /// <summary>Writes the phase's own file when given, then state.json, then an extra copy for --save-phase-state.</summary>
    public void Save(RunState state, string? phaseFile = null, PhaseResult? phase = null, string? extraCopy = null)
    {
        state.SavedAt = DateTime.UtcNow;
        if (phaseFile is not null && phase is not null)
        {
            WriteJson(phaseFile, phase, redact, Compact);
        }

        var plan = state.Plan;
        if (Compact && plan is not null && !IsPointer(plan))
        {
            if (!ReferenceEquals(plan, _planSaved))
            {
                WriteJson(Path.Combine(Directory, SavedPlanFile), plan, redact, compact: true);
                _planSaved = plan;
            }

            state.Plan = new JObject { ["saved_in"] = SavedPlanFile };
        }

        try
        {
            WriteJson(StatePath, state, redact, Compact);
        }
        finally
        {
            state.Plan = plan;
        }

        if (extraCopy is not null)
        {
            WriteJson(extraCopy, state, redact, Compact);
        }
    }

    /// <summary>A phase's own result file alone (phases carried into a new artifacts folder).</summary>
    public static void SavePhase(string phaseFile, PhaseResult phase, Func<string, string>? redact = null) => WriteJson(phaseFile, phase, redact, compact: false);

    public RunState? LoadLatest() => HasSavedState ? Load(StatePath) : null;

    /// <summary>A saved state from its text; <paramref name="source"/> names where it came from in messages.</summary>
    public static RunState Parse(string text, string source) => Parse(new StringReader(text), source);

    private static RunState Parse(TextReader text, string source)
    {
        try
        {
            using var json = new JsonTextReader(text);
            var state = StateReader.Deserialize<RunState>(json) ?? throw new InputException($"{source}: state file is empty");
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
            using var text = new StreamReader(path);
            var state = Parse(text, path);
            if (state.Plan is { } plan && IsPointer(plan))
            {
                var planPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, SavedPlanFile);
                state.Plan = (string?)plan["saved_in"] == SavedPlanFile && File.Exists(planPath) ? ReadSavedPlan(planPath)
                    : throw new InputException($"{path}: its plan is saved in {plan["saved_in"]}, which is not there");
            }

            return state;
        }
        catch (IOException ex)
        {
            throw new InputException($"{path}: cannot read the state file: {ex.Message}");
        }
    }

    private static JToken ReadSavedPlan(string planPath)
    {
        using var json = new JsonTextReader(new StreamReader(planPath)) { DateParseHandling = DateParseHandling.None };
        json.Read();
        return SavedJson.Read(json);
    }

    private static bool IsPointer(JToken plan) => plan is JObject { } saved && saved["saved_in"] is not null;

    /// <summary>A phase's output as saved: compact text, redacted now, when <see cref="Compact"/>; a token tree otherwise.</summary>
    public JToken Snapshot(object output) => Compact ? StateJson.Raw(output, redact) : StateJson.ToToken(output);

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    /// <summary>
    /// Every string in the saved JSON goes through <paramref name="redact"/> (secrets typed into task text) as it is
    /// written: the state is streamed to disk, never copied into a second tree first.
    /// </summary>
    private static void WriteJson(string path, object value, Func<string, string>? redact, bool compact) =>
        AtomicFile.Write(path, writer =>
        {
            using var json = StateJson.Writer(writer, redact);
            (compact ? StateJson.CompactSerializer : StateJson.Serializer).Serialize(json, value);
            json.Flush();
        });
}
