namespace Orchestrator.Tests.Agents.Fakes;

/// <summary>
/// A stand-in agent CLI (python) for specs that need to see exactly what an adapter starts: it records its argv,
/// whether the secrets reached it and its TMPDIR, prints the given secret to stdout and stderr, writes the task's
/// file and answers in claude's or codex's output shape.
/// </summary>
public static class RecordingAgent
{
    public const string Script = """
        import json, os, sys
        record_dir = os.environ["FAKE_RECORD_DIR"]
        task = os.environ["ORCH_TASK_ID"]
        secret = os.environ.get("MY_SERVICE_API_KEY", "")
        with open(os.path.join(record_dir, task + ".json"), "w") as f:
            json.dump({"argv": sys.argv[1:], "has_secret": bool(secret), "tmpdir": os.environ.get("TMPDIR"), "cwd": os.getcwd()}, f)
        print("starting with key " + secret + " and token " + os.environ.get("GITHUB_TOKEN", ""), file=sys.stderr)
        with open(task + ".txt", "w") as f:
            f.write("done by " + task + "\n")
        if len(sys.argv) > 1 and sys.argv[1] == "exec":
            print(json.dumps({"type": "thread.started", "thread_id": "th-" + task}))
            print(json.dumps({"type": "item.completed", "item": {"type": "agent_message", "text": "ok " + secret}}))
            print(json.dumps({"type": "turn.completed", "usage": {"input_tokens": 10, "output_tokens": 2}}))
        else:
            print(json.dumps({"type": "result", "subtype": "success", "is_error": False, "result": "ok " + secret,
                              "session_id": "s-" + task, "num_turns": 1, "total_cost_usd": 0.25,
                              "usage": {"input_tokens": 100, "output_tokens": 10}}))
        """;

    public static string Write(string directory)
    {
        var path = Path.Combine(directory, "recording-agent.py");
        File.WriteAllText(path, "#!/usr/bin/env python3\n" + Script.Replace("\r", ""));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
